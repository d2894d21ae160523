using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace MultiSessionWeb.Data.Configurations;

internal sealed class LimitEventConfiguration : IEntityTypeConfiguration<LimitEvent>
{
    public void Configure(EntityTypeBuilder<LimitEvent> limitEvent)
    {
        limitEvent.Property(e => e.Kind).HasMaxLength(32);
        limitEvent.Property(e => e.Key).HasMaxLength(Limits.LimitKeyLength);

        // A limit counts one key's recent rows; the cleanup deletes the oldest first.
        limitEvent.HasIndex(e => new { e.Kind, e.Key, e.OccurredAt });
        limitEvent.HasIndex(e => e.OccurredAt);
    }
}
