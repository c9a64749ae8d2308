using System.Net;
using Dokuei.Server.Data;
using Dokuei.Server.Features.Audit;
using Dokuei.Server.Tests.Features.Requests;
using Dokuei.Server.Tests.TestSupport;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Dokuei.Server.Tests.Features.Audit;

/// <summary>Every read and change of requests, reports and comments leaves an event, refusals included; the chain stays intact.</summary>
public sealed class WorkflowAuditTests
{
    public static TheoryData<string> Providers => TestDatabases.Providers;

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task A_request_journey_writes_one_event_per_call_in_order_with_caller_subject_facility_and_outcome(string provider)
    {
        await using var server = await ApiServer.StartAsync(provider);
        var (facility, stow) = await server.AddFacilityAsync("青葉クリニック");
        var (other, otherStow) = await server.AddFacilityAsync("港病院");
        stow.Dispose();
        otherStow.Dispose();
        var clerk = await server.NewUserAsync("FacilityStaff", facility);
        var foreign = await server.NewUserAsync("FacilityStaff", other);
        var coordinator = await server.NewUserAsync("Coordinator", null);
        var radiologist = await server.NewUserAsync("Radiologist", null);

        using var filed = await server.SendAsync(clerk, HttpMethod.Post, "/api/requests", new
        {
            Mode = "Single",
            ServiceMenu = "24-365",
            AccessionNumber = "ACC-AUDIT",
            Modality = "CT",
            ClinicalInformation = "頭痛",
            ExamPurpose = "精査",
            Question = "出血の有無",
            BodyParts = new[] { "頭部" },
        });
        var id = (await ApiServer.ReadAsync(filed, HttpStatusCode.Created)).GetProperty("id").GetGuid();
        await server.GetAsync(clerk, "/api/requests?state=WaitingForImages");
        await server.GetAsync(clerk, $"/api/requests/{id}");
        using (var hidden = await server.SendAsync(foreign, HttpMethod.Get, $"/api/requests/{id}"))
        {
            Assert.Equal(HttpStatusCode.NotFound, hidden.StatusCode);
        }

        using (var refused = await server.SendAsync(radiologist, HttpMethod.Post, $"/api/requests/{id}/accept", new { }))
        {
            Assert.Equal(HttpStatusCode.Forbidden, refused.StatusCode);
        }

        using (var anonymous = await server.Http.GetAsync($"/api/requests/{id}"))
        {
            Assert.Equal(HttpStatusCode.Unauthorized, anonymous.StatusCode);
        }

        using (var stale = await server.SendAsync(coordinator, HttpMethod.Post, $"/api/requests/{id}/hold", new { Text = "?" }, "\"999\""))
        {
            Assert.Equal(HttpStatusCode.PreconditionFailed, stale.StatusCode);
        }

        using (var asked = await server.SendAsync(clerk, HttpMethod.Post, $"/api/requests/{id}/comments", new { Body = "至急でお願いします。" }))
        {
            await ApiServer.ReadAsync(asked, HttpStatusCode.Created);
        }

        await server.GetAsync(coordinator, $"/api/requests/{id}/comments");
        await server.GetAsync(coordinator, $"/api/requests/{id}/events");
        using (var noReport = await server.SendAsync(clerk, HttpMethod.Get, $"/api/requests/{id}/report"))
        {
            Assert.Equal(HttpStatusCode.NotFound, noReport.StatusCode);
        }

        using var scope = server.Services.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<DokueiDbContext>();
        db.Scope.SetAll();
        var events = await db.AuditEvents.Where(e => e.SubjectType == "request").OrderBy(e => e.Id).ToListAsync();
        // ETagAsync-free calls only: each line is one call above, in order (the list has no subject and is checked apart).
        Assert.Equal(
        [
            ("requests.create", clerk.Id, "success", facility),
            ("requests.read", clerk.Id, "success", facility),
            ("requests.read", foreign.Id, "failure", facility),
            ("requests.accept", radiologist.Id, "failure", facility),
            ("requests.read", Guid.Empty, "failure", facility),
            ("requests.hold", coordinator.Id, "failure", facility),
            ("requests.comments.create", clerk.Id, "success", facility),
            ("requests.comments.read", coordinator.Id, "success", facility),
            ("requests.events.read", coordinator.Id, "success", facility),
            ("requests.report.read", clerk.Id, "failure", facility),
        ],
        events.Select(e => (e.Action, e.ActorId is null ? Guid.Empty : Guid.Parse(e.ActorId), e.Outcome, e.FacilityId ?? -1)));
        Assert.All(events, e => Assert.Equal(id.ToString(), e.SubjectId));
        Assert.All(events, e => Assert.Equal("127.0.0.1", e.RemoteAddress));
        Assert.Equal("HTTP 404", events[2].Reason);
        Assert.Equal(("HTTP 403 denied", "Radiologist"), (events[3].Reason, events[3].ActorRole));
        Assert.Equal("HTTP 401 denied", events[4].Reason);
        Assert.Equal("HTTP 412 request.stale", events[5].Reason);

        var list = await db.AuditEvents.SingleAsync(e => e.Action == "requests.read" && e.SubjectId == null);
        Assert.Equal(("state=WaitingForImages", clerk.Id.ToString(), (long?)facility), (list.Detail, list.ActorId, list.FacilityId));
        Assert.True((await AuditChain.VerifyAsync(db, CancellationToken.None)).Intact);
    }
}
