using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace YangFan.Benchmarks.Api.Data.Migrations.Postgres
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
                type: "boolean",
                nullable: false,
                defaultValue: false);

            migrationBuilder.AddColumn<string>(
                name: "FormKey",
                table: "Calls",
                type: "character varying(64)",
                maxLength: 64,
                nullable: false,
                defaultValue: "");

            migrationBuilder.AddColumn<int>(
                name: "FormVersion",
                table: "Calls",
                type: "integer",
                nullable: true);

            migrationBuilder.AlterColumn<string>(
                name: "Kind",
                table: "Attachments",
                type: "character varying(64)",
                maxLength: 64,
                nullable: false,
                oldClrType: typeof(string),
                oldType: "character varying(32)",
                oldMaxLength: 32);

            migrationBuilder.AddColumn<string>(
                name: "Slot",
                table: "Applications",
                type: "character varying(36)",
                maxLength: 36,
                nullable: false,
                defaultValue: "");

            // Every call is filled in on its programme's form; one that has opened pinned what was then its only
            // version, the C# records that forms/<programme>.json v1 expresses without loss (imported at start-up).
            migrationBuilder.Sql("UPDATE \"Calls\" SET \"FormKey\" = \"ProgrammeKey\"");
            migrationBuilder.Sql("UPDATE \"Calls\" SET \"FormVersion\" = 1 WHERE \"WorkflowVersion\" IS NOT NULL");
            // Attachment kinds are the forms' keys now, no longer the names of an enumeration.
            migrationBuilder.Sql("UPDATE \"Attachments\" SET \"Kind\" = 'application-form' WHERE \"Kind\" = 'ApplicationForm'");
            migrationBuilder.Sql("UPDATE \"Attachments\" SET \"Kind\" = 'business-licence' WHERE \"Kind\" = 'BusinessLicence'");
            migrationBuilder.Sql("UPDATE \"Attachments\" SET \"Kind\" = 'recommendation-letter' WHERE \"Kind\" = 'RecommendationLetter'");
            migrationBuilder.Sql("UPDATE \"Attachments\" SET \"Kind\" = 'other' WHERE \"Kind\" = 'Other'");

            migrationBuilder.CreateTable(
                name: "Forms",
                columns: table => new
                {
                    Key = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    Version = table.Column<int>(type: "integer", nullable: false),
                    Status = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: false),
                    Programme = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    TitleZh = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    TitleEn = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    Content = table.Column<string>(type: "text", nullable: false),
                    ContentHash = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    Source = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: false),
                    CreatedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    CreatedBy = table.Column<Guid>(type: "uuid", nullable: true),
                    PublishedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true)
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
                type: "character varying(200)",
                maxLength: 200,
                nullable: false,
                defaultValue: "");

            migrationBuilder.AlterColumn<string>(
                name: "Kind",
                table: "Attachments",
                type: "character varying(32)",
                maxLength: 32,
                nullable: false,
                oldClrType: typeof(string),
                oldType: "character varying(64)",
                oldMaxLength: 64);

            migrationBuilder.CreateIndex(
                name: "IX_Applications_CallId_OrganisationId_SectorKey",
                table: "Applications",
                columns: new[] { "CallId", "OrganisationId", "SectorKey" },
                unique: true);
        }
    }
}
