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
    private WorkflowWorld(ApiServer server, long facility, HttpClient stow, TestUser clerk, TestUser coordinator, TestUser reader)
    {
        Reader = reader;
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

    public TestUser Reader { get; }

    public static async Task<WorkflowWorld> StartAsync(string provider, TimeProvider? time = null)
    {
        var server = await ApiServer.StartAsync(provider, time);
        var (facility, stow) = await server.AddFacilityAsync("青葉クリニック");
        var clerk = await AddUserAsync(server, UserRole.FacilityStaff, facility);
        var coordinator = await AddUserAsync(server, UserRole.Coordinator, null);
        var reader = await server.RadiologistAsync(years: 12);
        return new WorkflowWorld(server, facility, stow, clerk, coordinator, reader);
    }

    /// <summary>A new account of <paramref name="role"/>, signed in through the real sign-in.</summary>
    public static Task<TestUser> AddUserAsync(ApiServer server, UserRole role, long? facility) =>
        server.NewUserAsync(role.ToString(), facility);

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
