using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace YangFan.Benchmarks.Api.Data.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class AssignmentConfirmationAndDrafts : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<long>(
                name: "ConfirmedAt",
                table: "Assignments",
                type: "INTEGER",
                nullable: true);

            migrationBuilder.AddColumn<long>(
                name: "DraftSavedAt",
                table: "Assignments",
                type: "INTEGER",
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
