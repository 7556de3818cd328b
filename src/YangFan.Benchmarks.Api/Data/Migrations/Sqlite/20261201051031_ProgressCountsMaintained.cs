using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace YangFan.Benchmarks.Api.Data.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class ProgressCountsMaintained : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "ProgressCountDeltas",
                columns: table => new
                {
                    Id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    ProgrammeKey = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    SectorKey = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    WorkflowKey = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    WorkflowVersion = table.Column<int>(type: "INTEGER", nullable: false),
                    State = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    Delta = table.Column<long>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_ProgressCountDeltas", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "ProgressCounts",
                columns: table => new
                {
                    ProgrammeKey = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    SectorKey = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    WorkflowKey = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    WorkflowVersion = table.Column<int>(type: "INTEGER", nullable: false),
                    State = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    Count = table.Column<long>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_ProgressCounts", x => new { x.ProgrammeKey, x.SectorKey, x.WorkflowKey, x.WorkflowVersion, x.State });
                });

            // As on PostgreSQL (docs/decisions/0021), row by row: SQLite has no statement triggers.
            migrationBuilder.Sql("""
                CREATE TRIGGER progress_count_insert AFTER INSERT ON "Applications" BEGIN
                    INSERT INTO "ProgressCountDeltas" ("ProgrammeKey", "SectorKey", "WorkflowKey", "WorkflowVersion", "State", "Delta")
                    VALUES (NEW."ProgrammeKey", coalesce(NEW."SectorCode", ''), NEW."WorkflowKey", NEW."WorkflowVersion", NEW."State", 1);
                END;
                """);
            migrationBuilder.Sql("""
                CREATE TRIGGER progress_count_delete AFTER DELETE ON "Applications" BEGIN
                    INSERT INTO "ProgressCountDeltas" ("ProgrammeKey", "SectorKey", "WorkflowKey", "WorkflowVersion", "State", "Delta")
                    VALUES (OLD."ProgrammeKey", coalesce(OLD."SectorCode", ''), OLD."WorkflowKey", OLD."WorkflowVersion", OLD."State", -1);
                END;
                """);
            migrationBuilder.Sql("""
                CREATE TRIGGER progress_count_move AFTER UPDATE OF "ProgrammeKey", "SectorCode", "WorkflowKey", "WorkflowVersion", "State" ON "Applications"
                WHEN OLD."ProgrammeKey" IS NOT NEW."ProgrammeKey" OR OLD."SectorCode" IS NOT NEW."SectorCode" OR OLD."WorkflowKey" IS NOT NEW."WorkflowKey"
                    OR OLD."WorkflowVersion" IS NOT NEW."WorkflowVersion" OR OLD."State" IS NOT NEW."State"
                BEGIN
                    INSERT INTO "ProgressCountDeltas" ("ProgrammeKey", "SectorKey", "WorkflowKey", "WorkflowVersion", "State", "Delta")
                    VALUES (OLD."ProgrammeKey", coalesce(OLD."SectorCode", ''), OLD."WorkflowKey", OLD."WorkflowVersion", OLD."State", -1),
                           (NEW."ProgrammeKey", coalesce(NEW."SectorCode", ''), NEW."WorkflowKey", NEW."WorkflowVersion", NEW."State", 1);
                END;
                """);

            // The applications there are now, in the migration's transaction, which holds SQLite's only write lock.
            migrationBuilder.Sql("""
                INSERT INTO "ProgressCounts" ("ProgrammeKey", "SectorKey", "WorkflowKey", "WorkflowVersion", "State", "Count")
                SELECT "ProgrammeKey", coalesce("SectorCode", ''), "WorkflowKey", "WorkflowVersion", "State", count(*)
                FROM "Applications"
                GROUP BY "ProgrammeKey", coalesce("SectorCode", ''), "WorkflowKey", "WorkflowVersion", "State";
                """);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql("DROP TRIGGER progress_count_insert;");
            migrationBuilder.Sql("DROP TRIGGER progress_count_delete;");
            migrationBuilder.Sql("DROP TRIGGER progress_count_move;");

            migrationBuilder.DropTable(
                name: "ProgressCountDeltas");

            migrationBuilder.DropTable(
                name: "ProgressCounts");
        }
    }
}
