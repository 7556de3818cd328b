using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace YangFan.Benchmarks.Api.Data.Migrations.Postgres
{
    /// <inheritdoc />
    public partial class ApplicationListingKeysetIndex : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<DateTimeOffset>(
                name: "ListingTime",
                table: "Applications",
                type: "timestamp with time zone",
                nullable: false,
                defaultValue: new DateTimeOffset(new DateTime(1, 1, 1, 0, 0, 0, 0, DateTimeKind.Unspecified), new TimeSpan(0, 0, 0, 0, 0)));

            // Existing rows: their submission time, or after every submitted application for a draft never submitted (DateTimeOffset.MaxValue, which Npgsql reads and writes as infinity).
            migrationBuilder.Sql("""
                UPDATE "Applications" SET "ListingTime" = COALESCE("SubmittedAt", 'infinity')
                """);

            migrationBuilder.CreateIndex(
                name: "IX_Applications_CallId_ListingTime_Id",
                table: "Applications",
                columns: new[] { "CallId", "ListingTime", "Id" });

            migrationBuilder.CreateIndex(
                name: "IX_Applications_ListingTime_Id",
                table: "Applications",
                columns: new[] { "ListingTime", "Id" });

            migrationBuilder.CreateIndex(
                name: "IX_Applications_State_ListingTime_Id",
                table: "Applications",
                columns: new[] { "State", "ListingTime", "Id" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_Applications_CallId_ListingTime_Id",
                table: "Applications");

            migrationBuilder.DropIndex(
                name: "IX_Applications_ListingTime_Id",
                table: "Applications");

            migrationBuilder.DropIndex(
                name: "IX_Applications_State_ListingTime_Id",
                table: "Applications");

            migrationBuilder.DropColumn(
                name: "ListingTime",
                table: "Applications");
        }
    }
}
