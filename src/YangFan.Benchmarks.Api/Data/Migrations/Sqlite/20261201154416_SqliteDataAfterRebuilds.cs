using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace YangFan.Benchmarks.Api.Data.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class SqliteDataAfterRebuilds : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            // The data steps of SubmissionSnapshotAndOrganisationRenames and FormsAsData, moved here because SQLite ran
            // them while a rebuild of the table they read or wrote was pending (warning 30200 on every first start).
            // Each is written to change nothing where it already ran: a database that applied those migrations before
            // they were moved comes out the same.

            // Applications submitted before the snapshot existed are judged under the organisation's details as they
            // stood then; every submission since takes its own snapshot, so only those without one are filled in.
            migrationBuilder.Sql("""
                UPDATE "Applications" SET
                    "SubmittedOrganisationName" = (SELECT o."Name" FROM "Organisations" o WHERE o."Id" = "Applications"."OrganisationId"),
                    "SubmittedProvinceCode" = (SELECT o."ProvinceCode" FROM "Organisations" o WHERE o."Id" = "Applications"."OrganisationId")
                WHERE "SubmittedAt" IS NOT NULL AND "SubmittedOrganisationName" IS NULL;
                """);

            // Every call is filled in on its programme's form; one that had opened before forms were data pinned what
            // was then its only version, 1. A call that opened since pinned its form and its workflow together.
            migrationBuilder.Sql("UPDATE \"Calls\" SET \"FormKey\" = \"ProgrammeKey\" WHERE \"FormKey\" = ''");
            migrationBuilder.Sql("UPDATE \"Calls\" SET \"FormVersion\" = 1 WHERE \"WorkflowVersion\" IS NOT NULL AND \"FormVersion\" IS NULL");
            // Attachment kinds are the forms' keys now (lower case), no longer the names of an enumeration.
            migrationBuilder.Sql("UPDATE \"Attachments\" SET \"Kind\" = 'application-form' WHERE \"Kind\" = 'ApplicationForm'");
            migrationBuilder.Sql("UPDATE \"Attachments\" SET \"Kind\" = 'business-licence' WHERE \"Kind\" = 'BusinessLicence'");
            migrationBuilder.Sql("UPDATE \"Attachments\" SET \"Kind\" = 'recommendation-letter' WHERE \"Kind\" = 'RecommendationLetter'");
            migrationBuilder.Sql("UPDATE \"Attachments\" SET \"Kind\" = 'other' WHERE \"Kind\" = 'Other'");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            // FormsAsData's Down renames the kinds back and drops the form columns; the snapshot stays as it was.
        }
    }
}
