using Dokuei.Dicom;
using Dokuei.Dicom.Network;
using Dokuei.Dicom.Network.Dimse;
using Dokuei.Server.Storage;
using Microsoft.EntityFrameworkCore;

namespace Dokuei.Server.Features.Dimse;

/// <summary>
/// C-MOVE and C-GET SCP on the association's facility. The instances are the stored blobs themselves, sent in their
/// stored transfer syntax whenever the receiver accepts it (the library converts only to another uncompressed syntax
/// when it does not), so what arrives is byte for byte what was stored. A move goes only to an AE title of the same
/// facility that has a host and port (<c>facility add --ae-port</c>); any other destination is A801.
/// </summary>
internal sealed class DimseRetrieve(DimseAssociations associations, IBlobStore blobs, ILogger<DimseRetrieve> logger) : IMoveHandler, IGetHandler
{
    public async ValueTask<DicomMoveResult> MoveAsync(DicomMoveRequest request, CancellationToken cancellationToken)
    {
        var patientRoot = (request.Command.AffectedSopClassUid ?? request.Context.AbstractSyntax) == DicomUids.PatientRootQueryRetrieveInformationModelMove;
        await using var session = await OpenAsync(request.Association, cancellationToken).ConfigureAwait(false);
        var title = request.Destination.Trim();
        var destination = await session.Db.FacilityAeTitles.AsNoTracking()
            .Where(a => a.FacilityId == session.FacilityId && a.AeTitle == title && a.Host != null && a.Port != null)
            .OrderBy(a => a.Id).FirstOrDefaultAsync(cancellationToken).ConfigureAwait(false);
        if (destination == null)
        {
            DimseLog.UnknownDestination(logger, request.Association.CallingAeTitle, session.FacilityId, title);
            await session.AuditAsync("dimse.move", "destination", title, DimseFind.Describe(request.Identifier), Audit.AuditEvent.Failure, "move destination unknown").ConfigureAwait(false);
            return new DicomMoveResult(null, []);
        }

        var instances = await ResolveAsync(session, request.Identifier, patientRoot, "dimse.move", $"to {title}", cancellationToken).ConfigureAwait(false);
        DimseLog.Retrieve(logger, "C-MOVE", request.Association.CallingAeTitle, session.FacilityId, instances.Count, title);
        return new DicomMoveResult(new DicomMoveDestination(destination.Host!, destination.Port!.Value, title), instances);
    }

    public async ValueTask<IReadOnlyList<DicomStoreSource>> GetAsync(DicomGetRequest request, CancellationToken cancellationToken)
    {
        var patientRoot = (request.Command.AffectedSopClassUid ?? request.Context.AbstractSyntax) == DicomUids.PatientRootQueryRetrieveInformationModelGet;
        await using var session = await OpenAsync(request.Association, cancellationToken).ConfigureAwait(false);
        var instances = await ResolveAsync(session, request.Identifier, patientRoot, "dimse.get", null, cancellationToken).ConfigureAwait(false);
        DimseLog.Retrieve(logger, "C-GET", request.Association.CallingAeTitle, session.FacilityId, instances.Count, request.Association.CallingAeTitle);
        return instances;
    }

    private async Task<DimseSession> OpenAsync(DicomAssociation association, CancellationToken cancellationToken) =>
        await associations.OpenAsync(association, cancellationToken).ConfigureAwait(false)
            ?? throw new DimseFailureException(new DimseStatus(0x0124), "not authorized: the calling AE title no longer belongs to a facility");

    /// <summary>The stored files the identifier names; its level's unique key is required (PS3.4 C.4.2.2.1).</summary>
    private async Task<IReadOnlyList<DicomStoreSource>> ResolveAsync(DimseSession session, DicomDataset identifier, bool patientRoot, string action, string? detail, CancellationToken cancellationToken)
    {
        var level = DimseQuery.ParseLevel(identifier, patientRoot);
        var unique = level switch
        {
            QueryLevel.Patient => DicomTag.PatientID,
            QueryLevel.Study => DicomTag.StudyInstanceUID,
            QueryLevel.Series => DicomTag.SeriesInstanceUID,
            _ => DicomTag.SOPInstanceUID,
        };
        if (identifier.GetString(unique) is not { Length: > 0 } key || key.Contains('*', StringComparison.Ordinal) || key.Contains('?', StringComparison.Ordinal))
        {
            throw new DimseFailureException(DimseStatus.DataSetDoesNotMatchSopClass, $"a retrieve at the {level} level needs {DicomDictionary.GetKeyword(unique)} without wildcards");
        }

        var rows = await DimseQuery.From(session.Db, identifier, level).InstancesToRetrieveAsync(cancellationToken).ConfigureAwait(false);
        await session.AuditAsync(action, level.ToString().ToLowerInvariant(), key, $"{DimseFind.Describe(identifier)}; {rows.Count} instances{(detail == null ? "" : " " + detail)}").ConfigureAwait(false);
        var sources = new List<DicomStoreSource>(rows.Count);
        foreach (var row in rows)
        {
            var path = blobs.LocalPath(row.BlobKey) ?? throw new DimseFailureException(DimseStatus.ProcessingFailure, "the blob store has no local files to send from");
            sources.Add(await DicomStoreSource.FromFileAsync(path, cancellationToken).ConfigureAwait(false));
        }

        return sources;
    }
}
