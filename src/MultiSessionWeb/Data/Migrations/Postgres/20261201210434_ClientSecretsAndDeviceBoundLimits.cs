using System;
using Microsoft.EntityFrameworkCore.Migrations;
using Npgsql.EntityFrameworkCore.PostgreSQL.Metadata;

#nullable disable

namespace MultiSessionWeb.Data.Migrations.Postgres
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
                type: "character varying(32)",
                maxLength: 32,
                nullable: true);

            migrationBuilder.AddColumn<byte[]>(
                name: "PreviousSecretHash",
                table: "Clients",
                type: "bytea",
                maxLength: 32,
                nullable: true);

            migrationBuilder.AddColumn<byte[]>(
                name: "SealedSecret",
                table: "Clients",
                type: "bytea",
                maxLength: 16,
                nullable: true);

            migrationBuilder.AddColumn<byte[]>(
                name: "SecretHash",
                table: "Clients",
                type: "bytea",
                maxLength: 32,
                nullable: true);

            migrationBuilder.AddColumn<DateTime>(
                name: "SecretRotatedAt",
                table: "Clients",
                type: "timestamp with time zone",
                nullable: true);

            migrationBuilder.CreateTable(
                name: "LimitEvents",
                columns: table => new
                {
                    Id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    Kind = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: false),
                    Key = table.Column<string>(type: "character varying(300)", maxLength: 300, nullable: false),
                    OccurredAt = table.Column<DateTime>(type: "timestamp with time zone", nullable: false)
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
