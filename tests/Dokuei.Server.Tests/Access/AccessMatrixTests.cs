using System.Net;
using System.Net.Http.Json;
using Dokuei.Server.Features.Identity;
using Dokuei.Server.Tests.Features.Identity;
using Dokuei.Server.Tests.TestSupport;

namespace Dokuei.Server.Tests.Access;

/// <summary>
/// Every /api and /dicomweb endpoint called by every kind of caller, through the real HTTP stack: anonymous, a
/// facility's token, the operator's token, each role, and a person of another facility. The table says what each gets.
/// </summary>
public sealed class AccessMatrixTests
{
    private const int Ok = 200;
    private const int Created = 201;
    private const int NoContent = 204;
    private const int BadRequest = 400;
    private const int Unauthorized = 401;
    private const int Forbidden = 403;
    private const int NotFound = 404;
    private const int Conflict = 409;

    /// <summary>Callers, in the column order of the expected statuses.</summary>
    private static readonly string[] Callers =
        ["anonymous", "facility-token", "operator-token", "facility-staff", "referring-physician", "foreign-staff", "radiologist", "coordinator", "qa-checker", "admin", "billing"];

    public static TheoryData<string> Providers => TestDatabases.Providers;

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task Every_endpoint_answers_every_caller_as_the_access_rules_say(string provider)
    {
        await using var server = await ArchiveServer.StartAsync(provider);
        var (facilityA, tokenA) = await People.AddFacilityAsync(server, "Hospital A");
        var (facilityB, _) = await People.AddFacilityAsync(server, "Hospital B");
        var clients = new Dictionary<string, HttpClient>
        {
            ["anonymous"] = People.Browser(server),
            ["facility-token"] = server.Client(tokenA),
            ["operator-token"] = server.OperatorClient(),
            ["facility-staff"] = await People.SignInAsync(server, await People.AddUserAsync(server, "staff.a", UserRole.FacilityStaff, facilityA)),
            ["referring-physician"] = await People.SignInAsync(server, await People.AddUserAsync(server, "doctor.a", UserRole.ReferringPhysician, facilityA)),
            ["foreign-staff"] = await People.SignInAsync(server, await People.AddUserAsync(server, "staff.b", UserRole.FacilityStaff, facilityB)),
            ["radiologist"] = await People.SignInAsync(server, await People.AddUserAsync(server, "reader", UserRole.Radiologist)),
            ["coordinator"] = await People.SignInAsync(server, await People.AddUserAsync(server, "coordinator", UserRole.Coordinator)),
            ["qa-checker"] = await People.SignInAsync(server, await People.AddUserAsync(server, "checker", UserRole.QaChecker)),
            ["admin"] = await People.SignInAsync(server, await People.AddUserAsync(server, "admin", UserRole.Admin)),
            ["billing"] = await People.SignInAsync(server, await People.AddUserAsync(server, "billing", UserRole.Billing)),
        };
        var subject = await People.AddUserAsync(server, "subject", UserRole.FacilityStaff, facilityA);
        var dicom = DicomFixtures.Create();
        Assert.Equal(HttpStatusCode.OK, (await clients["facility-token"].PostAsync("dicomweb/studies", Multipart.Related(dicom.Bytes))).StatusCode);
        var missing = Guid.NewGuid();
        var (st, se, sop) = (dicom.StudyUid, dicom.SeriesUid, dicom.SopUid);
        using var filed = await clients["facility-staff"].PostAsJsonAsync("api/requests", new { mode = "Single", serviceMenu = "24-365", studyInstanceUid = st });
        Assert.Equal(HttpStatusCode.Created, filed.StatusCode);
        var requestId = (await filed.Content.ReadFromJsonAsync<System.Text.Json.JsonElement>()).GetProperty("id").GetGuid();

        // Expected status per caller, in the order of Callers.
        //                                anon  fac-tok  op-tok  staff  doctor  foreign  rad   coord  qa    admin  billing
        // The radiologist has no assignment: facility A's study is not theirs to see (DicomWebAccessTests: what is).
        int[] readA = [Unauthorized, Ok, Ok, Ok, Ok, NotFound, NotFound, Ok, Ok, Ok, Forbidden];
        int[] search = [Unauthorized, Ok, Ok, Ok, Ok, Ok, Ok, Ok, Ok, Ok, Forbidden];
        int[] store = [Unauthorized, Ok, Forbidden, Ok, Ok, Ok, Forbidden, Forbidden, Forbidden, Forbidden, Forbidden];
        int[] adminOnly(int status) => [Unauthorized, Forbidden, status, Forbidden, Forbidden, Forbidden, Forbidden, Forbidden, Forbidden, status, Forbidden];
        int[] everyone(int status) => [Unauthorized, status, status, status, status, status, status, status, status, status, status];
        int[] people(int status) => [Unauthorized, Forbidden, Forbidden, status, status, status, status, status, status, status, status];
        // Requests: the facility's people and the center see facility A's request; the unassigned radiologist does not.
        int[] participants(int own, int foreign, int reader) => [Unauthorized, Forbidden, Forbidden, own, own, foreign, reader, Ok, Ok, Ok, Forbidden];
        int[] coordinators(int status) => [Unauthorized, Forbidden, Forbidden, Forbidden, Forbidden, Forbidden, Forbidden, status, Forbidden, status, Forbidden];
        int[] radiologists(int status) => [Unauthorized, Forbidden, Forbidden, Forbidden, Forbidden, Forbidden, status, Forbidden, Forbidden, Forbidden, Forbidden];
        const int PreconditionRequired = 428;

        var matrix = new List<(string Method, string Path, Func<string, HttpContent?> Body, int[] Expected)>
        {
            ("GET", "api/me", _ => null, everyone(Ok)),
            ("POST", "api/me/totp/confirm", _ => Json(new { code = "000000" }), people(Conflict)),
            ("GET", "api/radiologists", _ => null, everyone(Ok)),
            ("GET", "api/admin/users", _ => null, adminOnly(Ok)),
            ("GET", $"api/admin/users/{subject.Id}", _ => null, adminOnly(Ok)),
            ("POST", "api/admin/users", caller => Json(new { login = "new." + caller, role = "Coordinator" }), adminOnly(Created)),
            ("PUT", $"api/admin/users/{subject.Id}", _ => Json(new { version = 99, displayNameJa = "x", displayNameEn = "x", role = "FacilityStaff", facilityId = facilityA, disabled = false }), adminOnly(Conflict)),
            ("DELETE", $"api/admin/users/{missing}", _ => null, adminOnly(NotFound)),
            ("POST", $"api/admin/users/{missing}/password", _ => null, adminOnly(NotFound)),
            ("POST", $"api/admin/users/{missing}/totp/reset", _ => null, adminOnly(NotFound)),
            ("POST", $"api/admin/users/{missing}/unlock", _ => null, adminOnly(NotFound)),
            ("GET", "api/admin/facilities", _ => null, adminOnly(Ok)),
            ("PUT", "api/admin/facilities/999999/contract", _ => Json(new { version = 0, serviceMenus = new[] { "normal" }, readingModes = new[] { "Single" } }), adminOnly(NotFound)),
            ("PUT", $"api/admin/radiologists/{missing}", _ => Json(new { yearsOfExperience = 1, certifications = Array.Empty<string>(), specialties = Array.Empty<string>(), modalities = Array.Empty<string>(), languages = Array.Empty<string>() }), adminOnly(NotFound)),
            ("POST", "dicomweb/studies", _ => Multipart.Related(DicomFixtures.Create().Bytes), store),
            ("GET", "dicomweb/studies", _ => null, search),
            ("GET", "dicomweb/series", _ => null, search),
            ("GET", "dicomweb/instances", _ => null, search),
            ("GET", $"dicomweb/studies/{st}/series", _ => null, readA),
            ("GET", $"dicomweb/studies/{st}/instances", _ => null, readA),
            ("GET", $"dicomweb/studies/{st}/series/{se}/instances", _ => null, readA),
            ("GET", $"dicomweb/studies/{st}", _ => null, readA),
            ("GET", $"dicomweb/studies/{st}/series/{se}", _ => null, readA),
            ("GET", $"dicomweb/studies/{st}/series/{se}/instances/{sop}", _ => null, readA),
            ("GET", $"dicomweb/studies/{st}/metadata", _ => null, readA),
            ("GET", $"dicomweb/studies/{st}/series/{se}/metadata", _ => null, readA),
            ("GET", $"dicomweb/studies/{st}/series/{se}/instances/{sop}/metadata", _ => null, readA),
            ("GET", $"dicomweb/studies/{st}/series/{se}/instances/{sop}/frames/1", _ => null, readA),
            ("GET", $"dicomweb/studies/{st}/series/{se}/instances/{sop}/bulkdata/7FE00010", _ => null, readA),
            ("GET", $"wado?requestType=WADO&studyUID={st}&seriesUID={se}&objectUID={sop}&contentType=application%2Fdicom", _ => null, readA),
            ("DELETE", $"dicomweb/studies/{DicomFixtures.NewUid()}", _ => null, adminOnly(NotFound)),
            ("GET", "api/requests", _ => null, participants(Ok, Ok, Ok)),
            ("GET", $"api/requests/{requestId}", _ => null, participants(Ok, NotFound, NotFound)),
            ("GET", $"api/requests/{requestId}/events", _ => null, participants(Ok, NotFound, NotFound)),
            ("POST", $"api/requests/{requestId}/accept", _ => null, coordinators(PreconditionRequired)),
            ("GET", $"api/requests/{requestId}/suggestions/First", _ => null, coordinators(Ok)),
            ("GET", $"api/requests/{requestId}/assignments", _ => null, coordinators(Ok)),
            ("POST", $"api/requests/{requestId}/assign", _ => Json(new { step = "First", readerId = missing }), coordinators(PreconditionRequired)),
            ("POST", $"api/requests/{requestId}/auto-assign", _ => null, coordinators(PreconditionRequired)),
            ("POST", $"api/requests/{requestId}/steps/First/decline", _ => Json(new { text = "no" }), radiologists(NotFound)),
            ("POST", "api/assignment/reassign-off-shift", _ => null, coordinators(Ok)),
        };

        matrix.AddRange(WorkflowOperationRows(missing));
        var mismatches = new List<string>();
        foreach (var (method, path, body, expected) in matrix)
        {
            Assert.Equal(Callers.Length, expected.Length);
            for (var i = 0; i < Callers.Length; i++)
            {
                using var request = new HttpRequestMessage(new HttpMethod(method), path) { Content = body(Callers[i]) };
                request.Headers.Accept.ParseAdd("*/*");
                using var response = await clients[Callers[i]].SendAsync(request);
                if ((int)response.StatusCode != expected[i])
                {
                    mismatches.Add($"{method} {path} as {Callers[i]}: {(int)response.StatusCode}, expected {expected[i]}");
                }
            }
        }

        foreach (var client in clients.Values)
        {
            client.Dispose();
        }

        Assert.True(mismatches.Count == 0, string.Join("\n", mismatches));
    }

