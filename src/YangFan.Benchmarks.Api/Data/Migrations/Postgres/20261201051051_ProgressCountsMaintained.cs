using Microsoft.EntityFrameworkCore.Migrations;
using Npgsql.EntityFrameworkCore.PostgreSQL.Metadata;

#nullable disable

namespace YangFan.Benchmarks.Api.Data.Migrations.Postgres
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
                    Id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    ProgrammeKey = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    SectorKey = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    WorkflowKey = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    WorkflowVersion = table.Column<int>(type: "integer", nullable: false),
                    State = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    Delta = table.Column<long>(type: "bigint", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_ProgressCountDeltas", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "ProgressCounts",
                columns: table => new
                {
                    ProgrammeKey = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    SectorKey = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    WorkflowKey = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    WorkflowVersion = table.Column<int>(type: "integer", nullable: false),
                    State = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    Count = table.Column<long>(type: "bigint", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_ProgressCounts", x => new { x.ProgrammeKey, x.SectorKey, x.WorkflowKey, x.WorkflowVersion, x.State });
                });

            // The counts are kept by the database, in the transaction of every change to an application, whatever sends
            // it (the API, a timer, a maintenance script, COPY): docs/decisions/0021. A statement's inserts and deletes
            // are appended as one delta per bucket (transition tables); an update appends -1 and +1 only when it moves
            // the application to another bucket. Appending takes no lock another writer waits for.
            migrationBuilder.Sql("""
                CREATE FUNCTION progress_count_inserted() RETURNS trigger LANGUAGE plpgsql AS $$
                BEGIN
                    INSERT INTO "ProgressCountDeltas" ("ProgrammeKey", "SectorKey", "WorkflowKey", "WorkflowVersion", "State", "Delta")
                    SELECT "ProgrammeKey", coalesce("SectorCode", ''), "WorkflowKey", "WorkflowVersion", "State", count(*)
                    FROM inserted
                    GROUP BY "ProgrammeKey", coalesce("SectorCode", ''), "WorkflowKey", "WorkflowVersion", "State";
                    RETURN NULL;
                END $$;

                CREATE FUNCTION progress_count_deleted() RETURNS trigger LANGUAGE plpgsql AS $$
                BEGIN
                    INSERT INTO "ProgressCountDeltas" ("ProgrammeKey", "SectorKey", "WorkflowKey", "WorkflowVersion", "State", "Delta")
                    SELECT "ProgrammeKey", coalesce("SectorCode", ''), "WorkflowKey", "WorkflowVersion", "State", -count(*)
                    FROM deleted
                    GROUP BY "ProgrammeKey", coalesce("SectorCode", ''), "WorkflowKey", "WorkflowVersion", "State";
                    RETURN NULL;
                END $$;

                CREATE FUNCTION progress_count_moved() RETURNS trigger LANGUAGE plpgsql AS $$
                BEGIN
                    INSERT INTO "ProgressCountDeltas" ("ProgrammeKey", "SectorKey", "WorkflowKey", "WorkflowVersion", "State", "Delta")
                    VALUES (OLD."ProgrammeKey", coalesce(OLD."SectorCode", ''), OLD."WorkflowKey", OLD."WorkflowVersion", OLD."State", -1),
                           (NEW."ProgrammeKey", coalesce(NEW."SectorCode", ''), NEW."WorkflowKey", NEW."WorkflowVersion", NEW."State", 1);
                    RETURN NULL;
                END $$;

                CREATE TRIGGER progress_count_insert AFTER INSERT ON "Applications"
                    REFERENCING NEW TABLE AS inserted FOR EACH STATEMENT EXECUTE FUNCTION progress_count_inserted();

                CREATE TRIGGER progress_count_delete AFTER DELETE ON "Applications"
                    REFERENCING OLD TABLE AS deleted FOR EACH STATEMENT EXECUTE FUNCTION progress_count_deleted();

                CREATE TRIGGER progress_count_move AFTER UPDATE OF "ProgrammeKey", "SectorCode", "WorkflowKey", "WorkflowVersion", "State" ON "Applications"
                    FOR EACH ROW
                    WHEN ((OLD."ProgrammeKey", OLD."SectorCode", OLD."WorkflowKey", OLD."WorkflowVersion", OLD."State")
                        IS DISTINCT FROM (NEW."ProgrammeKey", NEW."SectorCode", NEW."WorkflowKey", NEW."WorkflowVersion", NEW."State"))
                    EXECUTE FUNCTION progress_count_moved();
                """);

            // The applications there are now. CREATE TRIGGER waited for every writer of "Applications" and holds them off
            // until this migration commits, so no change falls between the triggers and this count.
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
            migrationBuilder.Sql("""
                DROP TRIGGER progress_count_insert ON "Applications";
                DROP TRIGGER progress_count_delete ON "Applications";
                DROP TRIGGER progress_count_move ON "Applications";
                DROP FUNCTION progress_count_inserted();
                DROP FUNCTION progress_count_deleted();
                DROP FUNCTION progress_count_moved();
                """);

            migrationBuilder.DropTable(
                name: "ProgressCountDeltas");

            migrationBuilder.DropTable(
                name: "ProgressCounts");
        }
    }
}
