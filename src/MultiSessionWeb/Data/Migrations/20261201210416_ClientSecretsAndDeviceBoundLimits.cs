using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace MultiSessionWeb.Data.Migrations
{
    /// <inheritdoc />
    public partial class ClientSecretsAndDeviceBoundLimits : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<string>(
                name: "Requester",
                table: "OneTimeCodes",
                type: "TEXT",
                maxLength: 32,
                nullable: true);

            migrationBuilder.AddColumn<byte[]>(
                name: "PreviousSecretHash",
                table: "Clients",
                type: "BLOB",
                maxLength: 32,
                nullable: true);

            migrationBuilder.AddColumn<byte[]>(
                name: "SealedSecret",
                table: "Clients",
                type: "BLOB",
                maxLength: 16,
                nullable: true);

            migrationBuilder.AddColumn<byte[]>(
                name: "SecretHash",
                table: "Clients",
                type: "BLOB",
                maxLength: 32,
                nullable: true);

            migrationBuilder.AddColumn<DateTime>(
                name: "SecretRotatedAt",
                table: "Clients",
                type: "TEXT",
                nullable: true);

            migrationBuilder.CreateTable(
                name: "LimitEvents",
                columns: table => new
                {
                    Id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    Kind = table.Column<string>(type: "TEXT", maxLength: 32, nullable: false),
                    Key = table.Column<string>(type: "TEXT", maxLength: 300, nullable: false),
                    OccurredAt = table.Column<DateTime>(type: "TEXT", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_LimitEvents", x => x.Id);
                });

            migrationBuilder.CreateIndex(
                name: "IX_LimitEvents_Kind_Key_OccurredAt",
                table: "LimitEvents",
                columns: new[] { "Kind", "Key", "OccurredAt" });

            migrationBuilder.CreateIndex(
                name: "IX_LimitEvents_OccurredAt",
                table: "LimitEvents",
                column: "OccurredAt");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "LimitEvents");

            migrationBuilder.DropColumn(
                name: "Requester",
                table: "OneTimeCodes");

            migrationBuilder.DropColumn(
                name: "PreviousSecretHash",
                table: "Clients");

            migrationBuilder.DropColumn(
                name: "SealedSecret",
                table: "Clients");

            migrationBuilder.DropColumn(
                name: "SecretHash",
                table: "Clients");

            migrationBuilder.DropColumn(
                name: "SecretRotatedAt",
                table: "Clients");
        }
    }
}
