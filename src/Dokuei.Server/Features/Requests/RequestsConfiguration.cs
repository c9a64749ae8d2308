using Dokuei.Server.Features.Sla;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Dokuei.Server.Features.Requests;

/// <summary>
/// The <see cref="ReadingRequest"/> aggregate in tables: the request row (with a revision as concurrency token), its
/// tasks, and small value lists as JSON columns. The facility filter is applied by the DbContext.
/// </summary>
internal sealed class ReadingRequestConfiguration : IEntityTypeConfiguration<ReadingRequest>
{
    /// <summary>Name of the shadow concurrency token, incremented on every save of the request.</summary>
    public const string Revision = "Revision";

    public void Configure(EntityTypeBuilder<ReadingRequest> e)
    {
        e.ToTable("reading_requests");
        e.HasKey(r => r.Id);
        e.Property(r => r.Id).ValueGeneratedNever();
        e.Property<long>(Revision).IsConcurrencyToken();
        e.Property(r => r.Type).HasConversion<string>();
        e.Property(r => r.Mode).HasConversion<string>();
        e.Property(r => r.State).HasConversion<string>();
        e.Property(r => r.StateBeforeHold).HasConversion<string>();
        e.Property(r => r.RejectionReason).HasConversion<string>();
        e.Ignore(r => r.BodyParts);
        e.Ignore(r => r.Priors);
        e.Ignore(r => r.Discrepancies);
        e.Ignore(r => r.Addenda);
        e.Ignore(r => r.Events);
        JsonColumn.Map<ReadingRequest, string>(e, "_bodyParts", "body_parts");
        JsonColumn.Map<ReadingRequest, PriorStudy>(e, "_priors", "priors");
        JsonColumn.Map<ReadingRequest, Discrepancy>(e, "_discrepancies", "discrepancies");
        JsonColumn.Map<ReadingRequest, Addendum>(e, "_addenda", "addenda");
        e.HasIndex(r => new { r.FacilityId, r.State });
        e.HasIndex(r => new { r.FacilityId, r.AccessionNumber });
        e.HasIndex(r => new { r.FacilityId, r.StudyInstanceUid });
        e.OwnsMany(r => r.Tasks, t =>
        {
            t.ToTable("reading_tasks");
            t.WithOwner().HasForeignKey("RequestId");
            t.HasKey(x => x.Id);
            t.Property(x => x.Id).ValueGeneratedNever();
            t.Property(x => x.Step).HasConversion<string>();
            t.Property(x => x.State).HasConversion<string>();
            t.Ignore(x => x.IsOpen);
            t.HasIndex(x => new { x.AssignedTo, x.State });
            t.HasIndex(x => new { x.ClaimedBy, x.State });
            JsonColumn.UtcInstants(t.OwnedEntityType);
        });
        e.Navigation(r => r.Tasks).UsePropertyAccessMode(PropertyAccessMode.Field);
        JsonColumn.UtcInstants(e.Metadata);
    }
}

/// <summary>The stored history of requests.</summary>
internal sealed class StoredRequestEventConfiguration : IEntityTypeConfiguration<StoredRequestEvent>
{
    public void Configure(EntityTypeBuilder<StoredRequestEvent> e)
    {
        e.ToTable("request_events");
        e.Property(x => x.FromState).HasConversion<string>();
        e.Property(x => x.ToState).HasConversion<string>();
        e.Property(x => x.Step).HasConversion<string>();
        e.HasIndex(x => x.RequestId);
        JsonColumn.UtcInstants(e.Metadata);
    }
}

/// <summary>The stored assignment decisions.</summary>
internal sealed class StoredAssignmentDecisionConfiguration : IEntityTypeConfiguration<StoredAssignmentDecision>
{
    public void Configure(EntityTypeBuilder<StoredAssignmentDecision> e)
    {
        e.ToTable("assignment_decisions");
        e.Property(x => x.Step).HasConversion<string>();
        e.HasIndex(x => x.RequestId);
        JsonColumn.UtcInstants(e.Metadata);
    }
}

/// <summary>Service menus as data (cut-off, turnaround rule, reception hours).</summary>
internal sealed class ServiceMenuConfiguration : IEntityTypeConfiguration<ServiceMenu>
{
    public void Configure(EntityTypeBuilder<ServiceMenu> e)
    {
        e.ToTable("service_menus");
        e.HasKey(m => m.Id);
        e.Property(m => m.Id).ValueGeneratedNever();
        e.HasIndex(m => m.Code).IsUnique();
        e.Property<long>(ReadingRequestConfiguration.Revision).IsConcurrencyToken();
        e.ComplexProperty(m => m.ReceptionHours, c =>
        {
            c.Ignore(h => h.IsAlways);
            c.Property(h => h.Opens).HasColumnName("reception_opens");
            c.Property(h => h.Length).HasColumnName("reception_length");
            c.Property(h => h.BusinessDaysOnly).HasColumnName("reception_business_days_only");
        });
        e.ComplexProperty(m => m.Turnaround, c =>
        {
            c.Property(t => t.Kind).HasConversion<string>().HasColumnName("turnaround_kind");
            c.Property(t => t.TimeOfDay).HasColumnName("turnaround_time_of_day");
            c.Property(t => t.Duration).HasColumnName("turnaround_duration");
        });
    }
}

/// <summary>Business calendars as data (weekend days, holidays, closures, extra working days).</summary>
internal sealed class BusinessCalendarConfiguration : IEntityTypeConfiguration<BusinessCalendar>
{
    public void Configure(EntityTypeBuilder<BusinessCalendar> e)
    {
        e.ToTable("business_calendars");
        e.HasKey(c => c.Id);
        e.Property(c => c.Id).ValueGeneratedNever();
        e.Ignore(c => c.WeekendDays);
        e.Ignore(c => c.AnnualClosures);
        e.Ignore(c => c.ClosedDays);
        e.Ignore(c => c.ExtraWorkingDays);
        JsonColumn.Map<BusinessCalendar, DayOfWeek>(e, "_weekendDays", "weekend_days");
        JsonColumn.Map<BusinessCalendar, AnnualClosure>(e, "_annualClosures", "annual_closures");
        JsonColumn.Map<BusinessCalendar, DateOnly>(e, "_closedDays", "closed_days");
        JsonColumn.Map<BusinessCalendar, DateOnly>(e, "_extraWorkingDays", "extra_working_days");
    }
}
