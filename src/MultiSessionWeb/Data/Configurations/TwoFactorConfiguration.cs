using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace MultiSessionWeb.Data.Configurations;

internal sealed class TwoFactorAuthenticatorConfiguration : IEntityTypeConfiguration<TwoFactorAuthenticator>
{
    public void Configure(EntityTypeBuilder<TwoFactorAuthenticator> authenticator)
    {
        authenticator.HasKey(a => a.UserId);
        authenticator.Property(a => a.UserId).HasMaxLength(OpaqueId.MaxLength);
        authenticator.Property(a => a.ProtectedSecret).HasMaxLength(1024);
        authenticator.HasOne<User>().WithOne().HasForeignKey<TwoFactorAuthenticator>(a => a.UserId).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class RecoveryCodeConfiguration : IEntityTypeConfiguration<RecoveryCode>
{
    public void Configure(EntityTypeBuilder<RecoveryCode> code)
    {
        code.Property(c => c.Id).HasMaxLength(OpaqueId.MaxLength);
        code.Property(c => c.UserId).HasMaxLength(OpaqueId.MaxLength);
        code.Property(c => c.Hash).HasMaxLength(32);
        code.HasOne<User>().WithMany().HasForeignKey(c => c.UserId).OnDelete(DeleteBehavior.Cascade);

        // A code is checked by one indexed lookup of its hash; 120 random bits make collisions moot.
        code.HasIndex(c => c.Hash).IsUnique();
        code.HasIndex(c => c.UserId);
    }
}

internal sealed class PendingSignInConfiguration : IEntityTypeConfiguration<PendingSignIn>
{
    public void Configure(EntityTypeBuilder<PendingSignIn> pending)
    {
        pending.Property(p => p.Id).HasMaxLength(OpaqueId.MaxLength);
        pending.Property(p => p.UserId).HasMaxLength(OpaqueId.MaxLength);
        pending.Property(p => p.Method).HasMaxLength(32);
        pending.Property(p => p.BindingHash).HasMaxLength(32);
        pending.HasOne<User>().WithMany().HasForeignKey(p => p.UserId).OnDelete(DeleteBehavior.Cascade);

        // Cleanup deletes them by age.
        pending.HasIndex(p => p.ExpireAt);
    }
}
