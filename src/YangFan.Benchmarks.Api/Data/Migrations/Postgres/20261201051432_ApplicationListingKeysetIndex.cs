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
            migrationBuilder.CreateIndex(
                name: "IX_Applications_CallId_SubmittedAt_Id",
                table: "Applications",
                columns: new[] { "CallId", "SubmittedAt", "Id" });

            migrationBuilder.CreateIndex(
                name: "IX_Applications_State_SubmittedAt_Id",
                table: "Applications",
                columns: new[] { "State", "SubmittedAt", "Id" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_Applications_CallId_SubmittedAt_Id",
                table: "Applications");

            migrationBuilder.DropIndex(
                name: "IX_Applications_State_SubmittedAt_Id",
                table: "Applications");
        }
    }
}
