using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace MultiSessionWeb.Data.Configurations;

internal sealed class ClientConfiguration : IEntityTypeConfiguration<Client>
{
    public void Configure(EntityTypeBuilder<Client> client)
    {
        client.Property(c => c.Id).HasMaxLength(OpaqueId.MaxLength);
        client.Property(c => c.SecretHash).HasMaxLength(32);
        client.Property(c => c.PreviousSecretHash).HasMaxLength(32);
        client.Property(c => c.SealedSecret).HasMaxLength(Limits.ClientSecretLength);
    }
}
