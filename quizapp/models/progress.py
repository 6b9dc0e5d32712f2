"""Each person's latest completion of each module, kept beside the completions for the completion report."""

from datetime import date

from sqlalchemy import ForeignKey
from sqlalchemy.orm import Mapped, mapped_column

from quizapp.extensions import db


class LastCompletion(db.Model):
    """The day a person last completed a module: one row per person and module, kept by submit_attempt.

    The completion report counts tens of thousands of these; reading them here spares it finding the latest of
    every person's completions on each request.
    """

    __tablename__ = "last_completions"
    # Stored in key order on SQLite, so a person's rows are read together with the people list.
    __table_args__ = {"sqlite_with_rowid": False}

    user_id: Mapped[int] = mapped_column(ForeignKey("users.id"), primary_key=True)
    module_id: Mapped[int] = mapped_column(ForeignKey("modules.id"), primary_key=True)
    completed_on: Mapped[date]
