using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace YangFan.Benchmarks.Api.Data.Migrations.Postgres
{
    /// <inheritdoc />
    public partial class FormTemplatesBelongToTheirVersion : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            // Null for the versions stored before: the next start-up records the template files they served until then
            // (FormImporter), as the bytes each version serves from now on.
            migrationBuilder.AddColumn<string>(
                name: "TemplateHashes",
                table: "Forms",
                type: "character varying(4000)",
                maxLength: 4000,
                nullable: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropColumn(
                name: "TemplateHashes",
                table: "Forms");
        }
    }
}
