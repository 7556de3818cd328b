using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace YangFan.Benchmarks.Api.Data.Migrations.Postgres
{
    /// <inheritdoc />
    public partial class FormsSayWhatBlindReviewHides : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            // Stored version 1 of each shipped form says which attachment kinds blind review hides, as the file now does.
            foreach (var sql in BlindReviewFlagsOfVersionOne.Sql())
                migrationBuilder.Sql(sql);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            // The flags stay: they say what the host did by name before.
        }
    }
}
