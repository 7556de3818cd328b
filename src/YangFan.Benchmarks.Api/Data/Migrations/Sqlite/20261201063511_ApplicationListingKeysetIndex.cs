using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace YangFan.Benchmarks.Api.Data.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class ApplicationListingKeysetIndex : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<long>(
                name: "ListingTime",
                table: "Applications",
                type: "INTEGER",
                nullable: false,
                defaultValue: 0L);

            // Existing rows: their submission time, or after every submitted application for a draft never submitted (the UTC ticks of DateTimeOffset.MaxValue).
            migrationBuilder.Sql("""
                UPDATE "Applications" SET "ListingTime" = COALESCE("SubmittedAt", 3155378975999999999)
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
