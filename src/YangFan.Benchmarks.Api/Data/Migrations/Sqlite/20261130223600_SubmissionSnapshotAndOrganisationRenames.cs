using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace YangFan.Benchmarks.Api.Data.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class SubmissionSnapshotAndOrganisationRenames : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AlterColumn<string>(
                name: "ProvinceCode",
                table: "Organisations",
                type: "TEXT",
                maxLength: 2,
                nullable: true,
                oldClrType: typeof(string),
                oldType: "TEXT",
                oldMaxLength: 2);

            migrationBuilder.AddColumn<string>(
                name: "SubmittedOrganisationName",
                table: "Applications",
                type: "TEXT",
                maxLength: 200,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "SubmittedProvinceCode",
                table: "Applications",
                type: "TEXT",
                maxLength: 2,
                nullable: true);

            // The snapshot of applications submitted before is taken by SqliteDataAfterRebuilds, after the rebuild of
            // "Organisations" that altering ProvinceCode needs (SQL here ran while that rebuild was pending).

            migrationBuilder.CreateTable(
                name: "OrganisationRenameRequests",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "TEXT", nullable: false),
                    OrganisationId = table.Column<Guid>(type: "TEXT", nullable: false),
                    CurrentName = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    RequestedName = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    Status = table.Column<string>(type: "TEXT", maxLength: 16, nullable: false),
                    RequestedBy = table.Column<Guid>(type: "TEXT", nullable: false),
                    RequestedAt = table.Column<long>(type: "INTEGER", nullable: false),
                    DecidedBy = table.Column<Guid>(type: "TEXT", nullable: true),
                    DecidedAt = table.Column<long>(type: "INTEGER", nullable: true),
                    DecisionReason = table.Column<string>(type: "TEXT", maxLength: 500, nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_OrganisationRenameRequests", x => x.Id);
                    table.ForeignKey(
                        name: "FK_OrganisationRenameRequests_Organisations_OrganisationId",
                        column: x => x.OrganisationId,
                        principalTable: "Organisations",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateIndex(
                name: "IX_OrganisationRenameRequests_OrganisationId",
                table: "OrganisationRenameRequests",
                column: "OrganisationId",
                unique: true,
                filter: "\"Status\" = 'Pending'");

            migrationBuilder.CreateIndex(
                name: "IX_OrganisationRenameRequests_Status_RequestedAt",
                table: "OrganisationRenameRequests",
                columns: new[] { "Status", "RequestedAt" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "OrganisationRenameRequests");

            migrationBuilder.DropColumn(
                name: "SubmittedOrganisationName",
                table: "Applications");

            migrationBuilder.DropColumn(
                name: "SubmittedProvinceCode",
                table: "Applications");

            migrationBuilder.AlterColumn<string>(
                name: "ProvinceCode",
                table: "Organisations",
                type: "TEXT",
                maxLength: 2,
                nullable: false,
                defaultValue: "",
                oldClrType: typeof(string),
                oldType: "TEXT",
                oldMaxLength: 2,
                oldNullable: true);
        }
    }
}
