using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace YangFan.Benchmarks.Api.Data.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class DirectoryEntryRevokedAt : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<long>(
                name: "RevokedAt",
                table: "DirectoryEntries",
                type: "INTEGER",
                nullable: true);

            // Entries revoked before this column: revoked when the first version of their call that showed them revoked was published.
            migrationBuilder.Sql("""
                UPDATE "DirectoryEntries" SET "RevokedAt" = (
                    SELECT min(d."PublishedAt") FROM "DirectoryEntries" AS x JOIN "Directories" AS d ON d."Id" = x."DirectoryId"
                    WHERE x."Revoked" AND x."ApplicationId" = "DirectoryEntries"."ApplicationId"
                      AND d."CallId" = (SELECT v."CallId" FROM "Directories" AS v WHERE v."Id" = "DirectoryEntries"."DirectoryId"))
                WHERE "Revoked";
                """);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropColumn(
                name: "RevokedAt",
                table: "DirectoryEntries");
        }
    }
}
