namespace Dokuei.Server.Features.Assignment;

/// <summary>A period a radiologist is available to read (a shift), as instants.</summary>
/// <param name="Start">When the shift starts.</param>
/// <param name="End">When it ends.</param>
public sealed record Shift(DateTimeOffset Start, DateTimeOffset End);

/// <summary>What assignment needs to know about a radiologist at the moment of deciding.</summary>
public sealed record RadiologistCandidate
{
    /// <summary>The radiologist's user id.</summary>
    public required Guid UserId { get; init; }

    /// <summary>Years of reading experience (the seniority of second readers is measured by it).</summary>
    public int YearsOfExperience { get; init; }

    /// <summary>Board certifications, e.g. 放射線診断専門医, マンモグラフィ読影認定医.</summary>
    public IReadOnlySet<string> Certifications { get; init; } = new HashSet<string>();

    /// <summary>Specialties, e.g. neuro, chest, breast.</summary>
    public IReadOnlySet<string> Specialties { get; init; } = new HashSet<string>();

    /// <summary>Modalities read, e.g. CT, MR, MG.</summary>
    public IReadOnlySet<string> Modalities { get; init; } = new HashSet<string>();

    /// <summary>Facilities whose cases this radiologist must not read (e.g. they work there).</summary>
    public IReadOnlySet<long> ConflictFacilityIds { get; init; } = new HashSet<long>();

    /// <summary>Shifts around the time of deciding.</summary>
    public IReadOnlyList<Shift> Shifts { get; init; } = [];

    /// <summary>Open reading tasks now.</summary>
    public int OpenTasks { get; init; }

    /// <summary>Most open tasks at once.</summary>
    public int Capacity { get; init; } = 10;
}
