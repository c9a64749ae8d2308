using System.Net;
using System.Net.Http.Headers;
using System.Security.Cryptography;
using System.Text;
using Dokuei.Server.Features.Identity;
using Dokuei.Server.Tests.Features.Notifications;
using Dokuei.Server.Tests.TestSupport;
using Microsoft.EntityFrameworkCore;

namespace Dokuei.Server.Tests.Features.Requests;

/// <summary>Files attached to requests (checked, hashed, scoped to the facility, downloads audited) and suggested priors.</summary>
public sealed class AttachmentsApiTests
{
    public static TheoryData<string> Providers => TestDatabases.Providers;

    private static byte[] Pdf() => Encoding.ASCII.GetBytes("%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n");

    private static async Task<HttpResponseMessage> UploadAsync(ApiServer server, TestUser user, Guid id, byte[] content, string contentType, string query = "?kind=RequestForm&name=%E4%BE%9D%E9%A0%BC%E7%A5%A8.pdf")
    {
        using var message = new HttpRequestMessage(HttpMethod.Post, $"/api/requests/{id}/attachments{query}");
        message.Content = new ByteArrayContent(content);
        message.Content.Headers.ContentType = MediaTypeHeaderValue.Parse(contentType);
        return await server.ClientOf(user).SendAsync(message);
    }

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task The_facility_attaches_a_pdf_that_readers_of_the_request_download_intact_and_every_download_is_audited(string provider)
    {
        await using var world = await WorkflowWorld.StartAsync(provider);
        var server = world.Server;
        var id = await world.FileAsync(await world.StoreStudyAsync("ACC-A1"));
        var pdf = Pdf();

        using var uploaded = await UploadAsync(server, world.Clerk, id, pdf, "application/pdf");
        var attachment = await ApiServer.ReadAsync(uploaded, HttpStatusCode.Created);
        var attachmentId = attachment.GetProperty("id").GetGuid();
        // Its blob's commit is settled once the row is saved (nothing pending is left for the next start to check).
        Assert.Empty(Directory.EnumerateFiles(Path.Combine(server.DataDirectory, "blobs", ".tmp"), "*.pending"));
        Assert.Equal(("依頼票.pdf", "RequestForm", pdf.Length, Convert.ToHexStringLower(SHA256.HashData(pdf))),
            (attachment.GetProperty("fileName").GetString(), attachment.GetProperty("kind").GetString(), attachment.GetProperty("length").GetInt32(), attachment.GetProperty("sha256").GetString()));

        Assert.Equal(1, (await server.GetAsync(world.Coordinator, $"/api/requests/{id}/attachments")).GetArrayLength());
        using (var download = await server.SendAsync(world.Coordinator, HttpMethod.Get, $"/api/requests/{id}/attachments/{attachmentId}"))
        {
            Assert.Equal(HttpStatusCode.OK, download.StatusCode);
            Assert.Equal("application/pdf", download.Content.Headers.ContentType!.MediaType);
            Assert.Equal(pdf, await download.Content.ReadAsByteArrayAsync());
        }

        // Another facility and an unassigned reader do not see it.
        var (other, otherStow) = await server.AddFacilityAsync("港病院");
        otherStow.Dispose();
        var foreign = await server.NewUserAsync("FacilityStaff", other);
        var stranger = await server.NewUserAsync("Radiologist", null);
        foreach (var user in new[] { foreign, stranger })
        {
            using var hidden = await server.SendAsync(user, HttpMethod.Get, $"/api/requests/{id}/attachments/{attachmentId}");
            Assert.Equal(HttpStatusCode.NotFound, hidden.StatusCode);
        }

        using (var upload = await UploadAsync(server, foreign, id, pdf, "application/pdf"))
        {
            Assert.Equal(HttpStatusCode.NotFound, upload.StatusCode);
        }

        var (scope, db) = world.Db();
        using (scope)
        {
            var downloads = await db.AuditEvents.Where(e => e.Action == "requests.attachments.read" && e.Detail == $"attachmentId={attachmentId}").OrderBy(e => e.Id).ToListAsync();
            Assert.Equal([(world.Coordinator.Id.ToString(), "success"), (foreign.Id.ToString(), "failure"), (stranger.Id.ToString(), "failure")],
                downloads.Select(e => (e.ActorId!, e.Outcome)));
            Assert.All(downloads, e => Assert.Equal((id.ToString(), (long?)world.Facility), (e.SubjectId, e.FacilityId)));
        }
    }

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task A_file_of_another_type_or_whose_content_is_not_its_type_or_too_large_is_refused_and_nothing_is_kept(string provider)
    {
        await using var world = await WorkflowWorld.StartAsync(provider);
        var server = world.Server;
        var id = await world.FileAsync(await world.StoreStudyAsync("ACC-A2"));

        using (var html = await UploadAsync(server, world.Clerk, id, Encoding.UTF8.GetBytes("<html></html>"), "text/html"))
        {
            Assert.Equal(HttpStatusCode.UnsupportedMediaType, html.StatusCode);
        }

        using (var disguised = await UploadAsync(server, world.Clerk, id, Encoding.UTF8.GetBytes("MZ not a pdf"), "application/pdf"))
        {
            Assert.Equal(HttpStatusCode.UnsupportedMediaType, disguised.StatusCode);
            Assert.Contains("attachment.content_mismatch", await disguised.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        }

        var large = new byte[(20 * 1024 * 1024) + 1];
        Pdf().CopyTo(large, 0);
        using (var tooLarge = await UploadAsync(server, world.Clerk, id, large, "application/pdf"))
        {
            Assert.Equal(HttpStatusCode.RequestEntityTooLarge, tooLarge.StatusCode);
        }

        using (var unnamed = await UploadAsync(server, world.Clerk, id, Pdf(), "application/pdf", "?kind=Other"))
        {
            Assert.Equal(HttpStatusCode.UnprocessableEntity, unnamed.StatusCode);
        }

        using (var byReader = await UploadAsync(server, world.Reader, id, Pdf(), "application/pdf"))
        {
            Assert.Equal(HttpStatusCode.Forbidden, byReader.StatusCode);
        }

        Assert.Equal(0, (await server.GetAsync(world.Clerk, $"/api/requests/{id}/attachments")).GetArrayLength());
    }

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task Earlier_studies_of_the_same_patient_are_suggested_and_the_chosen_ones_become_priors(string provider)
    {
        await using var world = await WorkflowWorld.StartAsync(provider);
        var server = world.Server;
        var older = await world.StoreStudyAsync("ACC-P1", "SYNTH-7", "20220110");
        var old = await world.StoreStudyAsync("ACC-P2", "SYNTH-7", "20230615");
        await world.StoreStudyAsync("ACC-P3", "SYNTH-8", "20230101");
        var current = await world.StoreStudyAsync("ACC-P4", "SYNTH-7", "20241201");
        using var filed = await server.SendAsync(world.Clerk, HttpMethod.Post, "/api/requests", new { Mode = "Single", ServiceMenu = "24-365", StudyInstanceUid = current, Modality = "CT" });
        var id = (await ApiServer.ReadAsync(filed, HttpStatusCode.Created)).GetProperty("id").GetGuid();
        var offered = filed.Headers.GetValues("Link").Single();
        Assert.Equal($"</api/requests/{id}/prior-suggestions>; rel=\"prior-suggestions\"", offered);

        var suggestions = await server.GetAsync(world.Clerk, offered[1..offered.IndexOf('>', StringComparison.Ordinal)]);
        Assert.Equal([old, older], suggestions.EnumerateArray().Select(s => s.GetProperty("studyInstanceUid").GetString()));
        Assert.Equal(("20230615", "CT", false), (suggestions[0].GetProperty("studyDate").GetString(), suggestions[0].GetProperty("modalities").GetString(), suggestions[0].GetProperty("chosen").GetBoolean()));

        var request = await server.EditAsync(world.Clerk, id, HttpMethod.Put, $"/api/requests/{id}/priors", new { StudyInstanceUids = new[] { old } });
        var prior = request.GetProperty("priors")[0];
        Assert.Equal((old, true), (prior.GetProperty("studyInstanceUid").GetString(), prior.GetProperty("suggestedBySystem").GetBoolean()));
        Assert.True((await server.GetAsync(world.Clerk, $"/api/requests/{id}/prior-suggestions"))[0].GetProperty("chosen").GetBoolean());

        // A study the facility does not have is not a prior.
        var etag = await server.ETagAsync(world.Clerk, id);
        using var unknown = await server.SendAsync(world.Clerk, HttpMethod.Put, $"/api/requests/{id}/priors", new { StudyInstanceUids = new[] { DicomFixtures.NewUid() } }, etag);
        Assert.Equal(HttpStatusCode.UnprocessableEntity, unknown.StatusCode);

        var physician = await WorkflowWorld.AddUserAsync(server, UserRole.Coordinator, null);
        using var refused = await server.SendAsync(physician, HttpMethod.Get, $"/api/requests/{id}/prior-suggestions");
        Assert.Equal(HttpStatusCode.Forbidden, refused.StatusCode);
    }
}
