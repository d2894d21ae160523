using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace MultiSessionWeb.Data.Configurations;

internal sealed class DevMessageConfiguration : IEntityTypeConfiguration<DevMessage>
{
    public void Configure(EntityTypeBuilder<DevMessage> message)
    {
        message.Property(m => m.Channel).HasMaxLength(8);
        message.Property(m => m.To).HasMaxLength(Limits.EmailLength);
        message.Property(m => m.Subject).HasMaxLength(200);
        message.Property(m => m.Body).HasMaxLength(20_000);
        message.HasIndex(m => m.CreatedAt);
    }
}
