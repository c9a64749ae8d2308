namespace Dokuei.Server.Features.Dimse;

/// <summary>Log messages of the DIMSE listener (event ids 1200-1299).</summary>
internal static partial class DimseLog
{
    [LoggerMessage(1200, LogLevel.Information, "DIMSE listening on {EndPoint} as {AeTitle}")]
    public static partial void Listening(ILogger logger, string endPoint, string aeTitle);

    [LoggerMessage(1201, LogLevel.Information, "Association from {CallingAeTitle} at {Remote} accepted for facility {FacilityId}")]
    public static partial void Accepted(ILogger logger, string callingAeTitle, string? remote, long facilityId);

    [LoggerMessage(1202, LogLevel.Warning, "Association from {CallingAeTitle} at {Remote} to {CalledAeTitle} rejected: {Reason}")]
    public static partial void Rejected(ILogger logger, string callingAeTitle, string? remote, string calledAeTitle, string reason);

    [LoggerMessage(1203, LogLevel.Warning, "C-STORE of {SopInstanceUid} from {CallingAeTitle} failed with {Status:X4}: {Comment}")]
    public static partial void StoreFailed(ILogger logger, string sopInstanceUid, string callingAeTitle, ushort status, string comment);

    [LoggerMessage(1204, LogLevel.Error, "C-STORE of {SopInstanceUid} from {CallingAeTitle} could not be stored")]
    public static partial void StoreError(ILogger logger, string sopInstanceUid, string callingAeTitle, Exception exception);

    [LoggerMessage(1205, LogLevel.Information, "{Operation} from {CallingAeTitle} (facility {FacilityId}): {Count} instances to {Destination}")]
    public static partial void Retrieve(ILogger logger, string operation, string callingAeTitle, long facilityId, int count, string destination);

    [LoggerMessage(1206, LogLevel.Warning, "C-MOVE from {CallingAeTitle} (facility {FacilityId}) to unknown destination {Destination}")]
    public static partial void UnknownDestination(ILogger logger, string callingAeTitle, long facilityId, string destination);

    [LoggerMessage(1207, LogLevel.Information, "Storage commitment {TransactionUid} from {CallingAeTitle}: {Committed} committed, {Failed} failed")]
    public static partial void Commitment(ILogger logger, string transactionUid, string callingAeTitle, int committed, int failed);
}
