using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace YangFan.Benchmarks.Api.Data.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class ObjectionReceiptNumbers : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<string>(
                name: "ReceiptNumber",
                table: "Objections",
                type: "TEXT",
                maxLength: 20,
                nullable: false,
                defaultValue: "");

            // Objections received before receipt numbers get one from their id, so the unique index holds for them too.
            migrationBuilder.Sql("""UPDATE "Objections" SET "ReceiptNumber" = 'YF-' || upper(substr(replace("Id", '-', ''), 1, 12))""");

            migrationBuilder.CreateIndex(
                name: "IX_Objections_ReceiptNumber",
                table: "Objections",
                column: "ReceiptNumber",
                unique: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_Objections_ReceiptNumber",
                table: "Objections");

            migrationBuilder.DropColumn(
                name: "ReceiptNumber",
                table: "Objections");
        }
    }
}
