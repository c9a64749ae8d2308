using System.Net;
using System.Text.Json;
using Dokuei.Server.Tests.TestSupport;

namespace Dokuei.Server.Tests.Features.Requests;

/// <summary>The whole reading journey through the HTTP stack, for every reading mode, on SQLite and PostgreSQL.</summary>
public class ReadingJourneyApiTests
{
    public static TheoryData<string, string> ModesAndProviders
    {
        get
        {
            var data = new TheoryData<string, string>();
            foreach (var provider in TestDatabases.Providers)
            {
                foreach (var mode in new[] { "Single", "Double", "Triple", "BlindDouble" })
                {
                    data.Add(mode, provider);
                }
            }

            return data;
        }
    }

    /// <summary>Three radiologists of 5, 15 and 25 years who read CT and neuro, on shift; the first reads the first step.</summary>
    internal static async Task<TestUser[]> ReadersAsync(ApiServer server) =>
        [await server.RadiologistAsync(5), await server.RadiologistAsync(15), await server.RadiologistAsync(25)];

    private static string[] Steps(string mode) => mode switch
    {
        "Single" => ["First"],
        "Double" => ["First", "Second"],
        "Triple" => ["First", "Second", "Third"],
        _ => ["BlindA", "BlindB", "Reconciliation"],
    };

