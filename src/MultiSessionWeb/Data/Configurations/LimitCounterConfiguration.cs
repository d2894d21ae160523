using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace MultiSessionWeb.Data.Configurations;

internal sealed class LimitCounterConfiguration : IEntityTypeConfiguration<LimitCounter>
{
    public void Configure(EntityTypeBuilder<LimitCounter> counter)
    {
        // The key is what the upsert's ON CONFLICT names, so one window of one key is one row.
        counter.HasKey(c => new { c.Kind, c.Key, c.WindowStart });
        counter.Property(c => c.Kind).HasMaxLength(32);
        counter.Property(c => c.Key).HasMaxLength(Limits.LimitKeyLength);
        counter.HasIndex(c => c.WindowEnd);
    }
}
