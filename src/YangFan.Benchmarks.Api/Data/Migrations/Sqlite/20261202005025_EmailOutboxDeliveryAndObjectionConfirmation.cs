using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace YangFan.Benchmarks.Api.Data.Migrations.Sqlite
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
                type: "INTEGER",
                nullable: false,
                defaultValue: 0);

            migrationBuilder.AddColumn<long>(
                name: "LastAttemptAt",
                table: "OutgoingEmails",
                type: "INTEGER",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "LastError",
                table: "OutgoingEmails",
                type: "TEXT",
                maxLength: 1000,
                nullable: true);

            migrationBuilder.AddColumn<long>(
                name: "NextAttemptAt",
                table: "OutgoingEmails",
                type: "INTEGER",
                nullable: true);

            migrationBuilder.AddColumn<Guid>(
                name: "RecipientUserId",
                table: "OutgoingEmails",
                type: "TEXT",
                nullable: true);

            migrationBuilder.AddColumn<long>(
                name: "SentAt",
                table: "OutgoingEmails",
                type: "INTEGER",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "Template",
                table: "OutgoingEmails",
                type: "TEXT",
                maxLength: 64,
                nullable: true);

            migrationBuilder.AddColumn<int>(
                name: "ConfirmationAttempts",
                table: "Objections",
                type: "INTEGER",
                nullable: false,
                defaultValue: 0);

            migrationBuilder.AddColumn<string>(
                name: "ConfirmationCodeHash",
                table: "Objections",
                type: "TEXT",
                maxLength: 64,
                nullable: true);

            migrationBuilder.AddColumn<long>(
                name: "ConfirmationExpiresAt",
                table: "Objections",
                type: "INTEGER",
                nullable: true);

            migrationBuilder.AddColumn<long>(
                name: "ConfirmedAt",
                table: "Objections",
                type: "INTEGER",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "Email",
                table: "Objections",
                type: "TEXT",
                maxLength: 256,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "Language",
                table: "Objections",
                type: "TEXT",
                maxLength: 16,
                nullable: false,
                defaultValue: "zh-CN");

            migrationBuilder.AddColumn<string>(
                name: "PreferredLanguage",
                table: "AspNetUsers",
                type: "TEXT",
                maxLength: 16,
                nullable: false,
                defaultValue: "zh-CN");

            migrationBuilder.CreateTable(
                name: "EmailOptOuts",
                columns: table => new
                {
                    UserId = table.Column<Guid>(type: "TEXT", nullable: false),
                    Event = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    CreatedAt = table.Column<long>(type: "INTEGER", nullable: false)
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
