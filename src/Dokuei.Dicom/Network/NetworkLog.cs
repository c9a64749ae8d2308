using System.Net;
using Microsoft.Extensions.Logging;

namespace Dokuei.Dicom.Network;

/// <summary>Every log message of the networking stack, with stable event ids (3000-3099).</summary>
internal static partial class NetworkLog
{
    [LoggerMessage(3000, LogLevel.Information, "Association {Id} from {Remote}: {Calling} -> {Called} accepted, {Accepted}/{Proposed} presentation contexts")]
    public static partial void AssociationAccepted(this ILogger logger, int id, EndPoint? remote, string calling, string called, int accepted, int proposed);

    [LoggerMessage(3001, LogLevel.Warning, "Association {Id} from {Remote}: {Calling} -> {Called} rejected: {Reason}")]
    public static partial void AssociationRejected(this ILogger logger, int id, EndPoint? remote, string calling, string called, string reason);

    [LoggerMessage(3002, LogLevel.Warning, "Association {Id} with {Remote}: invalid PDU, sending A-ABORT: {Reason}")]
    public static partial void InvalidPdu(this ILogger logger, int id, EndPoint? remote, string reason);

    [LoggerMessage(3003, LogLevel.Warning, "Association {Id} with {Remote}: aborted by peer ({Source}, {Reason})")]
    public static partial void AbortReceived(this ILogger logger, int id, EndPoint? remote, string source, string reason);

    [LoggerMessage(3004, LogLevel.Warning, "Association {Id} with {Remote}: transport closed in {State}")]
    public static partial void TransportClosed(this ILogger logger, int id, EndPoint? remote, AssociationState state);

    [LoggerMessage(3005, LogLevel.Warning, "Association {Id} with {Remote}: {Timer} timer expired in {State}, closing")]
    public static partial void TimerExpired(this ILogger logger, int id, EndPoint? remote, string timer, AssociationState state);

    [LoggerMessage(3006, LogLevel.Debug, "Association {Id}: {Event} in {From} -> {Action} -> {To}")]
    public static partial void Transition(this ILogger logger, int id, AssociationEvent @event, AssociationState from, AssociationAction action, AssociationState to);

    [LoggerMessage(3007, LogLevel.Information, "Association {Id} with {Remote} released")]
    public static partial void Released(this ILogger logger, int id, EndPoint? remote);

    [LoggerMessage(3008, LogLevel.Warning, "Connection from {Remote} refused: {Active} associations already open (limit {Limit})")]
    public static partial void TooManyAssociations(this ILogger logger, EndPoint? remote, int active, int limit);

    [LoggerMessage(3009, LogLevel.Error, "Association {Id}: handler for {Command} failed")]
    public static partial void HandlerFailed(this ILogger logger, int id, string command, Exception exception);

    [LoggerMessage(3010, LogLevel.Warning, "Association {Id} with {Remote}: aborting: {Reason}")]
    public static partial void Aborting(this ILogger logger, int id, EndPoint? remote, string reason);

    [LoggerMessage(3011, LogLevel.Warning, "Connection from {Remote} failed before an association was established: {Reason}")]
    public static partial void ConnectionFailed(this ILogger logger, EndPoint? remote, string reason);

    [LoggerMessage(3012, LogLevel.Warning, "TLS handshake with {Remote} failed: {Reason}")]
    public static partial void TlsFailed(this ILogger logger, EndPoint? remote, string reason);

    [LoggerMessage(3013, LogLevel.Information, "Storage commitment {Transaction} reported to {AeTitle} at {Host}:{Port} on a new association: {Status}")]
    public static partial void CommitmentReported(this ILogger logger, string transaction, string aeTitle, string host, int port, string status);

    [LoggerMessage(3014, LogLevel.Warning, "Storage commitment {Transaction}: reporting to {AeTitle} at {Host}:{Port} failed: {Reason}")]
    public static partial void CommitmentReportFailed(this ILogger logger, string transaction, string aeTitle, string host, int port, string reason);
}
