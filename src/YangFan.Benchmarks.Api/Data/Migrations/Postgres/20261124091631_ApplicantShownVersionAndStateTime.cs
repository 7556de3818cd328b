using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace YangFan.Benchmarks.Api.Data.Migrations.Postgres
{
    /// <inheritdoc />
    public partial class ApplicantShownVersionAndStateTime : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<DateTimeOffset>(
                name: "ShownStateEnteredAt",
                table: "Applications",
                type: "timestamp with time zone",
                nullable: false,
                defaultValue: new DateTimeOffset(new DateTime(1, 1, 1, 0, 0, 0, 0, DateTimeKind.Unspecified), new TimeSpan(0, 0, 0, 0, 0)));

            migrationBuilder.AddColumn<int>(
                name: "StagedVersions",
                table: "Applications",
                type: "integer",
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
