using System.Net;
using Dokuei.Server.Data;
using Dokuei.Server.Features.Identity;
using Dokuei.Server.Tests.Features.Requests;
using Dokuei.Server.Tests.TestSupport;
using Microsoft.Extensions.DependencyInjection;

namespace Dokuei.Server.Tests.Features.Notifications;

/// <summary>A server with a facility, its clerk, a coordinator on file (so notifications find them) and a reader; and the steps tests take.</summary>
internal sealed class WorkflowWorld : IAsyncDisposable
{
    public static readonly Guid ReaderId = new("a1000000-0000-4000-8000-000000000001");

    private WorkflowWorld(ApiServer server, long facility, HttpClient stow, TestUser clerk, TestUser coordinator)
    {
        Server = server;
        Facility = facility;
        Stow = stow;
        Clerk = clerk;
        Coordinator = coordinator;
    }

    public ApiServer Server { get; }

    public long Facility { get; }

    public HttpClient Stow { get; }

    public TestUser Clerk { get; }

    public TestUser Coordinator { get; }

    public TestUser Reader { get; } = new(ReaderId, "Radiologist", null);

    public static async Task<WorkflowWorld> StartAsync(string provider, TimeProvider? time = null)
    {
        var server = await ApiServer.StartAsync(provider, ReadingJourneyApiTests.Candidates(), time);
        var (facility, stow) = await server.AddFacilityAsync("青葉クリニック");
        var clerk = await AddUserAsync(server, UserRole.FacilityStaff, facility);
        var coordinator = await AddUserAsync(server, UserRole.Coordinator, null);
        return new WorkflowWorld(server, facility, stow, clerk, coordinator);
    }

    /// <summary>A user on file (the users table), signed in by the test header.</summary>
    public static async Task<TestUser> AddUserAsync(ApiServer server, UserRole role, long? facility)
    {
        using var scope = server.Services.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<DokueiDbContext>();
        var id = Guid.NewGuid();
        db.Users.Add(new User(id, "u" + id.ToString("N")[..12], "利用者", "User", role, facility, "not-a-hash", DateTimeOffset.UtcNow));
        await db.SaveChangesAsync();
        return new TestUser(id, role.ToString(), facility);
    }

    /// <summary>A context that sees every facility.</summary>
    public (IServiceScope Scope, DokueiDbContext Db) Db()
    {
        var scope = Server.Services.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<DokueiDbContext>();
        db.Scope.SetAll();
        return (scope, db);
    }

    /// <summary>Stores a study (generated instance) and returns its UID.</summary>
    public async Task<string> StoreStudyAsync(string accession, string patientId = "SYNTH-1", string studyDate = "20240131")
    {
        var instance = DicomFixtures.Create(accession: accession, modality: "CT", patientId: patientId, studyDate: studyDate);
        using var stored = await Stow.PostAsync("/dicomweb/studies", Multipart.Related(instance.Bytes));
        Assert.Equal(HttpStatusCode.OK, stored.StatusCode);
        return instance.StudyUid;
    }

    /// <summary>Files a request for a stored study under <paramref name="menu"/>; returns its id.</summary>
    public async Task<Guid> FileAsync(string studyUid, string menu = "24-365", string mode = "Single")
    {
        using var filed = await Server.SendAsync(Clerk, HttpMethod.Post, "/api/requests", new
        {
            Mode = mode,
            ServiceMenu = menu,
            StudyInstanceUid = studyUid,
            Modality = "CT",
            RequestedSpecialty = "neuro",
            Question = "Chest pain, rule out aortic dissection",
            BodyParts = new[] { "chest" },
        });
        return (await ApiServer.ReadAsync(filed, HttpStatusCode.Created)).GetProperty("id").GetGuid();
    }

    /// <summary>Accepts, assigns the first reading to <see cref="Reader"/> and lets them claim it.</summary>
    public async Task AcceptAndClaimAsync(Guid id)
    {
        await Server.EditAsync(Coordinator, id, HttpMethod.Post, $"/api/requests/{id}/accept");
        await Server.EditAsync(Coordinator, id, HttpMethod.Post, $"/api/requests/{id}/assign", new { Step = "First", ReaderId = Reader.Id });
        await Server.EditAsync(Reader, id, HttpMethod.Post, $"/api/requests/{id}/steps/First/claim");
    }

    /// <summary>The reader signs a single reading with a critical finding.</summary>
    public async Task SignCriticalAsync(Guid id)
    {
        var draft = await Server.EditAsync(Reader, id, HttpMethod.Post, $"/api/requests/{id}/report/drafts", new
        {
            Step = "First",
            Content = new { Findings = "Stanford type A aortic dissection.", Impression = "Aortic dissection.", Critical = true, Language = "en" },
        });
        await Server.EditAsync(Reader, id, HttpMethod.Post, $"/api/requests/{id}/report/versions/{draft.GetProperty("id").GetGuid()}/sign");
    }

    public async ValueTask DisposeAsync()
    {
        Stow.Dispose();
        await Server.DisposeAsync();
    }
}
