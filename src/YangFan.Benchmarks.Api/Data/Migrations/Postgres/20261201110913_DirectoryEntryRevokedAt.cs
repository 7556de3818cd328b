using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace YangFan.Benchmarks.Api.Data.Migrations.Postgres
{
    /// <inheritdoc />
    public partial class DirectoryEntryRevokedAt : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_DirectoryEntries_DirectoryId_CreditCode_Id",
                table: "DirectoryEntries");

            migrationBuilder.AddColumn<DateTimeOffset>(
                name: "RevokedAt",
                table: "DirectoryEntries",
                type: "timestamp with time zone",
                nullable: true);

            // Entries revoked before this column: revoked when the first version of their call that showed them revoked was published.
            migrationBuilder.Sql("""
                UPDATE "DirectoryEntries" SET "RevokedAt" = (
                    SELECT min(d."PublishedAt") FROM "DirectoryEntries" AS x JOIN "Directories" AS d ON d."Id" = x."DirectoryId"
                    WHERE x."Revoked" AND x."ApplicationId" = "DirectoryEntries"."ApplicationId"
                      AND d."CallId" = (SELECT v."CallId" FROM "Directories" AS v WHERE v."Id" = "DirectoryEntries"."DirectoryId"))
                WHERE "Revoked";
                """);


            migrationBuilder.CreateIndex(
                name: "IX_DirectoryEntries_DirectoryId_CreditCode_Id",
                table: "DirectoryEntries",
                columns: new[] { "DirectoryId", "CreditCode", "Id" })
                .Annotation("Npgsql:IndexInclude", new[] { "ApplicationId", "OrganisationName", "Title", "SectorCode", "ProvinceCode", "Batch", "Revoked", "RevokedReason", "RevokedAt" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_DirectoryEntries_DirectoryId_CreditCode_Id",
                table: "DirectoryEntries");

            migrationBuilder.DropColumn(
                name: "RevokedAt",
                table: "DirectoryEntries");

            migrationBuilder.CreateIndex(
                name: "IX_DirectoryEntries_DirectoryId_CreditCode_Id",
                table: "DirectoryEntries",
                columns: new[] { "DirectoryId", "CreditCode", "Id" })
                .Annotation("Npgsql:IndexInclude", new[] { "ApplicationId", "OrganisationName", "Title", "SectorCode", "ProvinceCode", "Batch", "Revoked", "RevokedReason" });
        }
    }
}