    private static JsonContent Json<T>(T value) => JsonContent.Create(value);

    /// <summary>Notifications, service menus, attachments and priors (the workflow's operations).</summary>
    private static IEnumerable<(string Method, string Path, Func<string, HttpContent?> Body, int[] Expected)> WorkflowOperationRows(Guid missing)
    {
        //                                         anon  fac-tok  op-tok  staff  doctor  foreign  rad  coord  qa  admin  billing
        int[] participants(int status) => [Unauthorized, Forbidden, Forbidden, status, status, status, status, status, status, status, Forbidden];
        int[] facilityPeople(int status) => [Unauthorized, Forbidden, Forbidden, status, status, status, Forbidden, Forbidden, Forbidden, Forbidden, Forbidden];
        int[] adminPerson(int status) => [Unauthorized, Forbidden, Forbidden, Forbidden, Forbidden, Forbidden, Forbidden, Forbidden, Forbidden, status, Forbidden];
        HttpContent Pdf() => new ByteArrayContent("%PDF-1.4\n"u8.ToArray()) { Headers = { ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue("application/pdf") } };
        return
        [
            ("GET", "api/notifications", _ => null, participants(Ok)),
            ("POST", $"api/notifications/{missing}/read", _ => null, participants(NotFound)),
            ("POST", "api/notifications/read-all", _ => null, participants(NoContent)),
            ("GET", "api/service-menus", _ => null, participants(Ok)),
            ("GET", "api/admin/service-menus", _ => null, adminPerson(Ok)),
            ("GET", $"api/admin/service-menus/{missing}", _ => null, adminPerson(NotFound)),
            ("POST", "api/admin/service-menus", _ => Json(new { code = "x" }), adminPerson(BadRequest)),
            ("PUT", $"api/admin/service-menus/{missing}", _ => Json(new { code = "x" }), adminPerson(NotFound)),
            ("POST", $"api/admin/service-menus/{missing}/state", _ => Json(new { disabled = true }), adminPerson(NotFound)),
            ("GET", $"api/requests/{missing}/attachments", _ => null, participants(NotFound)),
            ("GET", $"api/requests/{missing}/attachments/{missing}", _ => null, participants(NotFound)),
            ("POST", $"api/requests/{missing}/attachments?name=a.pdf", _ => Pdf(), facilityPeople(NotFound)),
            ("GET", $"api/requests/{missing}/prior-suggestions", _ => null, facilityPeople(NotFound)),
            ("PUT", $"api/requests/{missing}/priors", _ => Json(new { studyInstanceUids = Array.Empty<string>() }), facilityPeople(NotFound)),
        ];
    }
}
