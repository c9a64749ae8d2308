using Dokuei.Server.Features.Requests;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Dokuei.Server.Features.Sla;

/// <summary>
/// A request crossed into at-risk or overdue for a due time: the history statistics count (how many requests went
/// late, how early they were at risk). One row per request, due time and status.
/// </summary>
internal sealed class DeadlineEvent
{
    public long Id { get; set; }

    public Guid RequestId { get; set; }

    public long FacilityId { get; set; }

    public DeadlineStatus Status { get; set; }

    /// <summary>The due time the status was measured against (a new acceptance starts a new history).</summary>
    public DateTimeOffset DueAt { get; set; }

    /// <summary>When the monitor saw it.</summary>
    public DateTimeOffset At { get; set; }
}

/// <summary>The <c>deadline_events</c> table; the unique key keeps two monitors (two nodes) from recording a crossing twice.</summary>
internal sealed class DeadlineEventConfiguration : IEntityTypeConfiguration<DeadlineEvent>
{
    public void Configure(EntityTypeBuilder<DeadlineEvent> e)
    {
        e.ToTable("deadline_events");
        e.Property(x => x.Status).HasConversion<string>();
        e.HasIndex(x => new { x.RequestId, x.DueAt, x.Status }).IsUnique();
        JsonColumn.UtcInstants(e.Metadata);
    }
}
