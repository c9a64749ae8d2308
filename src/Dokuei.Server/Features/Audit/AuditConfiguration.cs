using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Dokuei.Server.Features.Audit;

/// <summary>The <c>audit_events</c> table (rows are written by <see cref="AuditLog"/> only) and its head row.</summary>
internal sealed class AuditConfiguration : IEntityTypeConfiguration<AuditEvent>, IEntityTypeConfiguration<AuditCheckpoint>
{
    public void Configure(EntityTypeBuilder<AuditEvent> builder)
    {
        builder.ToTable("audit_events");
        builder.Property(e => e.Id).ValueGeneratedNever();
        builder.Ignore(e => e.OccurredAtTime);
    }

    public void Configure(EntityTypeBuilder<AuditCheckpoint> builder)
    {
        builder.ToTable("audit_checkpoint");
        builder.Property(e => e.Id).ValueGeneratedNever();
    }
}
