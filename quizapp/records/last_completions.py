"""Each person's latest completion of each module, kept up to date as completions are written."""

from datetime import UTC, datetime

from sqlalchemy import case, func, insert, select
from sqlalchemy.dialects import postgresql, sqlite

from quizapp.extensions import db
from quizapp.models import Completion, LastCompletion


def note_completion(user_id: int, module_id: int, submitted_at: datetime) -> None:
    """Record a completion as the person's last of the module unless a later one is already recorded."""
    dialect = postgresql if db.session.get_bind().dialect.name == "postgresql" else sqlite
    statement = dialect.insert(LastCompletion).values(
        user_id=user_id, module_id=module_id, completed_on=submitted_at.astimezone(UTC).date()
    )
    later = statement.excluded.completed_on > LastCompletion.completed_on
    db.session.execute(
        statement.on_conflict_do_update(
            index_elements=[LastCompletion.user_id, LastCompletion.module_id],
            set_={"completed_on": case((later, statement.excluded.completed_on), else_=LastCompletion.completed_on)},
        )
    )


def rebuild_last_completions() -> None:
    """Work every last completion out again from the completions themselves (after a bulk load)."""
    db.session.execute(LastCompletion.__table__.delete())
    latest = select(Completion.user_id, Completion.module_id, func.max(Completion.submitted_at)).group_by(
        Completion.user_id, Completion.module_id
    )
    rows = [
        {"user_id": user_id, "module_id": module_id, "completed_on": last_at.astimezone(UTC).date()}
        for user_id, module_id, last_at in db.session.execute(latest)
    ]
    for batch in range(0, len(rows), 5000):
        db.session.execute(insert(LastCompletion), rows[batch : batch + 5000])
