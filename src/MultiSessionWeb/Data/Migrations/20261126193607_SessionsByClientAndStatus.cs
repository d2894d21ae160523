using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace MultiSessionWeb.Data.Migrations
{
    /// <inheritdoc />
    public partial class SessionsByClientAndStatus : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateIndex(
                name: "IX_Sessions_ClientId_Status_Slot",
                table: "Sessions",
                columns: new[] { "ClientId", "Status", "Slot" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_Sessions_ClientId_Status_Slot",
                table: "Sessions");
        }
    }
}
