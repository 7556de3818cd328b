using System;
using Microsoft.EntityFrameworkCore.Migrations;
using Npgsql.EntityFrameworkCore.PostgreSQL.Metadata;

#nullable disable

namespace YangFan.Benchmarks.Api.Data.Migrations.Postgres
{
    /// <inheritdoc />
    public partial class ReviewAggregatesMaintained : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "ReviewAggregates",
                columns: table => new
                {
                    ApplicationId = table.Column<Guid>(type: "uuid", nullable: false),
                    CallId = table.Column<Guid>(type: "uuid", nullable: false),
                    Sector = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    Ranked = table.Column<bool>(type: "boolean", nullable: false),
                    Reviews = table.Column<int>(type: "integer", nullable: false),
                    Score = table.Column<decimal>(type: "numeric(9,2)", precision: 9, scale: 2, nullable: true),
                    StdDev = table.Column<decimal>(type: "numeric(9,2)", precision: 9, scale: 2, nullable: true),
                    Excluded = table.Column<int>(type: "integer", nullable: false),
                    Holding = table.Column<int>(type: "integer", nullable: false),
                    EndedByConflict = table.Column<int>(type: "integer", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_ReviewAggregates", x => x.ApplicationId);
                    table.ForeignKey(
                        name: "FK_ReviewAggregates_Applications_ApplicationId",
                        column: x => x.ApplicationId,
                        principalTable: "Applications",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateIndex(
                name: "IX_ReviewAggregates_Ranking",
                table: "ReviewAggregates",
                columns: new[] { "CallId", "Sector", "Score", "Reviews", "ApplicationId" },
                descending: new[] { false, false, true, true, false },
                filter: "\"Ranked\"")
                .Annotation("Npgsql:IndexNullSortOrder", new[] { NullSortOrder.NullsLast, NullSortOrder.NullsLast, NullSortOrder.NullsLast, NullSortOrder.NullsLast, NullSortOrder.NullsLast });

            // Each application's aggregate is kept by the database in the transaction of every change that moves it, whatever
            // sends it (a review, a conflict, COPY, a transition, a migration, SQL round the API): docs/decisions/0024.
            // review_aggregates_of computes the aggregates of the given applications from scratch, as the ranking statement
            // did per request (the method from the version's review block; the median, trimmed mean and rounding as Scoring
            // computes them). It is PL/pgSQL, not SQL, because PL/pgSQL keeps its statement's plan for the session, while
            // PostgreSQL 15 plans a SQL function that cannot be inlined again on every call, and a submit calls it once. review_aggregates_refresh locks their rows in id order first, so that of two transactions
            // changing one application's round the second computes after the first commits and sees its change.
            migrationBuilder.Sql("""
                CREATE FUNCTION review_aggregates_of(ids uuid[])
                RETURNS TABLE ("ApplicationId" uuid, "CallId" uuid, "Sector" character varying(64), "Ranked" boolean, "Reviews" integer,
                               "Score" numeric(9,2), "StdDev" numeric(9,2), "Excluded" integer, "Holding" integer, "EndedByConflict" integer)
                LANGUAGE plpgsql STABLE AS $$
                #variable_conflict use_column
                BEGIN
                    RETURN QUERY
                    WITH applications AS MATERIALIZED (
                        SELECT a."Id", a."CallId", a."SectorCode", a."SubmittedAt", a."ReviewRound", a."WorkflowKey", a."WorkflowVersion"
                        FROM unnest(ids) AS i(id) JOIN "Applications" a ON a."Id" = i.id),
                    methods AS MATERIALIZED (
                        SELECT w."Key", w."Version", lower(btrim(w."Content"::json #>> '{review,aggregation}')) AS method
                        FROM "Workflows" w
                        WHERE (w."Key", w."Version") IN (SELECT DISTINCT "WorkflowKey", "WorkflowVersion" FROM applications)),
                    aggregated AS (
                        SELECT a."Id", a."CallId", a."SectorCode", a."SubmittedAt", m.method,
                            count(s."WeightedTotal") FILTER (WHERE s."Status" = 'Submitted') AS n,
                            sum(s."WeightedTotal") FILTER (WHERE s."Status" = 'Submitted') AS total,
                            min(s."WeightedTotal") FILTER (WHERE s."Status" = 'Submitted') AS lowest,
                            max(s."WeightedTotal") FILTER (WHERE s."Status" = 'Submitted') AS highest,
                            percentile_disc(0.5) WITHIN GROUP (ORDER BY s."WeightedTotal") FILTER (WHERE s."Status" = 'Submitted') AS lower_middle,
                            percentile_disc(0.5) WITHIN GROUP (ORDER BY s."WeightedTotal" DESC) FILTER (WHERE s."Status" = 'Submitted') AS upper_middle,
                            stddev_pop(s."WeightedTotal") FILTER (WHERE s."Status" = 'Submitted') AS spread,
                            count(s."WeightedTotal") FILTER (WHERE s."Status" = 'Conflicted') AS excluded,
                            count(s."Status") FILTER (WHERE s."Status" IN ('Assigned', 'Submitted')) AS holding,
                            count(s."Status") FILTER (WHERE s."Status" IN ('ConflictDeclared', 'Conflicted')) AS ended_by_conflict
                        FROM applications a
                        LEFT JOIN methods m ON m."Key" = a."WorkflowKey" AND m."Version" = a."WorkflowVersion"
                        LEFT JOIN "Assignments" s ON s."ApplicationId" = a."Id" AND s."Round" = a."ReviewRound"
                        GROUP BY a."Id", a."CallId", a."SectorCode", a."SubmittedAt", m.method)
                    SELECT "Id", "CallId", coalesce("SectorCode", ''), "SubmittedAt" IS NOT NULL AND method IS NOT NULL, n::integer,
                        round(CASE WHEN n = 0 THEN NULL
                                   WHEN method = 'median' THEN (lower_middle + upper_middle) / 2
                                   WHEN method = 'trimmed-mean' AND n >= 5 THEN (total - lowest - highest) / (n - 2)
                                   ELSE total / n END, 2),
                        round(spread, 2), excluded::integer, holding::integer, ended_by_conflict::integer
                    FROM aggregated;
                END $$;

                CREATE FUNCTION review_aggregates_refresh(ids uuid[]) RETURNS void LANGUAGE plpgsql AS $$
                BEGIN
                    PERFORM 1 FROM "ReviewAggregates" r WHERE r."ApplicationId" IN (SELECT unnest(ids))
                        ORDER BY r."ApplicationId" FOR NO KEY UPDATE;
                    -- A new statement, so a new snapshot: it sees what every earlier holder of these rows committed.
                    UPDATE "ReviewAggregates" r
                    SET "CallId" = c."CallId", "Sector" = c."Sector", "Ranked" = c."Ranked", "Reviews" = c."Reviews", "Score" = c."Score",
                        "StdDev" = c."StdDev", "Excluded" = c."Excluded", "Holding" = c."Holding", "EndedByConflict" = c."EndedByConflict"
                    FROM review_aggregates_of(ids) c
                    WHERE r."ApplicationId" = c."ApplicationId"
                      AND (r."CallId", r."Sector", r."Ranked", r."Reviews", r."Score", r."StdDev", r."Excluded", r."Holding", r."EndedByConflict")
                          IS DISTINCT FROM (c."CallId", c."Sector", c."Ranked", c."Reviews", c."Score", c."StdDev", c."Excluded", c."Holding", c."EndedByConflict");
                END $$;

                CREATE FUNCTION review_aggregates_applications_inserted() RETURNS trigger LANGUAGE plpgsql AS $$
                BEGIN
                    INSERT INTO "ReviewAggregates" ("ApplicationId", "CallId", "Sector", "Ranked", "Reviews", "Score", "StdDev", "Excluded", "Holding", "EndedByConflict")
                        SELECT * FROM review_aggregates_of(ARRAY(SELECT "Id" FROM inserted));
                    RETURN NULL;
                END $$;

                CREATE FUNCTION review_aggregates_application_moved() RETURNS trigger LANGUAGE plpgsql AS $$
                BEGIN
                    PERFORM review_aggregates_refresh(ARRAY[NEW."Id"]);
                    RETURN NULL;
                END $$;

                CREATE FUNCTION review_aggregates_assignments_inserted() RETURNS trigger LANGUAGE plpgsql AS $$
                BEGIN
                    PERFORM review_aggregates_refresh(ARRAY(SELECT DISTINCT "ApplicationId" FROM inserted));
                    RETURN NULL;
                END $$;

                CREATE FUNCTION review_aggregates_assignments_deleted() RETURNS trigger LANGUAGE plpgsql AS $$
                BEGIN
                    PERFORM review_aggregates_refresh(ARRAY(SELECT DISTINCT "ApplicationId" FROM deleted));
                    RETURN NULL;
                END $$;

                CREATE FUNCTION review_aggregates_assignment_changed() RETURNS trigger LANGUAGE plpgsql AS $$
                BEGIN
                    PERFORM review_aggregates_refresh(ARRAY(SELECT DISTINCT id FROM unnest(ARRAY[OLD."ApplicationId", NEW."ApplicationId"]) AS i(id)));
                    RETURN NULL;
                END $$;

                CREATE TRIGGER review_aggregates_application_insert AFTER INSERT ON "Applications"
                    REFERENCING NEW TABLE AS inserted FOR EACH STATEMENT EXECUTE FUNCTION review_aggregates_applications_inserted();

                CREATE TRIGGER review_aggregates_application_move
                    AFTER UPDATE OF "CallId", "SectorCode", "SubmittedAt", "ReviewRound", "WorkflowKey", "WorkflowVersion" ON "Applications"
                    FOR EACH ROW
                    WHEN ((OLD."CallId", OLD."SectorCode", OLD."SubmittedAt", OLD."ReviewRound", OLD."WorkflowKey", OLD."WorkflowVersion")
                        IS DISTINCT FROM (NEW."CallId", NEW."SectorCode", NEW."SubmittedAt", NEW."ReviewRound", NEW."WorkflowKey", NEW."WorkflowVersion"))
                    EXECUTE FUNCTION review_aggregates_application_moved();

                CREATE TRIGGER review_aggregates_assignment_insert AFTER INSERT ON "Assignments"
                    REFERENCING NEW TABLE AS inserted FOR EACH STATEMENT EXECUTE FUNCTION review_aggregates_assignments_inserted();

                CREATE TRIGGER review_aggregates_assignment_delete AFTER DELETE ON "Assignments"
                    REFERENCING OLD TABLE AS deleted FOR EACH STATEMENT EXECUTE FUNCTION review_aggregates_assignments_deleted();

                CREATE TRIGGER review_aggregates_assignment_change
                    AFTER UPDATE OF "ApplicationId", "Round", "Status", "WeightedTotal" ON "Assignments"
                    FOR EACH ROW
                    WHEN ((OLD."ApplicationId", OLD."Round", OLD."Status", OLD."WeightedTotal")
                        IS DISTINCT FROM (NEW."ApplicationId", NEW."Round", NEW."Status", NEW."WeightedTotal"))
                    EXECUTE FUNCTION review_aggregates_assignment_changed();
                """);

            // The applications there are now. CREATE TRIGGER waited for every writer of both tables and holds them off until
            // this migration commits, so no change falls between the triggers and these rows.
            migrationBuilder.Sql("""
                INSERT INTO "ReviewAggregates" ("ApplicationId", "CallId", "Sector", "Ranked", "Reviews", "Score", "StdDev", "Excluded", "Holding", "EndedByConflict")
                SELECT * FROM review_aggregates_of(ARRAY(SELECT "Id" FROM "Applications"));
                """);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql("""
                DROP TRIGGER review_aggregates_application_insert ON "Applications";
                DROP TRIGGER review_aggregates_application_move ON "Applications";
                DROP TRIGGER review_aggregates_assignment_insert ON "Assignments";
                DROP TRIGGER review_aggregates_assignment_delete ON "Assignments";
                DROP TRIGGER review_aggregates_assignment_change ON "Assignments";
                DROP FUNCTION review_aggregates_applications_inserted();
                DROP FUNCTION review_aggregates_application_moved();
                DROP FUNCTION review_aggregates_assignments_inserted();
                DROP FUNCTION review_aggregates_assignments_deleted();
                DROP FUNCTION review_aggregates_assignment_changed();
                DROP FUNCTION review_aggregates_refresh(uuid[]);
                DROP FUNCTION review_aggregates_of(uuid[]);
                """);

            migrationBuilder.DropTable(
                name: "ReviewAggregates");
        }
    }
}
