using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace YangFan.Benchmarks.Api.Data.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class AuthorityQuotas : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<long>(
                name: "RecommendationDeadline",
                table: "Calls",
                type: "INTEGER",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "RecommendingAuthority",
                table: "Applications",
                type: "TEXT",
                maxLength: 216,
                nullable: true);

            migrationBuilder.CreateTable(
                name: "CallAuthorityQuotas",
                columns: table => new
                {
                    CallId = table.Column<Guid>(type: "TEXT", nullable: false),
                    Authority = table.Column<string>(type: "TEXT", maxLength: 216, nullable: false),
                    Quota = table.Column<int>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_CallAuthorityQuotas", x => new { x.CallId, x.Authority });
                    table.CheckConstraint("CK_CallAuthorityQuotas_Quota", "\"Quota\" >= 0");
                    table.ForeignKey(
                        name: "FK_CallAuthorityQuotas_Calls_CallId",
                        column: x => x.CallId,
                        principalTable: "Calls",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            // Recommendations made before quotas were per authority count for the authority of the account that made them.
            migrationBuilder.Sql("""
                UPDATE "Applications" SET "RecommendingAuthority" = (
                    SELECT CASE WHEN u."JurisdictionProvinceCode" IS NOT NULL AND u."JurisdictionProvinceCode" <> ''
                                THEN 'province:' || u."JurisdictionProvinceCode"
                                ELSE 'national-body:' || u."JurisdictionNationalBody" END
                    FROM "AspNetUsers" u WHERE u."Id" = "Applications"."RecommendedBy")
                WHERE "RecommendedBy" IS NOT NULL
                """);

            migrationBuilder.CreateIndex(
                name: "IX_Applications_CallId_RecommendingAuthority",
                table: "Applications",
                columns: new[] { "CallId", "RecommendingAuthority" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "CallAuthorityQuotas");

            migrationBuilder.DropIndex(
                name: "IX_Applications_CallId_RecommendingAuthority",
                table: "Applications");

            migrationBuilder.DropColumn(
                name: "RecommendationDeadline",
                table: "Calls");

            migrationBuilder.DropColumn(
                name: "RecommendingAuthority",
                table: "Applications");
        }
    }
}
