using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace YangFan.Benchmarks.Api.Data.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class ApplicantShownVersionAndStateTime : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<long>(
                name: "ShownStateEnteredAt",
                table: "Applications",
                type: "INTEGER",
                nullable: false,
                defaultValue: 0L);

            migrationBuilder.AddColumn<int>(
                name: "StagedVersions",
                table: "Applications",
                type: "INTEGER",
                nullable: false,
                defaultValue: 0);

            // Until now applicants saw the stored state time; it stays what they saw.
            migrationBuilder.Sql("UPDATE \"Applications\" SET \"ShownStateEnteredAt\" = \"StateEnteredAt\";");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropColumn(
                name: "ShownStateEnteredAt",
                table: "Applications");

            migrationBuilder.DropColumn(
                name: "StagedVersions",
                table: "Applications");
        }
    }
}
