using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace MultiSessionWeb.Data.Configurations;

internal sealed class ExternalLoginConfiguration : IEntityTypeConfiguration<ExternalLogin>
{
    public void Configure(EntityTypeBuilder<ExternalLogin> login)
    {
        login.Property(l => l.UserId).HasMaxLength(OpaqueId.MaxLength);
        login.Property(l => l.Provider).HasMaxLength(Limits.ProviderNameLength);
        login.Property(l => l.Subject).HasMaxLength(Limits.ExternalSubjectLength);
        login.Property(l => l.Email).HasMaxLength(Limits.EmailLength);
        login.HasOne<User>().WithMany().HasForeignKey(l => l.UserId).OnDelete(DeleteBehavior.Cascade);

        // One provider account signs in one user: the index settles two callbacks racing to link it.
        login.HasIndex(l => new { l.Provider, l.Subject }).IsUnique();
        login.HasIndex(l => l.UserId);
    }
}
