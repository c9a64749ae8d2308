using Dokuei.Server.Features.Requests;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Dokuei.Server.Features.Comments;

/// <summary>Comments in their table; the facility filter is applied by the DbContext.</summary>
internal sealed class CommentConfiguration : IEntityTypeConfiguration<Comment>
{
    public void Configure(EntityTypeBuilder<Comment> e)
    {
        e.ToTable("comments");
        e.HasKey(c => c.Id);
        e.Property(c => c.Id).ValueGeneratedNever();
        e.HasIndex(c => c.RequestId);
        JsonColumn.UtcInstants(e.Metadata);
    }
}
