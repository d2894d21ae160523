using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace MultiSessionWeb.Data.Migrations
{
    /// <inheritdoc />
    public partial class ClientSecrets : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
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
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
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
