using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace MultiSessionWeb.Data.Migrations
{
    /// <inheritdoc />
    public partial class StepUpOnSwitch : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<bool>(
                name: "StepUpOnSwitch",
                table: "Users",
                type: "INTEGER",
                nullable: false,
                defaultValue: false);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropColumn(
                name: "StepUpOnSwitch",
                table: "Users");
        }
    }
}
