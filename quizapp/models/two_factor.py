"""Second factors: an authenticator app's secret and single-use recovery codes."""

from datetime import datetime

from sqlalchemy import ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column

from quizapp.extensions import db
from quizapp.models.types import UTCDateTime, utcnow


class TwoFactor(db.Model):
    """A person's authenticator app; confirmed once they have entered a code from it."""

    __tablename__ = "two_factor"

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id"), unique=True)
    # The TOTP secret must be readable to check codes; it never leaves the server after set-up.
    secret: Mapped[str] = mapped_column(String(64))
    confirmed_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    # The last 30-second step a code was accepted for, so a code cannot be used twice.
    last_step: Mapped[int] = mapped_column(default=0)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)


class RecoveryCode(db.Model):
    """One single-use recovery code, stored only as a hash."""

    __tablename__ = "recovery_codes"

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id"), index=True)
    code_hash: Mapped[str] = mapped_column(String(64), unique=True)
    used_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
