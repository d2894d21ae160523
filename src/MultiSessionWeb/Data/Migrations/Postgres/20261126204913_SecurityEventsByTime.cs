using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace MultiSessionWeb.Data.Migrations.Postgres
{
    /// <inheritdoc />
    public partial class SecurityEventsByTime : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateIndex(
                name: "IX_SecurityEvents_OccurredAt",
                table: "SecurityEvents",
                column: "OccurredAt");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_SecurityEvents_OccurredAt",
                table: "SecurityEvents");
        }
    }
}
