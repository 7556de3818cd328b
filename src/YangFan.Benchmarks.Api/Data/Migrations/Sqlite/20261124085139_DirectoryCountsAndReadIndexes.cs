using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace YangFan.Benchmarks.Api.Data.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class DirectoryCountsAndReadIndexes : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<int>(
                name: "ActiveCount",
                table: "Directories",
                type: "INTEGER",
                nullable: false,
                defaultValue: 0);

            migrationBuilder.AddColumn<int>(
                name: "EntryCount",
                table: "Directories",
                type: "INTEGER",
                nullable: false,
                defaultValue: 0);

            // Versions published before the counts were stored get them from their entries.
            migrationBuilder.Sql(
                "UPDATE \"Directories\" SET " +
                "\"EntryCount\" = (SELECT COUNT(*) FROM \"DirectoryEntries\" e WHERE e.\"DirectoryId\" = \"Directories\".\"Id\"), " +
                "\"ActiveCount\" = (SELECT COUNT(*) FROM \"DirectoryEntries\" e WHERE e.\"DirectoryId\" = \"Directories\".\"Id\" AND NOT e.\"Revoked\");");

            migrationBuilder.CreateIndex(
                name: "IX_DirectoryEntries_DirectoryId_CreditCode_Id",
                table: "DirectoryEntries",
                columns: new[] { "DirectoryId", "CreditCode", "Id" });

            migrationBuilder.CreateIndex(
                name: "IX_Applications_ProgrammeKey_SectorCode_State_WorkflowKey_WorkflowVersion",
                table: "Applications",
                columns: new[] { "ProgrammeKey", "SectorCode", "State", "WorkflowKey", "WorkflowVersion" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_DirectoryEntries_DirectoryId_CreditCode_Id",
                table: "DirectoryEntries");

            migrationBuilder.DropIndex(
                name: "IX_Applications_ProgrammeKey_SectorCode_State_WorkflowKey_WorkflowVersion",
                table: "Applications");

            migrationBuilder.DropColumn(
                name: "ActiveCount",
                table: "Directories");

            migrationBuilder.DropColumn(
                name: "EntryCount",
                table: "Directories");
        }
    }
}
