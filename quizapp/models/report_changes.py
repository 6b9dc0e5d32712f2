"""A number the database moves on whenever a figure of the completion report's summary may have changed.

Triggers on every table the summary counts from (people, their roles, last completions, attempts) move it on in
the same transaction as the change, whatever writes it (the app, a command, a bulk load or plain SQL), so a
summary remembered with the number it was counted at is still right while the number is the same. Everything else
the summary depends on (assignments, published modules, today's date, the manager's area and filters) is read on
each request and is part of what a remembered summary is looked up by.
"""

from sqlalchemy import DDL, BigInteger, event
from sqlalchemy.orm import Mapped, mapped_column

from quizapp.extensions import db

# The tables counted and the columns of theirs the summary reads (inserting or deleting any row counts too).
WATCHED = {
    "users": ("agency_id", "team_id", "active", "profession"),
    "user_roles": ("user_id", "role"),
    "last_completions": ("user_id", "module_id", "completed_on"),
    "attempts": ("user_id", "module_id", "state"),
}
# A new row (a new database, or after the table was emptied) starts at a random number, so that no summary
# remembered from before can be taken for one counted after. (No INSERT OR IGNORE: the policy of the statement
# firing a trigger, such as an upsert's, overrides the trigger's own.)
SQLITE_MOVE_ON = (
    "INSERT INTO report_changes (id, number) SELECT 1, abs(random() / 4) "
    "WHERE NOT EXISTS (SELECT 1 FROM report_changes WHERE id = 1); "
    "UPDATE report_changes SET number = number + 1 WHERE id = 1;"
)
POSTGRESQL_FUNCTION = """
CREATE OR REPLACE FUNCTION note_report_change() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    -- Once per transaction is enough, and a bulk load does not write the one row thousands of times.
    IF current_setting('quizapp.report_changed', true) IS DISTINCT FROM 'yes' THEN
        INSERT INTO report_changes (id, number) VALUES (1, floor(random() * 4e18)::bigint)
        ON CONFLICT (id) DO UPDATE SET number = report_changes.number + 1;
        PERFORM set_config('quizapp.report_changed', 'yes', true);
    END IF;
    RETURN NULL;
END $$
"""


def postgresql_triggers(table: str, columns: tuple[str, ...]) -> list[str]:
    """Return the statements creating one table's triggers on PostgreSQL.

    Deferred to the commit: the one row is locked only while the transaction commits, not from its first change on,
    so a long transaction (a bulk import) does not hold up every learner's start and submit meanwhile, and no
    transaction waits for the row while holding other rows another one needs. TRUNCATE has a trigger of its own, as
    a deferred trigger watches rows.
    """
    return [
        f"CREATE CONSTRAINT TRIGGER report_change_{table} AFTER INSERT OR DELETE OR UPDATE OF {', '.join(columns)} "
        f"ON {table} DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION note_report_change()",
        f"CREATE OR REPLACE TRIGGER report_change_{table}_truncate AFTER TRUNCATE ON {table} "
        "FOR EACH STATEMENT EXECUTE FUNCTION note_report_change()",
    ]


class ReportChanges(db.Model):
    """One row: the number of changes to what the completion report counts, moved on by triggers."""

    __tablename__ = "report_changes"

    id: Mapped[int] = mapped_column(primary_key=True, autoincrement=False)
    number: Mapped[int] = mapped_column(BigInteger)


def trigger_statements(dialect: str) -> list[str]:
    """Return the statements creating the triggers in a schema made from the models (migrations: 0011)."""
    if dialect == "postgresql":
        return [POSTGRESQL_FUNCTION] + [
            statement for table, columns in WATCHED.items() for statement in postgresql_triggers(table, columns)
        ]
    return [
        f"CREATE TRIGGER IF NOT EXISTS report_change_{table}_{event} AFTER {event.upper()}{columns_of} ON {table} "
        f"BEGIN {SQLITE_MOVE_ON} END"
        for table, columns in WATCHED.items()
        for event, columns_of in (("insert", ""), ("delete", ""), ("update", f" OF {', '.join(columns)}"))
    ]


@event.listens_for(db.metadata, "after_create")
def _create_triggers(target, connection, **kw) -> None:
    # After every table exists: the triggers name four of them.
    for statement in trigger_statements(connection.dialect.name):
        connection.execute(DDL(statement))
