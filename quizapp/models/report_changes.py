"""Numbers the database moves on whenever a figure of the completion report's summary may have changed, per team.

One row per area, an agency and a team in it (0 for none), whose people the summary counts: triggers on every table
it counts from (people, their roles, last completions, attempts) move on the number of the area of each person
changed, in the same transaction as the change, whatever writes it (the app, a command, a bulk load or plain SQL).
A person moved to another area moves both areas on. So the counts of an area remembered with its number are still
right while the number is the same, and a learner starting a module makes the next report recount their team only.
Every area with people has a row: the triggers add it with the area's first person (migration 0012 added those
of the people already there). Everything else the summary depends on (assignments, published modules, today's
date, the manager's area and filters) is read on each request and is part of what remembered counts are looked up by.
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
# The area of a person changed: that of the row itself for people, of the person the row belongs to otherwise.
SQLITE_AREA = {
    "users": "(SELECT coalesce({row}.agency_id, 0) AS agency_id, coalesce({row}.team_id, 0) AS team_id)",
    "person": "(SELECT coalesce(agency_id, 0) AS agency_id, coalesce(team_id, 0) AS team_id "
    "FROM users WHERE id = {row}.user_id)",
}
# A new row starts at a random number, so that no counts remembered from before (a database emptied and filled
# again) can be taken for ones counted after. (No INSERT OR IGNORE: the policy of the statement firing a trigger,
# such as an upsert's, overrides the trigger's own.)
SQLITE_MOVE_ON = (
    "INSERT INTO report_changes (agency_id, team_id, number) SELECT area.agency_id, area.team_id, abs(random() / 4) "
    "FROM {area} AS area WHERE NOT EXISTS (SELECT 1 FROM report_changes AS r "
    "WHERE r.agency_id = area.agency_id AND r.team_id = area.team_id); "
    "UPDATE report_changes SET number = number + 1 WHERE (agency_id, team_id) IN (SELECT * FROM {area});"
)
POSTGRESQL_FUNCTIONS = [
    """
CREATE OR REPLACE FUNCTION note_report_area(agency integer, team integer) RETURNS void LANGUAGE plpgsql AS $$
DECLARE
    noted text := 'quizapp.report_changed_' || coalesce(agency, 0) || '_' || coalesce(team, 0);
BEGIN
    -- Once per area and transaction is enough: a bulk load does not write a row thousands of times.
    IF current_setting(noted, true) IS DISTINCT FROM 'yes' THEN
        INSERT INTO report_changes (agency_id, team_id, number)
        VALUES (coalesce(agency, 0), coalesce(team, 0), floor(random() * 4e18)::bigint)
        ON CONFLICT (agency_id, team_id) DO UPDATE SET number = report_changes.number + 1;
        PERFORM set_config(noted, 'yes', true);
    END IF;
END $$
""",
    """
CREATE OR REPLACE FUNCTION note_report_person(person integer) RETURNS void LANGUAGE plpgsql AS $$
DECLARE
    area record;
BEGIN
    SELECT agency_id, team_id INTO area FROM users WHERE id = person;
    IF FOUND THEN  -- a person deleted in the same transaction moved their area on themselves
        PERFORM note_report_area(area.agency_id, area.team_id);
    END IF;
END $$
""",
    """
CREATE OR REPLACE FUNCTION note_report_change() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_LEVEL = 'STATEMENT' THEN  -- a table emptied: every area
        UPDATE report_changes SET number = number + 1;
    ELSIF TG_TABLE_NAME = 'users' THEN
        IF TG_OP <> 'INSERT' THEN PERFORM note_report_area(OLD.agency_id, OLD.team_id); END IF;
        IF TG_OP <> 'DELETE' THEN PERFORM note_report_area(NEW.agency_id, NEW.team_id); END IF;
    ELSE
        IF TG_OP <> 'INSERT' THEN PERFORM note_report_person(OLD.user_id); END IF;
        IF TG_OP <> 'DELETE' THEN PERFORM note_report_person(NEW.user_id); END IF;
    END IF;
    RETURN NULL;
END $$
""",
]


def postgresql_triggers(table: str, columns: tuple[str, ...]) -> list[str]:
    """Return the statements creating one table's triggers on PostgreSQL.

    Deferred to the commit: an area's row is locked only while the transaction commits, not from its first change
    on, so a long transaction (a bulk import) does not hold up learners' starts and submits meanwhile, and no
    transaction waits for a row while holding other rows another one needs. TRUNCATE has a trigger of its own, as
    a deferred trigger watches rows.
    """
    return [
        f"CREATE CONSTRAINT TRIGGER report_change_{table} AFTER INSERT OR DELETE OR UPDATE OF {', '.join(columns)} "
        f"ON {table} DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION note_report_change()",
        f"CREATE OR REPLACE TRIGGER report_change_{table}_truncate AFTER TRUNCATE ON {table} "
        "FOR EACH STATEMENT EXECUTE FUNCTION note_report_change()",
    ]


def sqlite_trigger(table: str, event: str, columns: tuple[str, ...]) -> str:
    """Return the statement creating the SQLite trigger of one table and event."""
    area = SQLITE_AREA["users" if table == "users" else "person"]
    rows = {"insert": ["NEW"], "delete": ["OLD"], "update": ["OLD", "NEW"]}[event]
    body = " ".join(SQLITE_MOVE_ON.format(area=area.format(row=row)) for row in rows)
    columns_of = f" OF {', '.join(columns)}" if event == "update" else ""
    when = f"AFTER {event.upper()}{columns_of} ON {table}"
    return f"CREATE TRIGGER IF NOT EXISTS report_change_{table}_{event} {when} BEGIN {body} END"


class ReportChanges(db.Model):
    """The number of changes to what the completion report counts in one area, moved on by triggers."""

    __tablename__ = "report_changes"

    agency_id: Mapped[int] = mapped_column(primary_key=True, autoincrement=False)  # 0: no agency
    team_id: Mapped[int] = mapped_column(primary_key=True, autoincrement=False)  # 0: no team
    number: Mapped[int] = mapped_column(BigInteger)


def trigger_statements(dialect: str) -> list[str]:
    """Return the statements creating the triggers (migration 0012 runs the same)."""
    if dialect == "postgresql":
        return POSTGRESQL_FUNCTIONS + [
            statement for table, columns in WATCHED.items() for statement in postgresql_triggers(table, columns)
        ]
    return [
        sqlite_trigger(table, event, columns)
        for table, columns in WATCHED.items()
        for event in ("insert", "delete", "update")
    ]


@event.listens_for(db.metadata, "after_create")
def _create_triggers(target, connection, **kw) -> None:
    # After every table exists: the triggers name four of them.
    for statement in trigger_statements(connection.dialect.name):
        connection.execute(DDL(statement))
