"""Each person's latest completion of each module, kept beside the completions for the completion report."""

from datetime import date

from sqlalchemy import ForeignKey, PrimaryKeyConstraint
from sqlalchemy.orm import Mapped, mapped_column

from quizapp.extensions import db


class LastCompletion(db.Model):
    """The day a person last completed a module: one row per person and module, kept by submit_attempt.

    The completion report counts tens of thousands of these; reading them here spares it finding the latest of
    every person's completions on each request.
    """

    __tablename__ = "last_completions"
    __table_args__ = (
        # Read from the key alone: SQLite stores the rows in key order, PostgreSQL keeps the day in the key's index.
        PrimaryKeyConstraint("user_id", "module_id", postgresql_include=["completed_on"]),
        {"sqlite_with_rowid": False},
    )

    user_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    module_id: Mapped[int] = mapped_column(ForeignKey("modules.id"))
    completed_on: Mapped[date]
