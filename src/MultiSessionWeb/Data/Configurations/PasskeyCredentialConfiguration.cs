using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace MultiSessionWeb.Data.Configurations;

internal sealed class PasskeyCredentialConfiguration : IEntityTypeConfiguration<PasskeyCredential>
{
    public void Configure(EntityTypeBuilder<PasskeyCredential> passkey)
    {
        passkey.Property(p => p.Id).HasMaxLength(OpaqueId.MaxLength);
        passkey.Property(p => p.UserId).HasMaxLength(OpaqueId.MaxLength);
        passkey.Property(p => p.CredentialId).HasMaxLength(Limits.PasskeyCredentialIdLength);
        passkey.Property(p => p.UserHandle).HasMaxLength(64);
        passkey.Property(p => p.PublicKey).HasMaxLength(2048);
        passkey.Property(p => p.Transports).HasMaxLength(64);
        passkey.Property(p => p.Name).HasMaxLength(Limits.PasskeyNameLength);
        passkey.HasOne<User>().WithMany().HasForeignKey(p => p.UserId).OnDelete(DeleteBehavior.Cascade);

        // A credential id signs in one account only: the index settles two registrations racing.
        passkey.HasIndex(p => p.CredentialId).IsUnique();
        passkey.HasIndex(p => new { p.UserId, p.CreatedAt });
    }
}

internal sealed class UsedPasskeyCeremonyConfiguration : IEntityTypeConfiguration<UsedPasskeyCeremony>
{
    public void Configure(EntityTypeBuilder<UsedPasskeyCeremony> used)
    {
        used.HasKey(u => u.Nonce);
        used.Property(u => u.Nonce).HasMaxLength(32);
        used.HasIndex(u => u.ExpireAt);
    }
}