    [Theory]
    [MemberData(nameof(ModesAndProviders))]
    public async Task Full_journey_from_request_to_addendum(string mode, string provider)
    {
        await using var server = await ApiServer.StartAsync(provider);
        var (facility, stow) = await server.AddFacilityAsync("青葉クリニック");
        using var _ = stow;
        var clerk = await server.UserAsync("FacilityStaff", facility);
        var physician = await server.UserAsync("ReferringPhysician", facility);
        var coordinator = await server.UserAsync("Coordinator");
        var qa = await server.UserAsync("QaChecker");
        var pool = await ReadersAsync(server);
        var readers = Steps(mode).Select((step, i) => (step, i)).ToDictionary(s => s.step, s => pool[s.i]);

        // The facility files the request before the images are sent: it waits for them.
        var accession = "ACC-" + mode;
        using var filed = await server.SendAsync(clerk, HttpMethod.Post, "/api/requests", new
        {
            Mode = mode,
            ServiceMenu = "24-365",
            RequiresQa = true,
            AccessionNumber = accession,
            Modality = "CT",
            RequestedSpecialty = "neuro",
            ClinicalInformation = "突然の頭痛",
            ExamPurpose = "精査",
            Question = "くも膜下出血の除外",
            BodyParts = new[] { "頭部" },
        });
        var request = await ApiServer.ReadAsync(filed, HttpStatusCode.Created);
        var id = request.GetProperty("id").GetGuid();
        Assert.Equal("WaitingForImages", request.GetProperty("state").GetString());
        Assert.NotNull(filed.Headers.ETag);

        // Images arrive through the real STOW-RS endpoint and are matched by accession number.
        var instance = DicomFixtures.Create(accession: accession, modality: "CT");
        using (var stored = await stow.PostAsync("/dicomweb/studies", Multipart.Related(instance.Bytes)))
        {
            Assert.Equal(HttpStatusCode.OK, stored.StatusCode);
        }

        request = await server.GetAsync(clerk, $"/api/requests/{id}");
        Assert.Equal("Submitted", request.GetProperty("state").GetString());
        Assert.Equal(instance.StudyUid, request.GetProperty("studyInstanceUid").GetString());

        // The coordinator accepts and assigns with the explained suggestions.
        request = await server.EditAsync(coordinator, id, HttpMethod.Post, $"/api/requests/{id}/accept");
        Assert.Equal("Triage", request.GetProperty("state").GetString());
        Assert.True(request.TryGetProperty("dueAt", out var due) && due.ValueKind == JsonValueKind.String);
        var suggestions = await server.GetAsync(coordinator, $"/api/requests/{id}/suggestions/{Steps(mode)[0]}");
        Assert.Equal(3, suggestions.GetProperty("ranked").GetArrayLength());
        Assert.Contains("on shift now", suggestions.GetProperty("ranked")[0].ToString(), StringComparison.Ordinal);
        foreach (var step in Steps(mode))
        {
            request = await server.EditAsync(coordinator, id, HttpMethod.Post, $"/api/requests/{id}/assign", new { Step = step, ReaderId = readers[step].Id });
        }

        Assert.Equal("Assigned", request.GetProperty("state").GetString());

        // Each reader claims their step, starts from a template or the reading under review, and signs.
        JsonElement version = default;
        foreach (var step in Steps(mode))
        {
            var reader = readers[step];
            await server.EditAsync(reader, id, HttpMethod.Post, $"/api/requests/{id}/steps/{step}/claim");
            if (step == "BlindB")
            {
                // Blind: the other blind reading (already signed) stays hidden until this one is in.
                var seen = await server.GetAsync(reader, $"/api/requests/{id}/report");
                Assert.Equal(0, seen.GetProperty("versions").GetArrayLength());
            }

            version = await server.EditAsync(reader, id, HttpMethod.Post, $"/api/requests/{id}/report/drafts", new { Step = step, TemplateCode = step is "First" or "BlindA" or "BlindB" ? "ct-head-ja" : null });
            var versionId = version.GetProperty("id").GetGuid();
            await server.EditAsync(reader, id, HttpMethod.Put, $"/api/requests/{id}/report/versions/{versionId}", new
            {
                Findings = "脳底槽にくも膜下出血を認める。",
                Impression = $"くも膜下出血（{step}）。",
                Critical = true,
                Language = "ja",
                KeyImages = new[] { instance.SopUid },
            });
            var checks = await server.GetAsync(reader, $"/api/requests/{id}/report/versions/{versionId}/checks");
            Assert.Equal(0, checks.GetArrayLength());
            version = await server.EditAsync(reader, id, HttpMethod.Post, $"/api/requests/{id}/report/versions/{versionId}/sign",
                new { Discrepancies = step == "Reconciliation" ? new[] { new { Description = "出血の範囲", Severity = "Minor" } } : null });
        }

        Assert.Equal("Final", version.GetProperty("status").GetString());
        request = await server.GetAsync(coordinator, $"/api/requests/{id}");
        Assert.Equal("InQa", request.GetProperty("state").GetString());
        Assert.Equal(mode == "BlindDouble" ? 1 : 0, request.GetProperty("discrepancies").GetArrayLength());

        // The facility sees no report before it is final; the critical finding reached it at signing.
        var early = await server.GetAsync(physician, $"/api/requests/{id}/report");
        Assert.Equal(0, early.GetProperty("versions").GetArrayLength());
        var critical = early.GetProperty("criticalNotifications")[0];
        Assert.True(critical.GetProperty("open").GetBoolean());

        // QA returns the report; its last reader corrects it; QA approves.
        var lastReader = readers[Steps(mode)[^1]];
        await server.EditAsync(qa, id, HttpMethod.Post, $"/api/requests/{id}/steps/QualityCheck/claim");
        await server.EditAsync(qa, id, HttpMethod.Post, $"/api/requests/{id}/report/qa", new { Approve = false, Comment = "推奨を記載してください。" });
        await server.EditAsync(lastReader, id, HttpMethod.Post, $"/api/requests/{id}/steps/Correction/claim");
        var correction = await server.EditAsync(lastReader, id, HttpMethod.Post, $"/api/requests/{id}/report/drafts", new { Step = "Correction" });
        Assert.Equal("脳底槽にくも膜下出血を認める。", correction.GetProperty("findings").GetString());
        var correctionId = correction.GetProperty("id").GetGuid();
        await server.EditAsync(lastReader, id, HttpMethod.Put, $"/api/requests/{id}/report/versions/{correctionId}", new
        {
            Findings = "脳底槽にくも膜下出血を認める。",
            Impression = "くも膜下出血。",
            Recommendation = "脳神経外科へ至急紹介を推奨。",
            Critical = true,
            Language = "ja",
        });
        await server.EditAsync(lastReader, id, HttpMethod.Post, $"/api/requests/{id}/report/versions/{correctionId}/sign");
        await server.EditAsync(qa, id, HttpMethod.Post, $"/api/requests/{id}/steps/QualityCheck/claim");
        await server.EditAsync(qa, id, HttpMethod.Post, $"/api/requests/{id}/report/qa", new { Approve = true });
        request = await server.GetAsync(clerk, $"/api/requests/{id}");
        Assert.Equal("Final", request.GetProperty("state").GetString());

        // The coordinators see the open critical finding; the physician acknowledges it.
        var open = await server.GetAsync(coordinator, "/api/critical-findings");
        Assert.Equal(1, open.GetArrayLength());
        var notificationId = open[0].GetProperty("id").GetGuid();
        using (var ack = await server.SendAsync(physician, HttpMethod.Post, $"/api/requests/{id}/report/critical/{notificationId}/acknowledge", new { Text = "患者に連絡済み" }))
        {
            var acknowledged = await ApiServer.ReadAsync(ack, HttpStatusCode.OK);
            Assert.False(acknowledged.GetProperty("open").GetBoolean());
            Assert.Equal(physician.Id, acknowledged.GetProperty("acknowledgedBy").GetGuid());
        }

        Assert.Equal(0, (await server.GetAsync(coordinator, "/api/critical-findings")).GetArrayLength());

        // The facility reads the final report: opened by the physician (not the orderer) it is not yet "read"; by the
        // clerk who ordered it, it is.
        var report = await server.GetAsync(physician, $"/api/requests/{id}/report");
        var released = report.GetProperty("versions").EnumerateArray().Last();
        Assert.Equal("脳神経外科へ至急紹介を推奨。", released.GetProperty("recommendation").GetString());
        var releasedId = released.GetProperty("id").GetGuid();
        Assert.False((await server.GetAsync(physician, $"/api/requests/{id}/report/versions/{releasedId}")).GetProperty("read").GetBoolean());
        Assert.True((await server.GetAsync(clerk, $"/api/requests/{id}/report/versions/{releasedId}")).GetProperty("read").GetBoolean());

        // Questions and answers tied to the version.
        using (var asked = await server.SendAsync(physician, HttpMethod.Post, $"/api/requests/{id}/comments", new { Body = "動脈瘤の有無はいかがでしょうか。", ReportVersionId = releasedId }))
        {
            await ApiServer.ReadAsync(asked, HttpStatusCode.Created);
        }

        using (var answered = await server.SendAsync(lastReader, HttpMethod.Post, $"/api/requests/{id}/comments", new { Body = "CTAでの評価を推奨します。", ReportVersionId = releasedId }))
        {
            await ApiServer.ReadAsync(answered, HttpStatusCode.Created);
        }

        Assert.Equal(2, (await server.GetAsync(clerk, $"/api/requests/{id}/comments")).GetArrayLength());

        // An addendum: a new signed version; the earlier ones stay readable.
        var addendum = await server.EditAsync(lastReader, id, HttpMethod.Post, $"/api/requests/{id}/report/addenda", new { Text = "追記：前交通動脈瘤の疑い。", Critical = false });
        Assert.Equal("Addendum", addendum.GetProperty("status").GetString());
        report = await server.GetAsync(clerk, $"/api/requests/{id}/report");
        var statuses = report.GetProperty("versions").EnumerateArray().Select(v => v.GetProperty("status").GetString()).ToList();
        Assert.Equal("Addendum", statuses[^1]);
        Assert.True(statuses.Count(s => s == "Final") >= 2);

        var events = await server.GetAsync(coordinator, $"/api/requests/{id}/events");
        Assert.Contains(events.EnumerateArray(), e => e.GetProperty("name").GetString() == "images_arrived");
        Assert.Contains(events.EnumerateArray(), e => e.GetProperty("name").GetString() == "addendum_added");
    }
}
