using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace MultiSessionWeb.Data.Configurations;

internal sealed class SecurityEventConfiguration : IEntityTypeConfiguration<SecurityEvent>
{
    public void Configure(EntityTypeBuilder<SecurityEvent> securityEvent)
    {
        securityEvent.Property(e => e.UserId).HasMaxLength(OpaqueId.MaxLength);
        securityEvent.Property(e => e.Type).HasMaxLength(32);
        securityEvent.Property(e => e.Detail).HasMaxLength(64);
        securityEvent.Property(e => e.SessionId).HasMaxLength(OpaqueId.MaxLength);
        securityEvent.Property(e => e.UserAgent).HasMaxLength(Limits.UserAgentLength);
        securityEvent.Property(e => e.IpAddress).HasMaxLength(64);
        securityEvent.HasOne<User>().WithMany().HasForeignKey(e => e.UserId).OnDelete(DeleteBehavior.Cascade);

        // The activity page reads one user's newest events first.
        securityEvent.HasIndex(e => new { e.UserId, e.OccurredAt });

        // The cleanup deletes the oldest events first, in batches.
        securityEvent.HasIndex(e => e.OccurredAt);
    }
}
