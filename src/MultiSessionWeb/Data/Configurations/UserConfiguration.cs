using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace MultiSessionWeb.Data.Configurations;

internal sealed class UserConfiguration : IEntityTypeConfiguration<User>
{
    public void Configure(EntityTypeBuilder<User> user)
    {
        user.Property(u => u.Id).HasMaxLength(OpaqueId.MaxLength);
        user.Property(u => u.Email).HasMaxLength(Limits.EmailLength);
        user.Property(u => u.NormalizedEmail).HasMaxLength(Limits.EmailLength);
        user.Property(u => u.Name).HasMaxLength(Limits.NameLength);
        user.Property(u => u.Phone).HasMaxLength(32);
        user.Property(u => u.PasswordHash).HasMaxLength(256);
        user.HasIndex(u => u.NormalizedEmail).IsUnique();

        // SMS sign-in finds the account by its verified number.
        user.HasIndex(u => u.Phone);
    }
}
