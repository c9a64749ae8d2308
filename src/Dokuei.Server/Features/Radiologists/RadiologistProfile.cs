using Dokuei.Server.Features.Assignment;
using Dokuei.Server.Features.Facilities;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Dokuei.Server.Features.Radiologists;

/// <summary>
/// A radiologist's profile (one per radiologist user). Public: years, certifications (e.g. 放射線診断専門医,
/// 核医学専門医, マンモグラフィ読影認定医), specialties, modalities, languages and an introduction. Internal (center
/// only): notes, employment, capacity, facility conflicts and shifts.
/// </summary>
internal sealed class RadiologistProfile
{
    public Guid UserId { get; set; }

    public int YearsOfExperience { get; set; }

    public List<string> Certifications { get; set; } = [];

    /// <summary>neuro, head-and-neck, chest, cardiac, abdomen, msk, breast, pediatric, nuclear-medicine...</summary>
    public List<string> Specialties { get; set; } = [];

    /// <summary>CT, MR, CR, MG, NM, PT, US...</summary>
    public List<string> Modalities { get; set; } = [];

    /// <summary>ja, en...</summary>
    public List<string> Languages { get; set; } = [];

    /// <summary>Shown to facilities.</summary>
    public string? PublicIntroduction { get; set; }

    /// <summary>Center only.</summary>
    public string? InternalNotes { get; set; }

    /// <summary>Center only, e.g. 常勤, 非常勤, 在宅.</summary>
    public string? Employment { get; set; }

    /// <summary>Most open reading tasks at once.</summary>
    public int Capacity { get; set; } = 10;

    /// <summary>Facilities whose cases this radiologist must not read (they work there).</summary>
    public List<long> ConflictFacilityIds { get; set; } = [];

    public List<RadiologistShift> Shifts { get; } = [];

    /// <summary>What assignment needs, for deciding at <paramref name="at"/>: shifts from a day before to a week after.</summary>
    public RadiologistCandidate ToCandidate(DateTimeOffset at, int openTasks) => new()
    {
        UserId = UserId,
        YearsOfExperience = YearsOfExperience,
        Certifications = Certifications.ToHashSet(StringComparer.Ordinal),
        Specialties = Specialties.ToHashSet(StringComparer.Ordinal),
        Modalities = Modalities.ToHashSet(StringComparer.OrdinalIgnoreCase),
        ConflictFacilityIds = ConflictFacilityIds.ToHashSet(),
        Shifts = Shifts.Where(s => s.EndsAt > at.AddDays(-1) && s.StartsAt < at.AddDays(7)).OrderBy(s => s.StartsAt).Select(s => new Shift(s.StartsAt, s.EndsAt)).ToList(),
        OpenTasks = openTasks,
        Capacity = Capacity,
    };
}

/// <summary>A period the radiologist is available to read.</summary>
internal sealed class RadiologistShift
{
    public long Id { get; set; }

    public Guid UserId { get; set; }

    public DateTimeOffset StartsAt { get; set; }

    public DateTimeOffset EndsAt { get; set; }
}

/// <summary>The <c>radiologist_profiles</c> and <c>radiologist_shifts</c> tables.</summary>
internal sealed class RadiologistConfiguration : IEntityTypeConfiguration<RadiologistProfile>, IEntityTypeConfiguration<RadiologistShift>
{
    public void Configure(EntityTypeBuilder<RadiologistProfile> builder)
    {
        builder.ToTable("radiologist_profiles");
        builder.HasKey(p => p.UserId);
        builder.Property(p => p.UserId).ValueGeneratedNever();
        builder.Property(p => p.Certifications).AsJsonList();
        builder.Property(p => p.Specialties).AsJsonList();
        builder.Property(p => p.Modalities).AsJsonList();
        builder.Property(p => p.Languages).AsJsonList();
        builder.Property(p => p.ConflictFacilityIds).AsJsonList();
        builder.HasMany(p => p.Shifts).WithOne().HasForeignKey(s => s.UserId).OnDelete(DeleteBehavior.Cascade);
    }

    public void Configure(EntityTypeBuilder<RadiologistShift> builder) => builder.ToTable("radiologist_shifts");
}
