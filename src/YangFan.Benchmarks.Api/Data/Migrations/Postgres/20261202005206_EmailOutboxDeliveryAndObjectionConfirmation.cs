using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace YangFan.Benchmarks.Api.Data.Migrations.Postgres
{
    /// <inheritdoc />
    public partial class EmailOutboxDeliveryAndObjectionConfirmation : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_Objections_NoticeId",
                table: "Objections");

            migrationBuilder.AddColumn<int>(
                name: "Attempts",
                table: "OutgoingEmails",
                type: "integer",
                nullable: false,
                defaultValue: 0);

            migrationBuilder.AddColumn<DateTimeOffset>(
                name: "LastAttemptAt",
                table: "OutgoingEmails",
                type: "timestamp with time zone",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "LastError",
                table: "OutgoingEmails",
                type: "character varying(1000)",
                maxLength: 1000,
                nullable: true);

            migrationBuilder.AddColumn<DateTimeOffset>(
                name: "NextAttemptAt",
                table: "OutgoingEmails",
                type: "timestamp with time zone",
                nullable: true);

            migrationBuilder.AddColumn<Guid>(
                name: "RecipientUserId",
                table: "OutgoingEmails",
                type: "uuid",
                nullable: true);

            migrationBuilder.AddColumn<DateTimeOffset>(
                name: "SentAt",
                table: "OutgoingEmails",
                type: "timestamp with time zone",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "Template",
                table: "OutgoingEmails",
                type: "character varying(64)",
                maxLength: 64,
                nullable: true);

            migrationBuilder.AddColumn<int>(
                name: "ConfirmationAttempts",
                table: "Objections",
                type: "integer",
                nullable: false,
                defaultValue: 0);

            migrationBuilder.AddColumn<string>(
                name: "ConfirmationCodeHash",
                table: "Objections",
                type: "character varying(64)",
                maxLength: 64,
                nullable: true);

            migrationBuilder.AddColumn<DateTimeOffset>(
                name: "ConfirmationExpiresAt",
                table: "Objections",
                type: "timestamp with time zone",
                nullable: true);

            migrationBuilder.AddColumn<DateTimeOffset>(
                name: "ConfirmedAt",
                table: "Objections",
                type: "timestamp with time zone",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "Email",
                table: "Objections",
                type: "character varying(256)",
                maxLength: 256,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "Language",
                table: "Objections",
                type: "character varying(16)",
                maxLength: 16,
                nullable: false,
                defaultValue: "zh-CN");

            migrationBuilder.AddColumn<string>(
                name: "PreferredLanguage",
                table: "AspNetUsers",
                type: "character varying(16)",
                maxLength: 16,
                nullable: false,
                defaultValue: "zh-CN");

            migrationBuilder.CreateTable(
                name: "EmailOptOuts",
                columns: table => new
                {
                    UserId = table.Column<Guid>(type: "uuid", nullable: false),
                    Event = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    CreatedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_EmailOptOuts", x => new { x.UserId, x.Event });
                    table.ForeignKey(
                        name: "FK_EmailOptOuts_AspNetUsers_UserId",
                        column: x => x.UserId,
                        principalTable: "AspNetUsers",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateIndex(
                name: "IX_OutgoingEmails_RecipientUserId",
                table: "OutgoingEmails",
                column: "RecipientUserId");

            migrationBuilder.CreateIndex(
                name: "IX_Objections_NoticeId_Email",
                table: "Objections",
                columns: new[] { "NoticeId", "Email" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "EmailOptOuts");

            migrationBuilder.DropIndex(
                name: "IX_OutgoingEmails_RecipientUserId",
                table: "OutgoingEmails");

            migrationBuilder.DropIndex(
                name: "IX_Objections_NoticeId_Email",
                table: "Objections");

            migrationBuilder.DropColumn(
                name: "Attempts",
                table: "OutgoingEmails");

            migrationBuilder.DropColumn(
                name: "LastAttemptAt",
                table: "OutgoingEmails");

            migrationBuilder.DropColumn(
                name: "LastError",
                table: "OutgoingEmails");

            migrationBuilder.DropColumn(
                name: "NextAttemptAt",
                table: "OutgoingEmails");

            migrationBuilder.DropColumn(
                name: "RecipientUserId",
                table: "OutgoingEmails");

            migrationBuilder.DropColumn(
                name: "SentAt",
                table: "OutgoingEmails");

            migrationBuilder.DropColumn(
                name: "Template",
                table: "OutgoingEmails");

            migrationBuilder.DropColumn(
                name: "ConfirmationAttempts",
                table: "Objections");

            migrationBuilder.DropColumn(
                name: "ConfirmationCodeHash",
                table: "Objections");

            migrationBuilder.DropColumn(
                name: "ConfirmationExpiresAt",
                table: "Objections");

            migrationBuilder.DropColumn(
                name: "ConfirmedAt",
                table: "Objections");

            migrationBuilder.DropColumn(
                name: "Email",
                table: "Objections");

            migrationBuilder.DropColumn(
                name: "Language",
                table: "Objections");

            migrationBuilder.DropColumn(
                name: "PreferredLanguage",
                table: "AspNetUsers");

            migrationBuilder.CreateIndex(
                name: "IX_Objections_NoticeId",
                table: "Objections",
                column: "NoticeId");
        }
    }
}
