using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace YangFan.Benchmarks.Api.Data.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class FormsAsData : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_Applications_CallId_OrganisationId_SectorKey",
                table: "Applications");

            migrationBuilder.DropColumn(
                name: "RequiredAttachmentKinds",
                table: "Calls");

            migrationBuilder.AddColumn<bool>(
                name: "SeveralPerOrganisation",
                table: "Programmes",
                type: "INTEGER",
                nullable: false,
                defaultValue: false);

            migrationBuilder.AddColumn<string>(
                name: "FormKey",
                table: "Calls",
                type: "TEXT",
                maxLength: 64,
                nullable: false,
                defaultValue: "");

            migrationBuilder.AddColumn<int>(
                name: "FormVersion",
                table: "Calls",
                type: "INTEGER",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "Slot",
                table: "Applications",
                type: "TEXT",
                maxLength: 36,
                nullable: false,
                defaultValue: "");

            // The calls' forms and the attachments' kinds are filled in by SqliteDataAfterRebuilds, after the rebuild of
            // "Calls" that dropping RequiredAttachmentKinds needs (SQL here ran while that rebuild was pending).

            migrationBuilder.CreateTable(
                name: "Forms",
                columns: table => new
                {
                    Key = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    Version = table.Column<int>(type: "INTEGER", nullable: false),
                    Status = table.Column<string>(type: "TEXT", maxLength: 16, nullable: false),
                    Programme = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    TitleZh = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    TitleEn = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    Content = table.Column<string>(type: "TEXT", nullable: false),
                    ContentHash = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    Source = table.Column<string>(type: "TEXT", maxLength: 16, nullable: false),
                    CreatedAt = table.Column<long>(type: "INTEGER", nullable: false),
                    CreatedBy = table.Column<Guid>(type: "TEXT", nullable: true),
                    PublishedAt = table.Column<long>(type: "INTEGER", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_Forms", x => new { x.Key, x.Version });
                });

            migrationBuilder.CreateIndex(
                name: "IX_Calls_FormKey_FormVersion",
                table: "Calls",
                columns: new[] { "FormKey", "FormVersion" });

            migrationBuilder.CreateIndex(
                name: "IX_Applications_CallId_OrganisationId_SectorKey_Slot",
                table: "Applications",
                columns: new[] { "CallId", "OrganisationId", "SectorKey", "Slot" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_Forms_Programme_Status",
                table: "Forms",
                columns: new[] { "Programme", "Status" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql("UPDATE \"Attachments\" SET \"Kind\" = 'ApplicationForm' WHERE \"Kind\" = 'application-form'");
            migrationBuilder.Sql("UPDATE \"Attachments\" SET \"Kind\" = 'BusinessLicence' WHERE \"Kind\" = 'business-licence'");
            migrationBuilder.Sql("UPDATE \"Attachments\" SET \"Kind\" = 'RecommendationLetter' WHERE \"Kind\" = 'recommendation-letter'");
            migrationBuilder.Sql("UPDATE \"Attachments\" SET \"Kind\" = 'Other' WHERE \"Kind\" = 'other'");

            migrationBuilder.DropTable(
                name: "Forms");

            migrationBuilder.DropIndex(
                name: "IX_Calls_FormKey_FormVersion",
                table: "Calls");

            migrationBuilder.DropIndex(
                name: "IX_Applications_CallId_OrganisationId_SectorKey_Slot",
                table: "Applications");

            migrationBuilder.DropColumn(
                name: "SeveralPerOrganisation",
                table: "Programmes");

            migrationBuilder.DropColumn(
                name: "FormKey",
                table: "Calls");

            migrationBuilder.DropColumn(
                name: "FormVersion",
                table: "Calls");

            migrationBuilder.DropColumn(
                name: "Slot",
                table: "Applications");

            migrationBuilder.AddColumn<string>(
                name: "RequiredAttachmentKinds",
                table: "Calls",
                type: "TEXT",
                maxLength: 200,
                nullable: false,
                defaultValue: "");

            migrationBuilder.CreateIndex(
                name: "IX_Applications_CallId_OrganisationId_SectorKey",
                table: "Applications",
                columns: new[] { "CallId", "OrganisationId", "SectorKey" },
                unique: true);
        }
    }
}
