using Dokuei.Server.Features.Requests;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Dokuei.Server.Features.Facilities;

/// <summary>
/// What a facility may order from the center: service menus (by code, e.g. <c>normal</c>, <c>urgent</c>), reading
/// modes, options (e.g. <c>second-opinion</c>, <c>prior-comparison</c>) and the business calendar its deadlines use.
/// </summary>
internal sealed class FacilityContract
{
    public long FacilityId { get; set; }

    public List<string> ServiceMenus { get; set; } = [];

    public List<ReadingMode> ReadingModes { get; set; } = [];

    public List<string> Options { get; set; } = [];

    /// <summary>Radiologists (user ids) the facility prefers for its cases: a ranking factor of assignment, not a rule.</summary>
    public List<Guid> PreferredRadiologists { get; set; } = [];

    /// <summary>The calendar by name, e.g. <c>center-standard</c>.</summary>
    public string BusinessCalendar { get; set; } = "center-standard";

    /// <summary>Incremented by every change (optimistic concurrency).</summary>
    public int Version { get; set; }

    /// <summary>Whether the facility may order <paramref name="menuCode"/> in <paramref name="mode"/>.</summary>
    public bool Allows(string menuCode, ReadingMode mode) => ServiceMenus.Contains(menuCode) && ReadingModes.Contains(mode);
}

/// <summary>The <c>facility_contracts</c> table and the facility's second-factor flag.</summary>
internal sealed class FacilityContractConfiguration : IEntityTypeConfiguration<FacilityContract>
{
    public void Configure(EntityTypeBuilder<FacilityContract> builder)
    {
        builder.ToTable("facility_contracts");
        builder.HasKey(c => c.FacilityId);
        builder.Property(c => c.FacilityId).ValueGeneratedNever();
        builder.Property(c => c.ServiceMenus).AsJsonList();
        builder.Property(c => c.ReadingModes).AsJsonList();
        builder.Property(c => c.Options).AsJsonList();
        builder.Property(c => c.PreferredRadiologists).AsJsonList();
        builder.Property(c => c.Version).IsConcurrencyToken();
    }
}
