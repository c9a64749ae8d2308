using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Dokuei.Server.Features.Identity;

/// <summary>The <c>users</c> table; the second factor and the lockout are columns of the user's row.</summary>
internal sealed class UserConfiguration : IEntityTypeConfiguration<User>
{
    public void Configure(EntityTypeBuilder<User> builder)
    {
        builder.ToTable("users");
        builder.Property(u => u.Role).HasConversion<string>();
        builder.Property(u => u.Version).IsConcurrencyToken();
        builder.Ignore(u => u.HasConfirmedTotp);
        builder.OwnsOne(u => u.Totp, totp =>
        {
            totp.Property(t => t.Secret).HasColumnName("totp_secret");
            totp.Property(t => t.ConfirmedAt).HasColumnName("totp_confirmed_at");
            totp.Property(t => t.LastUsedStep).HasColumnName("totp_last_used_step");
            totp.Ignore(t => t.SecretBase32);
        });
        builder.OwnsOne(u => u.Lockout, lockout =>
        {
            lockout.Property(l => l.FailedAttempts).HasColumnName("failed_attempts");
            lockout.Property(l => l.LockedUntil).HasColumnName("locked_until");
        });
        builder.Navigation(u => u.Lockout).IsRequired();
    }
}
