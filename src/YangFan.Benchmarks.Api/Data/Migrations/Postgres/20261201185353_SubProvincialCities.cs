using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace YangFan.Benchmarks.Api.Data.Migrations.Postgres
{
    /// <inheritdoc />
    public partial class SubProvincialCities : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<string>(
                name: "CityCode",
                table: "Organisations",
                type: "character varying(4)",
                maxLength: 4,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "JurisdictionCityCode",
                table: "AspNetUsers",
                type: "character varying(4)",
                maxLength: 4,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "SubmittedCityCode",
                table: "Applications",
                type: "character varying(4)",
                maxLength: 4,
                nullable: true);

            migrationBuilder.CreateTable(
                name: "Cities",
                columns: table => new
                {
                    Code = table.Column<string>(type: "character varying(4)", maxLength: 4, nullable: false),
                    NameZh = table.Column<string>(type: "character varying(50)", maxLength: 50, nullable: false),
                    NameEn = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: false),
                    ProvinceCode = table.Column<string>(type: "character varying(2)", maxLength: 2, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_Cities", x => x.Code);
                    table.ForeignKey(
                        name: "FK_Cities_Provinces_ProvinceCode",
                        column: x => x.ProvinceCode,
                        principalTable: "Provinces",
                        principalColumn: "Code",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateIndex(
                name: "IX_Cities_ProvinceCode",
                table: "Cities",
                column: "ProvinceCode");

            // An organisation registered in one of the five sub-provincial cities of the reference data (计划单列市:
            // characters 3 to 6 of its credit code) is that city's, unless an administrator has moved it to another province.
            migrationBuilder.Sql("""
                UPDATE "Organisations" SET "CityCode" = substr("CreditCode", 3, 4)
                WHERE substr("CreditCode", 3, 4) IN ('2102', '3302', '3502', '3702', '4403')
                  AND "ProvinceCode" = substr("CreditCode", 3, 2)
                """);

            // A submitted application is its organisation's city's when the stored credit code names the city and the
            // application was submitted under the city's province; the rest name no city, and stay the province's.
            migrationBuilder.Sql("""
                UPDATE "Applications" SET "SubmittedCityCode" = (
                    SELECT substr(o."CreditCode", 3, 4) FROM "Organisations" o WHERE o."Id" = "Applications"."OrganisationId")
                WHERE "SubmittedProvinceCode" IS NOT NULL
                  AND EXISTS (SELECT 1 FROM "Organisations" o WHERE o."Id" = "Applications"."OrganisationId"
                      AND substr(o."CreditCode", 3, 4) IN ('2102', '3302', '3502', '3702', '4403')
                      AND substr(o."CreditCode", 3, 2) = "Applications"."SubmittedProvinceCode")
                """);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "Cities");

            migrationBuilder.DropColumn(
                name: "CityCode",
                table: "Organisations");

            migrationBuilder.DropColumn(
                name: "JurisdictionCityCode",
                table: "AspNetUsers");

            migrationBuilder.DropColumn(
                name: "SubmittedCityCode",
                table: "Applications");
        }
    }
}
