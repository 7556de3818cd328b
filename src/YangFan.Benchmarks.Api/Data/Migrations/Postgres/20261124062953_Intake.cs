using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace YangFan.Benchmarks.Api.Data.Migrations.Postgres
{
    /// <inheritdoc />
    public partial class Intake : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_Applications_CallId",
                table: "Applications");

            migrationBuilder.AlterColumn<Guid>(
                name: "ApplicationId",
                table: "WorkflowTimers",
                type: "uuid",
                nullable: true,
                oldClrType: typeof(Guid),
                oldType: "uuid");

            migrationBuilder.AddColumn<Guid>(
                name: "CallId",
                table: "WorkflowTimers",
                type: "uuid",
                nullable: true);

            migrationBuilder.AlterColumn<int>(
                name: "WorkflowVersion",
                table: "Calls",
                type: "integer",
                nullable: true,
                oldClrType: typeof(int),
                oldType: "integer");

            migrationBuilder.AddColumn<int>(
                name: "LifecycleVersion",
                table: "Calls",
                type: "integer",
                nullable: false,
                defaultValue: 0);

            migrationBuilder.AddColumn<int>(
                name: "RecommenderQuota",
                table: "Calls",
                type: "integer",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "RequiredAttachmentKinds",
                table: "Calls",
                type: "character varying(200)",
                maxLength: 200,
                nullable: false,
                defaultValue: "");

            migrationBuilder.AddColumn<string>(
                name: "Status",
                table: "Calls",
                type: "character varying(16)",
                maxLength: 16,
                nullable: false,
                defaultValue: "");

            migrationBuilder.AddColumn<string>(
                name: "Content",
                table: "Applications",
                type: "text",
                nullable: false,
                defaultValue: "");

            migrationBuilder.AddColumn<DateTimeOffset>(
                name: "RecommendedAt",
                table: "Applications",
                type: "timestamp with time zone",
                nullable: true);

            migrationBuilder.AddColumn<Guid>(
                name: "RecommendedBy",
                table: "Applications",
                type: "uuid",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "SectorCode",
                table: "Applications",
                type: "character varying(64)",
                maxLength: 64,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "SectorKey",
                table: "Applications",
                type: "character varying(64)",
                maxLength: 64,
                nullable: false,
                defaultValue: "");

            migrationBuilder.AddColumn<DateTimeOffset>(
                name: "SubmittedAt",
                table: "Applications",
                type: "timestamp with time zone",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "Title",
                table: "Applications",
                type: "character varying(300)",
                maxLength: 300,
                nullable: false,
                defaultValue: "");

            migrationBuilder.CreateTable(
                name: "Attachments",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "uuid", nullable: false),
                    ApplicationId = table.Column<Guid>(type: "uuid", nullable: false),
                    Kind = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: false),
                    FileName = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    MediaType = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: false),
                    Size = table.Column<long>(type: "bigint", nullable: false),
                    Sha256 = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    UploadedBy = table.Column<Guid>(type: "uuid", nullable: false),
                    UploadedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_Attachments", x => x.Id);
                    table.ForeignKey(
                        name: "FK_Attachments_Applications_ApplicationId",
                        column: x => x.ApplicationId,
                        principalTable: "Applications",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "CallSectors",
                columns: table => new
                {
                    CallId = table.Column<Guid>(type: "uuid", nullable: false),
                    SectorCode = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_CallSectors", x => new { x.CallId, x.SectorCode });
                    table.ForeignKey(
                        name: "FK_CallSectors_Calls_CallId",
                        column: x => x.CallId,
                        principalTable: "Calls",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                    table.ForeignKey(
                        name: "FK_CallSectors_Sectors_SectorCode",
                        column: x => x.SectorCode,
                        principalTable: "Sectors",
                        principalColumn: "Code",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "CreditCodeOverrides",
                columns: table => new
                {
                    CreditCode = table.Column<string>(type: "character varying(18)", maxLength: 18, nullable: false),
                    Reason = table.Column<string>(type: "character varying(500)", maxLength: 500, nullable: false),
                    CreatedBy = table.Column<Guid>(type: "uuid", nullable: false),
                    CreatedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_CreditCodeOverrides", x => x.CreditCode);
                });

            migrationBuilder.CreateTable(
                name: "NationalBodyMemberships",
                columns: table => new
                {
                    NationalBody = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    OrganisationId = table.Column<Guid>(type: "uuid", nullable: false),
                    CreatedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_NationalBodyMemberships", x => new { x.NationalBody, x.OrganisationId });
                    table.ForeignKey(
                        name: "FK_NationalBodyMemberships_Organisations_OrganisationId",
                        column: x => x.OrganisationId,
                        principalTable: "Organisations",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateIndex(
                name: "IX_WorkflowTimers_CallId",
                table: "WorkflowTimers",
                column: "CallId");

            migrationBuilder.CreateIndex(
                name: "IX_Calls_Status",
                table: "Calls",
                column: "Status");

            migrationBuilder.CreateIndex(
                name: "IX_Applications_CallId_OrganisationId_SectorKey",
                table: "Applications",
                columns: new[] { "CallId", "OrganisationId", "SectorKey" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_Applications_SectorCode",
                table: "Applications",
                column: "SectorCode");

            migrationBuilder.CreateIndex(
                name: "IX_Applications_SubmittedAt_Id",
                table: "Applications",
                columns: new[] { "SubmittedAt", "Id" });

            migrationBuilder.CreateIndex(
                name: "IX_Attachments_ApplicationId",
                table: "Attachments",
                column: "ApplicationId");

            migrationBuilder.CreateIndex(
                name: "IX_CallSectors_SectorCode",
                table: "CallSectors",
                column: "SectorCode");

            migrationBuilder.CreateIndex(
                name: "IX_NationalBodyMemberships_OrganisationId",
                table: "NationalBodyMemberships",
                column: "OrganisationId");

            migrationBuilder.AddForeignKey(
                name: "FK_Applications_Sectors_SectorCode",
                table: "Applications",
                column: "SectorCode",
                principalTable: "Sectors",
                principalColumn: "Code",
                onDelete: ReferentialAction.Restrict);

            migrationBuilder.AddForeignKey(
                name: "FK_WorkflowTimers_Calls_CallId",
                table: "WorkflowTimers",
                column: "CallId",
                principalTable: "Calls",
                principalColumn: "Id",
                onDelete: ReferentialAction.Cascade);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropForeignKey(
                name: "FK_Applications_Sectors_SectorCode",
                table: "Applications");

            migrationBuilder.DropForeignKey(
                name: "FK_WorkflowTimers_Calls_CallId",
                table: "WorkflowTimers");

            migrationBuilder.DropTable(
                name: "Attachments");

            migrationBuilder.DropTable(
                name: "CallSectors");

            migrationBuilder.DropTable(
                name: "CreditCodeOverrides");

            migrationBuilder.DropTable(
                name: "NationalBodyMemberships");

            migrationBuilder.DropIndex(
                name: "IX_WorkflowTimers_CallId",
                table: "WorkflowTimers");

            migrationBuilder.DropIndex(
                name: "IX_Calls_Status",
                table: "Calls");

            migrationBuilder.DropIndex(
                name: "IX_Applications_CallId_OrganisationId_SectorKey",
                table: "Applications");

            migrationBuilder.DropIndex(
                name: "IX_Applications_SectorCode",
                table: "Applications");

            migrationBuilder.DropIndex(
                name: "IX_Applications_SubmittedAt_Id",
                table: "Applications");

            migrationBuilder.DropColumn(
                name: "CallId",
                table: "WorkflowTimers");

            migrationBuilder.DropColumn(
                name: "LifecycleVersion",
                table: "Calls");

            migrationBuilder.DropColumn(
                name: "RecommenderQuota",
                table: "Calls");

            migrationBuilder.DropColumn(
                name: "RequiredAttachmentKinds",
                table: "Calls");

            migrationBuilder.DropColumn(
                name: "Status",
                table: "Calls");

            migrationBuilder.DropColumn(
                name: "Content",
                table: "Applications");

            migrationBuilder.DropColumn(
                name: "RecommendedAt",
                table: "Applications");

            migrationBuilder.DropColumn(
                name: "RecommendedBy",
                table: "Applications");

            migrationBuilder.DropColumn(
                name: "SectorCode",
                table: "Applications");

            migrationBuilder.DropColumn(
                name: "SectorKey",
                table: "Applications");

            migrationBuilder.DropColumn(
                name: "SubmittedAt",
                table: "Applications");

            migrationBuilder.DropColumn(
                name: "Title",
                table: "Applications");

            migrationBuilder.AlterColumn<Guid>(
                name: "ApplicationId",
                table: "WorkflowTimers",
                type: "uuid",
                nullable: false,
                defaultValue: new Guid("00000000-0000-0000-0000-000000000000"),
                oldClrType: typeof(Guid),
                oldType: "uuid",
                oldNullable: true);

            migrationBuilder.AlterColumn<int>(
                name: "WorkflowVersion",
                table: "Calls",
                type: "integer",
                nullable: false,
                defaultValue: 0,
                oldClrType: typeof(int),
                oldType: "integer",
                oldNullable: true);

            migrationBuilder.CreateIndex(
                name: "IX_Applications_CallId",
                table: "Applications",
                column: "CallId");
        }
    }
}
