using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace MultiSessionWeb.Data.Configurations;

internal sealed class SessionConfiguration : IEntityTypeConfiguration<Session>
{
    public void Configure(EntityTypeBuilder<Session> session)
    {
        session.Property(s => s.Id).HasMaxLength(OpaqueId.MaxLength);
        session.Property(s => s.ClientId).HasMaxLength(OpaqueId.MaxLength);
        session.Property(s => s.UserId).HasMaxLength(OpaqueId.MaxLength);
        session.Property(s => s.SignInMethod).HasMaxLength(32);
        session.Property(s => s.EndReason).HasMaxLength(64);
        session.Property(s => s.UserAgent).HasMaxLength(Limits.UserAgentLength);
        session.Property(s => s.IpAddress).HasMaxLength(64);

        session.HasOne<Client>().WithMany().HasForeignKey(s => s.ClientId);
        session.HasOne(s => s.User).WithMany().HasForeignKey(s => s.UserId);

        // These two indexes are what keeps concurrent sign-ins into one browser honest: two requests
        // that pick the same free slot, or sign in the same account twice, cannot both commit.
        // Removed and replaced sessions have left the browser's list and give their slot back.
        session.HasIndex(s => new { s.ClientId, s.Slot })
            .IsUnique()
            .HasFilter("\"Status\" NOT IN ('Removed', 'Replaced')")
            .HasDatabaseName("IX_Sessions_ClientId_Slot_Listed");
        session.HasIndex(s => new { s.ClientId, s.UserId })
            .IsUnique()
            .HasFilter("\"Status\" IN ('Active', 'Pending')")
            .HasDatabaseName("IX_Sessions_ClientId_UserId_SignedIn");

        // Every request loads its browser's signed-in sessions by client and status, in slot order. The
        // filtered indexes above cannot serve it (SQLite uses a partial index only when the query repeats
        // its filter), so without this one each request scans the whole table.
        session.HasIndex(s => new { s.ClientId, s.Status, s.Slot });

        session.HasIndex(s => new { s.UserId, s.Status });
        session.HasIndex(s => s.ExpireAt);

        // Cleanup deletes ended rows by age.
        session.HasIndex(s => s.EndedAt);
    }
}
