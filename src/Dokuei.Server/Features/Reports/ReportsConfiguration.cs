using Dokuei.Server.Features.Requests;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Dokuei.Server.Features.Reports;

/// <summary>
/// The <see cref="Report"/> aggregate in tables: the report row (revision as concurrency token), its versions and
/// critical-finding notifications; QA decisions, read receipts and designated readers as JSON columns.
/// </summary>
internal sealed class ReportConfiguration : IEntityTypeConfiguration<Report>
{
    public void Configure(EntityTypeBuilder<Report> e)
    {
        e.ToTable("reports");
        e.HasKey(r => r.Id);
        e.Property(r => r.Id).ValueGeneratedNever();
        e.Property<long>(ReadingRequestConfiguration.Revision).IsConcurrencyToken();
        e.HasIndex(r => r.RequestId).IsUnique();
        e.Ignore(r => r.QaDecisions);
        e.Ignore(r => r.ReadReceipts);
        e.Ignore(r => r.DesignatedReaders);
        e.Ignore(r => r.Released);
        e.Ignore(r => r.LatestFinal);
        JsonColumn.Map<Report, QaDecision>(e, "_qaDecisions", "qa_decisions");
        JsonColumn.Map<Report, ReadReceipt>(e, "_readReceipts", "read_receipts");
        JsonColumn.Map<Report, Guid>(e, "_designatedReaders", "designated_readers");
        e.OwnsMany(r => r.Versions, v =>
        {
            v.ToTable("report_versions");
            v.WithOwner().HasForeignKey("ReportId");
            v.HasKey(x => x.Id);
            v.Property(x => x.Id).ValueGeneratedNever();
            v.Property(x => x.Step).HasConversion<string>();
            v.Property(x => x.Status).HasConversion<string>();
            v.Ignore(x => x.KeyImages);
            v.Ignore(x => x.Checks);
            v.Ignore(x => x.Content);
            v.Ignore(x => x.IsSigned);
            JsonColumn.Map<Report, ReportVersion, string>(v, "_keyImages", "key_images");
            JsonColumn.Map<Report, ReportVersion, ReportCheckFinding>(v, "_checks", "checks");
            JsonColumn.UtcInstants(v.OwnedEntityType);
        });
        e.Navigation(r => r.Versions).UsePropertyAccessMode(PropertyAccessMode.Field);
        e.OwnsMany(r => r.CriticalNotifications, n =>
        {
            n.ToTable("critical_notifications");
            n.WithOwner().HasForeignKey("ReportId");
            n.HasKey(x => x.Id);
            n.Property(x => x.Id).ValueGeneratedNever();
            n.Ignore(x => x.IsOpen);
            JsonColumn.UtcInstants(n.OwnedEntityType);
        });
        e.Navigation(r => r.CriticalNotifications).UsePropertyAccessMode(PropertyAccessMode.Field);
        JsonColumn.UtcInstants(e.Metadata);
    }
}
