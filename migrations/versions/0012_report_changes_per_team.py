"""The report's change numbers per area (agency and team): a change recounts the changed team's people only

Revision ID: 0012_report_changes_per_team
Revises: 0011_report_counts
Create Date: 2026-11-29 10:30:00

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0012_report_changes_per_team'
down_revision = '0011_report_counts'
branch_labels = None
depends_on = None


def _revision_0011():
    from importlib.util import module_from_spec, spec_from_file_location
    from pathlib import Path

    spec = spec_from_file_location('revision_0011', Path(__file__).with_name('0011_report_counts.py'))
    module = module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


# As in quizapp/models/report_changes.py when this was written (a migration is a frozen snapshot): the tables and
# columns watched are 0011's, the triggers now move on the number of the area of each person changed.
_0011 = _revision_0011()
WATCHED, EVENTS = _0011.WATCHED, _0011.EVENTS
SQLITE_AREA = {
    'users': '(SELECT coalesce({row}.agency_id, 0) AS agency_id, coalesce({row}.team_id, 0) AS team_id)',
    'person': '(SELECT coalesce(agency_id, 0) AS agency_id, coalesce(team_id, 0) AS team_id '
    'FROM users WHERE id = {row}.user_id)',
}
SQLITE_MOVE_ON = (
    'INSERT INTO report_changes (agency_id, team_id, number) SELECT area.agency_id, area.team_id, abs(random() / 4) '
    'FROM {area} AS area WHERE NOT EXISTS (SELECT 1 FROM report_changes AS r '
    'WHERE r.agency_id = area.agency_id AND r.team_id = area.team_id); '
    'UPDATE report_changes SET number = number + 1 WHERE (agency_id, team_id) IN (SELECT * FROM {area});'
)
POSTGRESQL_FUNCTIONS = [
    """
CREATE OR REPLACE FUNCTION note_report_area(agency integer, team integer) RETURNS void LANGUAGE plpgsql AS $$
DECLARE
    noted text := 'quizapp.report_changed_' || coalesce(agency, 0) || '_' || coalesce(team, 0);
BEGIN
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
    IF FOUND THEN
        PERFORM note_report_area(area.agency_id, area.team_id);
    END IF;
END $$
""",
    """
CREATE OR REPLACE FUNCTION note_report_change() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_LEVEL = 'STATEMENT' THEN
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
FILL = (
    'INSERT INTO report_changes (agency_id, team_id, number) SELECT agency_id, team_id, {random} '
    'FROM (SELECT DISTINCT coalesce(agency_id, 0) AS agency_id, coalesce(team_id, 0) AS team_id FROM users) AS areas'
)
RANDOM = {'postgresql': 'floor(random() * 4e18)::bigint', 'sqlite': 'abs(random() / 4)'}


def upgrade():
    dialect = op.get_bind().dialect.name
    _0011.downgrade()  # 0011's one number for the whole partnership and its triggers go
    op.create_table('report_changes',
    sa.Column('agency_id', sa.Integer(), autoincrement=False, nullable=False),
    sa.Column('team_id', sa.Integer(), autoincrement=False, nullable=False),
    sa.Column('number', sa.BigInteger(), nullable=False),
    sa.PrimaryKeyConstraint('agency_id', 'team_id', name=op.f('pk_report_changes'))
    )
    # Every area that has people gets its row now; the triggers add the rows of areas that get them later.
    op.execute(FILL.format(random=RANDOM[dialect]))
    if dialect == 'postgresql':
        for function in POSTGRESQL_FUNCTIONS:
            op.execute(function)
        for table, columns in WATCHED.items():
            op.execute(
                f"CREATE CONSTRAINT TRIGGER report_change_{table} AFTER INSERT OR DELETE OR UPDATE OF "
                f"{', '.join(columns)} ON {table} DEFERRABLE INITIALLY DEFERRED FOR EACH ROW "
                "EXECUTE FUNCTION note_report_change()"
            )
            op.execute(
                f"CREATE OR REPLACE TRIGGER report_change_{table}_truncate AFTER TRUNCATE ON {table} "
                "FOR EACH STATEMENT EXECUTE FUNCTION note_report_change()"
            )
    else:
        for table, columns in WATCHED.items():
            area = SQLITE_AREA['users' if table == 'users' else 'person']
            for event in EVENTS:
                rows = {'insert': ['NEW'], 'delete': ['OLD'], 'update': ['OLD', 'NEW']}[event]
                body = ' '.join(SQLITE_MOVE_ON.format(area=area.format(row=row)) for row in rows)
                columns_of = f" OF {', '.join(columns)}" if event == 'update' else ''
                op.execute(
                    f"CREATE TRIGGER IF NOT EXISTS report_change_{table}_{event} AFTER {event.upper()}{columns_of} "
                    f"ON {table} BEGIN {body} END"
                )


def downgrade():
    dialect = op.get_bind().dialect.name
    if dialect == 'postgresql':
        for table in WATCHED:
            op.execute(f'DROP TRIGGER report_change_{table} ON {table}')
            op.execute(f'DROP TRIGGER report_change_{table}_truncate ON {table}')
        for name in ('note_report_change()', 'note_report_person(integer)', 'note_report_area(integer, integer)'):
            op.execute(f'DROP FUNCTION {name}')
    else:
        for table in WATCHED:
            for event in EVENTS:
                op.execute(f'DROP TRIGGER report_change_{table}_{event}')
    op.drop_table('report_changes')
    # 0011's table and triggers again, from 0011 itself: its upgrade makes them.
    _0011.upgrade()
