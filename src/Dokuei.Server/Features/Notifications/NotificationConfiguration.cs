using Dokuei.Server.Features.Requests;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Dokuei.Server.Features.Notifications;

/// <summary>The <c>notifications</c> table; rows are scoped by user in every query, not by the facility filter.</summary>
internal sealed class NotificationConfiguration : IEntityTypeConfiguration<Notification>
{
    public void Configure(EntityTypeBuilder<Notification> e)
    {
        e.ToTable("notifications");
        e.HasKey(n => n.Id);
        e.Property(n => n.Id).ValueGeneratedNever();
        e.Property(n => n.Kind).HasConversion<string>();
        e.HasIndex(n => new { n.UserId, n.ReadAt });
        e.HasIndex(n => new { n.SubjectId, n.Kind });
        JsonColumn.UtcInstants(e.Metadata);
    }
}
