using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace MultiSessionWeb.Data.Configurations;

internal sealed class OneTimeCodeConfiguration : IEntityTypeConfiguration<OneTimeCode>
{
    public void Configure(EntityTypeBuilder<OneTimeCode> code)
    {
        code.Property(c => c.Purpose).HasMaxLength(32);
        code.Property(c => c.Identifier).HasMaxLength(Limits.EmailLength);
        code.Property(c => c.UserId).HasMaxLength(OpaqueId.MaxLength);
        code.Property(c => c.Salt).HasMaxLength(16);
        code.Property(c => c.Hash).HasMaxLength(32);
        code.Property(c => c.IpAddress).HasMaxLength(64);
        code.Property(c => c.Requester).HasMaxLength(OpaqueId.MaxLength);

        // The latest code for an identifier, and the sends of the last minutes, by identifier and by address.
        code.HasIndex(c => new { c.Identifier, c.Purpose, c.CreatedAt });
        code.HasIndex(c => new { c.IpAddress, c.CreatedAt });
        code.HasIndex(c => c.ExpireAt);
    }
}
