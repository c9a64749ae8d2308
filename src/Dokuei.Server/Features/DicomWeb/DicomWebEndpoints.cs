using Dokuei.Server.Data;
using Dokuei.Server.Features.Archive;
using Dokuei.Server.Features.Audit;
using Dokuei.Server.Features.Facilities;
using Dokuei.Server.Features.Identity;
using Dokuei.Server.Hosting;
using Dokuei.Server.Storage;

namespace Dokuei.Server.Features.DicomWeb;

/// <summary>The DICOMweb routes under <c>/dicomweb</c> and WADO-URI at <c>/wado</c>; every one needs a bearer token.</summary>
internal static class DicomWebEndpoints
{
    public static void MapDicomWeb(this IEndpointRouteBuilder app)
    {
        // Audit first, so that what the access rules refuse is audited too.
        var web = app.MapGroup(DicomWebUris.Root).RequireAuthorization(AccessRules.PatientData).RequireCors(DokueiApp.CorsPolicy).AddEndpointFilter(DicomWebAudit.RecordAsync)
            .AddEndpointFilter(AccessRules.RestrictRadiologistAsync);
        web.MapPost("/studies", (HttpContext c, ArchiveIngest ingest) => StowRs.StoreAsync(c, ingest));
        web.MapPost("/studies/{study}", (HttpContext c, ArchiveIngest ingest, string study) => StowRs.StoreAsync(c, ingest, study));

        web.MapGet("/studies", (HttpContext c, DokueiDbContext db) => QidoRs.StudiesAsync(c, db));
        web.MapGet("/series", (HttpContext c, DokueiDbContext db) => QidoRs.SeriesAsync(c, db));
        web.MapGet("/instances", (HttpContext c, DokueiDbContext db) => QidoRs.InstancesAsync(c, db));
        web.MapGet("/studies/{study}/series", (HttpContext c, DokueiDbContext db, string study) => QidoRs.SeriesAsync(c, db, study));
        web.MapGet("/studies/{study}/instances", (HttpContext c, DokueiDbContext db, string study) => QidoRs.InstancesAsync(c, db, study));
        web.MapGet("/studies/{study}/series/{series}/instances", (HttpContext c, DokueiDbContext db, string study, string series) => QidoRs.InstancesAsync(c, db, study, series));

        web.MapGet("/studies/{study}", (HttpContext c, DokueiDbContext db, IBlobStore blobs, string study) => WadoRs.RetrieveAsync(c, db, blobs, study));
        web.MapGet("/studies/{study}/series/{series}", (HttpContext c, DokueiDbContext db, IBlobStore blobs, string study, string series) => WadoRs.RetrieveAsync(c, db, blobs, study, series));
        web.MapGet("/studies/{study}/series/{series}/instances/{instance}", (HttpContext c, DokueiDbContext db, IBlobStore blobs, string study, string series, string instance) =>
            WadoRs.RetrieveAsync(c, db, blobs, study, series, instance));
        web.MapGet("/studies/{study}/metadata", (HttpContext c, DokueiDbContext db, string study) => WadoRs.MetadataAsync(c, db, study));
        web.MapGet("/studies/{study}/series/{series}/metadata", (HttpContext c, DokueiDbContext db, string study, string series) => WadoRs.MetadataAsync(c, db, study, series));
        web.MapGet("/studies/{study}/series/{series}/instances/{instance}/metadata", (HttpContext c, DokueiDbContext db, string study, string series, string instance) =>
            WadoRs.MetadataAsync(c, db, study, series, instance));
        web.MapGet("/studies/{study}/series/{series}/instances/{instance}/frames/{frames}", (HttpContext c, DokueiDbContext db, IBlobStore blobs, string study, string series, string instance, string frames) =>
            WadoRs.FramesAsync(c, db, blobs, study, series, instance, frames));
        web.MapGet("/studies/{study}/series/{series}/instances/{instance}/bulkdata/{**path}", (HttpContext c, DokueiDbContext db, IBlobStore blobs, string study, string series, string instance, string path) =>
            WadoRs.BulkDataAsync(c, db, blobs, study, series, instance, path));

        web.MapDelete("/studies/{study}", StudyDeletion.DeleteAsync).RequireAuthorization(TokenAuthenticationHandler.OperatorPolicy);

        app.MapGet("/wado", (HttpContext c, DokueiDbContext db, IBlobStore blobs) => WadoUri.GetAsync(c, db, blobs)).RequireAuthorization(AccessRules.PatientData).RequireCors(DokueiApp.CorsPolicy)
            .AddEndpointFilter(DicomWebAudit.RecordAsync).AddEndpointFilter(AccessRules.RestrictRadiologistAsync);
    }
}
