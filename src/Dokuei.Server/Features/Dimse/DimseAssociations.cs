using System.Net;
using System.Runtime.CompilerServices;
using Dokuei.Dicom.Network;
using Dokuei.Dicom.Network.Pdus;
using Dokuei.Server.Data;
using Dokuei.Server.Features.Audit;
using Dokuei.Server.Features.Facilities;
using Dokuei.Server.Hosting;

namespace Dokuei.Server.Features.Dimse;

/// <summary>
/// Who an association is: the called AE title must be ours and the calling AE title, from the peer's address, must belong
/// to a facility (<see cref="FacilityDirectory"/>); otherwise A-ASSOCIATE-RJ, logged and audited. The facility is the
/// association's tenant: every request on it opens a <see cref="DimseSession"/> whose database sees that facility only.
/// </summary>
internal sealed class DimseAssociations(IServiceScopeFactory scopes, DokueiSettings settings, TimeProvider time, ILogger<DimseAssociations> logger) : IAssociationHandler
{
    /// <summary>The audit role of a DICOM application entity (as opposed to people and HTTP credentials).</summary>
    public const string AeRole = "dicom-ae";

    // Resolved once per association on its first request; dropped with the association.
    private readonly ConditionalWeakTable<DicomAssociation, StrongBox<long>> _facilities = [];

    public async ValueTask<AAssociateRj?> ValidateAsync(AAssociateRq request, EndPoint? remoteEndPoint, CancellationToken cancellationToken)
    {
        var address = (remoteEndPoint as IPEndPoint)?.Address;
        var remote = address?.ToString();
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<DokueiDbContext>();
        byte reason;
        string why;
        if (!string.Equals(request.CalledAeTitle.Trim(), settings.AeTitle, StringComparison.Ordinal))
        {
            (reason, why) = (AAssociateRj.CalledAeTitleNotRecognized, $"called AE title {request.CalledAeTitle.Trim()} is not {settings.AeTitle}");
        }
        else if (address == null || await FacilityDirectory.FindByCallingAeAsync(db, request.CallingAeTitle, address, cancellationToken).ConfigureAwait(false) is not { } facilityId)
        {
            (reason, why) = (AAssociateRj.CallingAeTitleNotRecognized, $"calling AE title {request.CallingAeTitle.Trim()} is not a facility's AE from this address");
        }
        else
        {
            DimseLog.Accepted(logger, request.CallingAeTitle.Trim(), remote, facilityId);
            await AuditLog.AppendAsync(db, time, Record("dimse.associate", request.CallingAeTitle, remote, facilityId), cancellationToken).ConfigureAwait(false);
            return null;
        }

        DimseLog.Rejected(logger, request.CallingAeTitle.Trim(), remote, request.CalledAeTitle.Trim(), why);
        await AuditLog.AppendAsync(db, time, Record("dimse.associate", request.CallingAeTitle, remote, null) with { Outcome = AuditEvent.Failure, Reason = why }, cancellationToken).ConfigureAwait(false);
        return new AAssociateRj(AAssociateRjResult.RejectedPermanent, AAssociateRjSource.ServiceUser, reason);
    }

    /// <summary>
    /// A database scope for one request of an accepted association, seeing only its facility; null if the calling AE title
    /// no longer belongs to a facility (removed while the association was open).
    /// </summary>
    public async Task<DimseSession?> OpenAsync(DicomAssociation association, CancellationToken cancellationToken)
    {
        var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<DokueiDbContext>();
        long facilityId;
        if (_facilities.TryGetValue(association, out var known))
        {
            facilityId = known.Value;
        }
        else if ((association.RemoteEndPoint as IPEndPoint)?.Address is { } address
            && await FacilityDirectory.FindByCallingAeAsync(db, association.CallingAeTitle, address, cancellationToken).ConfigureAwait(false) is { } found)
        {
            facilityId = found;
            _facilities.AddOrUpdate(association, new StrongBox<long>(found));
        }
        else
        {
            await scope.DisposeAsync().ConfigureAwait(false);
            return null;
        }

        db.Scope.SetFacility(facilityId);
        return new DimseSession(scope, db, facilityId, association, time);
    }

    /// <summary>An audit record of something an AE did.</summary>
    public static AuditRecord Record(string action, string callingAeTitle, string? remoteAddress, long? facilityId) => new()
    {
        Action = action,
        ActorId = "ae:" + callingAeTitle.Trim(),
        ActorName = callingAeTitle.Trim(),
        ActorRole = AeRole,
        FacilityId = facilityId,
        RemoteAddress = remoteAddress,
    };
}

/// <summary>One request's view of the database: scoped to the association's facility.</summary>
internal sealed class DimseSession(AsyncServiceScope scope, DokueiDbContext db, long facilityId, DicomAssociation association, TimeProvider time) : IAsyncDisposable
{
    public DokueiDbContext Db { get; } = db;

    public long FacilityId { get; } = facilityId;

    public IServiceProvider Services => scope.ServiceProvider;

    /// <summary>Appends an audit event about this association's request.</summary>
    public Task AuditAsync(string action, string? subjectType, string? subjectId, string? detail, string outcome = AuditEvent.Success, string? reason = null)
    {
        var record = DimseAssociations.Record(action, association.CallingAeTitle, (association.RemoteEndPoint as IPEndPoint)?.Address.ToString(), FacilityId) with
        {
            SubjectType = subjectType,
            SubjectId = subjectId,
            Detail = detail is { Length: > 1000 } ? detail[..1000] : detail,
            Outcome = outcome,
            Reason = reason,
        };

        // Written even if the peer went away meanwhile: the access happened.
        return AuditLog.AppendAsync(Db, time, record, CancellationToken.None);
    }

    public ValueTask DisposeAsync() => scope.DisposeAsync();
}
