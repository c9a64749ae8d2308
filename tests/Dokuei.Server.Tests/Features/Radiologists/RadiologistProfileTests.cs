using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Dokuei.Server.Features.Identity;
using Dokuei.Server.Tests.Features.Identity;
using Dokuei.Server.Tests.TestSupport;
using Microsoft.EntityFrameworkCore;

namespace Dokuei.Server.Tests.Features.Radiologists;

/// <summary>Profiles: facilities see the public part only; the center sees everything; assignment can load candidates.</summary>
public sealed class RadiologistProfileTests
{
    public static TheoryData<string> Providers => TestDatabases.Providers;

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task Facilities_see_the_public_profile_and_the_center_sees_internal_data_and_shifts(string provider)
    {
        await using var server = await ArchiveServer.StartAsync(provider);
        var (facilityId, _) = await People.AddFacilityAsync(server, "Hospital A");
        var reader = await People.AddUserAsync(server, "mammo", UserRole.Radiologist);
        using var admin = server.OperatorClient();
        var start = new DateTimeOffset(2026, 12, 1, 9, 0, 0, TimeSpan.FromHours(9));
        var edit = await admin.PutAsJsonAsync($"api/admin/radiologists/{reader.Id}", new
        {
            yearsOfExperience = 12,
            certifications = new[] { "放射線診断専門医", "マンモグラフィ読影認定医" },
            specialties = new[] { "breast", "chest" },
            modalities = new[] { "MG", "CT" },
            languages = new[] { "ja", "en" },
            introduction = "乳腺画像診断が専門です。",
            internalNotes = "週3日在宅",
            employment = "非常勤",
            capacity = 6,
            conflictFacilityIds = new[] { facilityId },
            shifts = new[] { new { startsAt = start, endsAt = start.AddHours(8) } },
        });
        Assert.Equal(HttpStatusCode.NoContent, edit.StatusCode);

        using var staff = await People.SignInAsync(server, await People.AddUserAsync(server, "staff", UserRole.FacilityStaff, facilityId));
        var publicView = (await staff.GetFromJsonAsync<JsonElement>("api/radiologists"))[0];
        Assert.Equal(12, publicView.GetProperty("yearsOfExperience").GetInt32());
        Assert.Equal("マンモグラフィ読影認定医", publicView.GetProperty("certifications")[1].GetString());
        Assert.False(publicView.TryGetProperty("internalNotes", out _));
        Assert.False(publicView.TryGetProperty("shifts", out _));
        Assert.False(publicView.TryGetProperty("conflictFacilityIds", out _));

        using var coordinator = await People.SignInAsync(server, await People.AddUserAsync(server, "coordinator", UserRole.Coordinator));
        var full = (await coordinator.GetFromJsonAsync<JsonElement>("api/radiologists"))[0];
        Assert.Equal("週3日在宅", full.GetProperty("internalNotes").GetString());
        Assert.Equal(facilityId, full.GetProperty("conflictFacilityIds")[0].GetInt64());
        Assert.Equal(start, full.GetProperty("shifts")[0].GetProperty("startsAt").GetDateTimeOffset());

        await using var db = People.Db(server);
        var profile = await db.RadiologistProfiles.Include(p => p.Shifts).SingleAsync();
        var candidate = profile.ToCandidate(start.AddHours(1), openTasks: 2);
        Assert.Equal(reader.Id, candidate.UserId);
        Assert.Contains("MG", candidate.Modalities);
        Assert.Single(candidate.Shifts);
        Assert.Equal((2, 6), (candidate.OpenTasks, candidate.Capacity));
        Assert.Contains(facilityId, candidate.ConflictFacilityIds);
    }
}
