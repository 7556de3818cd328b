using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace YangFan.Benchmarks.Api.Data.Migrations.Postgres
{
    /// <inheritdoc />
    public partial class AssignmentConfirmationAndDrafts : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<DateTimeOffset>(
                name: "ConfirmedAt",
                table: "Assignments",
                type: "timestamp with time zone",
                nullable: true);

            migrationBuilder.AddColumn<DateTimeOffset>(
                name: "DraftSavedAt",
                table: "Assignments",
                type: "timestamp with time zone",
                nullable: true);

            // Assignments made before experts confirmed having no conflict of interest count as confirmed when they
            // were made: their experts have been reading and reviewing them, and must not be locked out now.
            migrationBuilder.Sql("UPDATE \"Assignments\" SET \"ConfirmedAt\" = \"CreatedAt\";");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropColumn(
                name: "ConfirmedAt",
                table: "Assignments");

            migrationBuilder.DropColumn(
                name: "DraftSavedAt",
                table: "Assignments");
        }
    }
}
