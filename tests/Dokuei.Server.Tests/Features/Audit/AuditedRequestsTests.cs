using System.Net;
using System.Text.Json;
using Dokuei.Server.Features.Audit;
using Dokuei.Server.Features.Identity;
using Dokuei.Server.Tests.Features.Identity;
using Dokuei.Server.Tests.Hosting;
using Dokuei.Server.Tests.TestSupport;
using Microsoft.EntityFrameworkCore;

namespace Dokuei.Server.Tests.Features.Audit;

/// <summary>Requests that touch patient data leave one audit event each; the command line verifies and exports the log.</summary>
public sealed class AuditedRequestsTests
{
    public static TheoryData<string> Providers => TestDatabases.Providers;

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task Each_dicomweb_request_writes_one_event_naming_caller_subject_and_outcome(string provider)
    {
        await using var server = await ArchiveServer.StartAsync(provider);
        var (facilityId, token) = await People.AddFacilityAsync(server, "Hospital A");
        // A coordinator sees every facility's studies (a radiologist only assigned ones: DicomWebAccessTests).
        var reader = await People.AddUserAsync(server, "reader", UserRole.Coordinator);
        using var machine = server.Client(token);
        machine.DefaultRequestHeaders.UserAgent.ParseAdd("gateway/1.0");
        var a = DicomFixtures.Create();
        var b = DicomFixtures.Create(a.StudyUid, a.SeriesUid, instanceNumber: 2);
        Assert.Equal(HttpStatusCode.OK, (await machine.PostAsync("dicomweb/studies", Multipart.Related(a.Bytes, b.Bytes))).StatusCode);
        using var person = await People.SignInAsync(server, reader);
        Assert.Equal(HttpStatusCode.OK, (await person.GetAsync("dicomweb/studies?PatientID=*")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await person.GetAsync($"dicomweb/studies/{a.StudyUid}")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await person.GetAsync($"dicomweb/studies/{a.StudyUid}/metadata")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await person.GetAsync($"wado?requestType=WADO&studyUID={a.StudyUid}&seriesUID={a.SeriesUid}&objectUID={a.SopUid}&contentType=application%2Fdicom")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await machine.GetAsync($"dicomweb/studies/{DicomFixtures.NewUid()}")).StatusCode);

        await using var db = People.Db(server);
        var events = await db.AuditEvents.Where(e => e.Action.StartsWith("dicomweb.")).OrderBy(e => e.Id).ToListAsync();
        Assert.Equal(["dicomweb.stow", "dicomweb.qido", "dicomweb.wado.retrieve", "dicomweb.wado.metadata", "dicomweb.wado-uri", "dicomweb.wado.retrieve"], events.Select(e => e.Action));
        var stow = events[0];
        Assert.Equal(("credential:", "facility", facilityId, "gateway/1.0", "success"), (stow.ActorId![..11], stow.ActorRole, stow.FacilityId, stow.UserAgent, stow.Outcome));
        var retrieve = events[2];
        Assert.Equal((reader.Id.ToString("D"), "reader", "Coordinator", "study", a.StudyUid, "127.0.0.1"), (retrieve.ActorId, retrieve.ActorName, retrieve.ActorRole, retrieve.SubjectType, retrieve.SubjectId, retrieve.RemoteAddress));
        Assert.Equal("?PatientID=*", events[1].Detail);
        Assert.Equal(a.SopUid, events[4].SubjectId);
        Assert.Equal(("failure", "HTTP 404"), (events[5].Outcome, events[5].Reason));
        Assert.True((await AuditChain.VerifyAsync(db, CancellationToken.None)).Intact);
    }

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task A_retrieval_is_audited_before_its_first_byte_leaves(string provider)
    {
        await using var server = await ArchiveServer.StartAsync(provider);
        var (_, token) = await People.AddFacilityAsync(server, "Hospital A");
        var reader = await People.AddUserAsync(server, "reader", UserRole.Coordinator);
        using var machine = server.Client(token);
        // 32 MB: more than the socket and Kestrel buffers hold, so a handler that wrote first and audited after would
        // still be writing (and its event still missing) while this client, which has read only the headers, looks.
        var big = DicomFixtures.Create(frames: 1 << 20);
        Assert.Equal(HttpStatusCode.OK, (await machine.PostAsync("dicomweb/studies", Multipart.Related(big.Bytes))).StatusCode);
        using var person = await People.SignInAsync(server, reader);

        string[] uris = [$"wado?requestType=WADO&studyUID={big.StudyUid}&seriesUID={big.SeriesUid}&objectUID={big.SopUid}", $"dicomweb/studies/{big.StudyUid}"];
        foreach (var (uri, action) in uris.Zip(["dicomweb.wado-uri", "dicomweb.wado.retrieve"]))
        {
            using var response = await person.GetAsync(uri, HttpCompletionOption.ResponseHeadersRead);
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            await using (var db = People.Db(server))
            {
                Assert.Equal(1, await db.AuditEvents.CountAsync(e => e.Action == action && e.ActorId == reader.Id.ToString("D")));
            }

            var body = await response.Content.ReadAsStreamAsync();
            long length = 0;
            var buffer = new byte[1 << 16];
            for (int read; (read = await body.ReadAsync(buffer)) > 0;)
            {
                length += read;
            }

            Assert.True(length >= big.Bytes.Length, $"{uri}: {length} bytes");
        }
    }

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task A_retrieval_that_breaks_after_its_first_byte_is_audited_as_a_failure_too(string provider)
    {
        await using var server = await ArchiveServer.StartAsync(provider);
        var (_, token) = await People.AddFacilityAsync(server, "Hospital A");
        using var machine = server.Client(token);
        // The first instance is larger than the response buffers, so the response has started when the second fails.
        var first = DicomFixtures.Create(frames: 1 << 18);
        var second = DicomFixtures.Create(first.StudyUid, first.SeriesUid, instanceNumber: 2);
        Assert.Equal(HttpStatusCode.OK, (await machine.PostAsync("dicomweb/studies", Multipart.Related(first.Bytes, second.Bytes))).StatusCode);
        var damaged = Directory.EnumerateFiles(Path.Combine(server.DataDirectory, "blobs"), "*.dcm", SearchOption.AllDirectories)
            .Single(f => new FileInfo(f).Length == second.Bytes.Length);
        File.WriteAllBytes(damaged, second.Bytes[..^100]);

        using var response = await machine.GetAsync($"dicomweb/studies/{first.StudyUid}", HttpCompletionOption.ResponseHeadersRead);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var body = await response.Content.ReadAsStreamAsync();
        await Assert.ThrowsAnyAsync<IOException>(() => body.CopyToAsync(Stream.Null));

        await using var db = People.Db(server);
        var events = await db.AuditEvents.Where(e => e.Action == "dicomweb.wado.retrieve").OrderBy(e => e.Id).ToListAsync();
        Assert.Equal(["success", "failure"], events.Select(e => e.Outcome));
        Assert.StartsWith("failed after the response started: IOException", events[1].Reason);
        Assert.Equal(first.StudyUid, events[1].SubjectId);
        Assert.True((await AuditChain.VerifyAsync(db, CancellationToken.None)).Intact);
    }

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task Audit_verify_exits_zero_on_an_intact_log_and_names_the_broken_event_otherwise(string provider)
    {
        await using var log = await TestLog.CreateAsync(provider);
        await AuditChainTests.SeedAsync(log.Db);
        var args = log.Database == null ? new[] { "audit", "verify", "--data", log.Directory } : ["audit", "verify", "--data", log.Directory, "--database", log.Database];
        var intact = await DokueiProcess.RunAsync(args);
        Assert.True(intact.ExitCode == 0, intact.StdErr);
        Assert.Contains("intact: 5 events", intact.StdOut, StringComparison.Ordinal);

        await log.Db.Database.ExecuteSqlRawAsync("UPDATE audit_events SET actor_name = 'mallory' WHERE id = 2");
        var broken = await DokueiProcess.RunAsync(args);
        Assert.Equal(1, broken.ExitCode);
        Assert.Contains("BROKEN at event 2", broken.StdErr, StringComparison.Ordinal);
    }

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task Audit_export_writes_json_lines_with_dicom_audit_message_fields_within_the_dates(string provider)
    {
        await using var log = await TestLog.CreateAsync(provider);
        await AuditChainTests.SeedAsync(log.Db);
        // The day the events were stamped with (the clock may pass midnight between seeding and exporting).
        var today = (await log.Db.AuditEvents.OrderBy(e => e.Id).Select(e => e.OccurredAt).FirstAsync())[..10];
        string[] database = log.Database == null ? [] : ["--database", log.Database];
        var export = await DokueiProcess.RunAsync(["audit", "export", "--from", today, "--to", today, "--data", log.Directory, .. database]);
        Assert.True(export.ExitCode == 0, export.StdErr);
        var lines = export.StdOut.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(5, lines.Length);
        using var first = JsonDocument.Parse(lines[0]);
        var root = first.RootElement;
        Assert.Equal("110114", root.GetProperty("EventIdentification").GetProperty("EventID").GetProperty("csd-code").GetString());
        Assert.Equal(0, root.GetProperty("EventIdentification").GetProperty("EventOutcomeIndicator").GetInt32());
        Assert.Equal("127.0.0.1", root.GetProperty("ActiveParticipant")[0].GetProperty("NetworkAccessPointID").GetString());
        Assert.Equal("tanaka", root.GetProperty("ActiveParticipant")[0].GetProperty("UserName").GetString());
        using var third = JsonDocument.Parse(lines[2]);
        Assert.Equal(4, third.RootElement.GetProperty("EventIdentification").GetProperty("EventOutcomeIndicator").GetInt32());
        using var second = JsonDocument.Parse(lines[1]);
        Assert.Equal("1.2.3", second.RootElement.GetProperty("ParticipantObjectIdentification")[0].GetProperty("ParticipantObjectID").GetString());

        var yesterday = DateOnly.ParseExact(today, "yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture).AddDays(-1).ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);
        var none = await DokueiProcess.RunAsync(["audit", "export", "--from", yesterday, "--to", yesterday, "--data", log.Directory, .. database]);
        Assert.Equal(string.Empty, none.StdOut.Trim());
    }
}
