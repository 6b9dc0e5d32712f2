"""Single-use links that let a person set their password: invitations and resets."""

from datetime import datetime
from enum import StrEnum

from sqlalchemy import JSON, ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column, relationship

from quizapp.extensions import db
from quizapp.models.people import User
from quizapp.models.types import UTCDateTime, utcnow


class LinkPurpose(StrEnum):
    INVITATION = "invitation"
    RESET = "reset"


class AccountLink(db.Model):
    """An e-mailed link to set a password; only a hash of its token is kept, so a database copy opens nothing."""

    __tablename__ = "account_links"

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id"), index=True)
    purpose: Mapped[str] = mapped_column(String(20))
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    expires_at: Mapped[datetime] = mapped_column(UTCDateTime())
    used_at: Mapped[datetime | None] = mapped_column(UTCDateTime())

    user: Mapped[User] = relationship()


class PeopleImport(db.Model):
    """A checked spreadsheet of people waiting for an admin to confirm it; its rows are cleared once imported."""

    __tablename__ = "people_imports"

    id: Mapped[int] = mapped_column(primary_key=True)
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"), index=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    filename: Mapped[str] = mapped_column(String(200))
    rows: Mapped[list[dict[str, str]]] = mapped_column(JSON, default=list)
    imported_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
