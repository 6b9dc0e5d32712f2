"""Agencies, teams and the people who use the service."""

from datetime import datetime
from enum import StrEnum

from flask import current_app, has_app_context
from flask_login import UserMixin
from sqlalchemy import ForeignKey, Index, String, UniqueConstraint, func
from sqlalchemy.orm import Mapped, mapped_column, relationship
from werkzeug.security import check_password_hash, generate_password_hash

from quizapp.extensions import db
from quizapp.models.types import UTCDateTime, new_token, utcnow


class Role(StrEnum):
    LEARNER = "learner"
    TRAINER = "trainer"
    MANAGER = "manager"
    ADMIN = "admin"


class Scope(StrEnum):
    TEAM = "team"
    AGENCY = "agency"
    PARTNERSHIP = "partnership"


class AgencyKind(StrEnum):
    SOCIAL_CARE = "children's social care"
    HEALTH = "health"
    POLICE = "police"
    EDUCATION = "education"
    EARLY_HELP = "early help"
    VOLUNTARY = "voluntary sector"
    PARTNERSHIP = "partnership"


class Agency(db.Model):
    __tablename__ = "agencies"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(200), unique=True)
    kind: Mapped[str] = mapped_column(String(40))
    retired_at: Mapped[datetime | None] = mapped_column(UTCDateTime())

    teams: Mapped[list["Team"]] = relationship(back_populates="agency", order_by="Team.name")


class Team(db.Model):
    __tablename__ = "teams"
    __table_args__ = (UniqueConstraint("agency_id", "name"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    agency_id: Mapped[int] = mapped_column(ForeignKey("agencies.id"), index=True)
    name: Mapped[str] = mapped_column(String(200))
    retired_at: Mapped[datetime | None] = mapped_column(UTCDateTime())

    agency: Mapped[Agency] = relationship(back_populates="teams")


# Where a User keeps role names read with it (not a mapped column: see User.know_roles).
_KNOWN_ROLES = "_known_roles"


class User(UserMixin, db.Model):
    __tablename__ = "users"
    __table_args__ = (
        # The completion report lists people by name, reading only as many as a page needs.
        Index("ix_users_name_id", "name", "id"),
        # Its summary counts people class by class (agency, team, active) in this order, without sorting them.
        Index("ix_users_class", "agency_id", "team_id", "active"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    # Stored lower-cased; the unique index makes e-mail comparison case-insensitive.
    email: Mapped[str] = mapped_column(String(320), unique=True)
    name: Mapped[str] = mapped_column(String(200))
    profession: Mapped[str | None] = mapped_column(String(100), index=True)
    agency_id: Mapped[int | None] = mapped_column(ForeignKey("agencies.id"), index=True)
    team_id: Mapped[int | None] = mapped_column(ForeignKey("teams.id"), index=True)
    active: Mapped[bool] = mapped_column(default=True)
    manager_scope: Mapped[str | None] = mapped_column(String(20))
    scope_agency_id: Mapped[int | None] = mapped_column(ForeignKey("agencies.id"))
    scope_team_id: Mapped[int | None] = mapped_column(ForeignKey("teams.id"))
    password_hash: Mapped[str | None] = mapped_column(String(255))
    session_token: Mapped[str] = mapped_column(String(64), default=new_token, unique=True)
    failed_sign_ins: Mapped[int] = mapped_column(default=0)
    locked_until: Mapped[datetime | None] = mapped_column(UTCDateTime())
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)

    agency: Mapped[Agency | None] = relationship(foreign_keys=[agency_id])
    team: Mapped[Team | None] = relationship(foreign_keys=[team_id])
    role_rows: Mapped[list["UserRole"]] = relationship(
        back_populates="user", cascade="all, delete-orphan", lazy="selectin"
    )

    @property
    def roles(self) -> set[str]:
        # The signed-in person's role names come with them (see know_roles) until their role rows are read or changed.
        known = self.__dict__.get(_KNOWN_ROLES)
        if known is not None and "role_rows" not in self.__dict__:
            return set(known)
        return {row.role for row in self.role_rows}

    def know_roles(self, names) -> None:
        """Take these as this person's role names, read with them, so roles needs no role rows (see roles)."""
        self.__dict__[_KNOWN_ROLES] = frozenset(names)

    def has_role(self, role: str) -> bool:
        return role in self.roles

    def set_roles(self, roles) -> None:
        self.__dict__.pop(_KNOWN_ROLES, None)  # from now on the role rows say
        wanted = {Role(r).value for r in roles}
        self.role_rows = [row for row in self.role_rows if row.role in wanted]
        for role in sorted(wanted - self.roles):
            self.role_rows.append(UserRole(role=role))

    def set_password(self, password: str) -> None:
        # Tests choose a cheaper method through config; production keeps werkzeug's default (scrypt).
        method = current_app.config.get("PASSWORD_HASH_METHOD", "scrypt") if has_app_context() else "scrypt"
        self.password_hash = generate_password_hash(password, method=method)

    def check_password(self, password: str) -> bool:
        return self.password_hash is not None and check_password_hash(self.password_hash, password)

    def get_id(self) -> str:
        # Flask-Login keeps this in the session; changing it signs out every other session.
        return self.session_token

    @property
    def is_active(self) -> bool:
        return self.active

    @property
    def is_authenticated(self) -> bool:
        # Only an active person is ever loaded as the signed-in user (see security._load_user). Reading no
        # column here means the response headers after a commit do not reload the person in a new transaction.
        return True


class UserRole(db.Model):
    __tablename__ = "user_roles"
    __table_args__ = (UniqueConstraint("user_id", "role"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id"), index=True)
    role: Mapped[str] = mapped_column(String(20))

    user: Mapped[User] = relationship(back_populates="role_rows")


def email_key(email: str) -> str:
    """Return the stored form of an e-mail address."""
    return email.strip().lower()


def find_user_by_email(email: str) -> User | None:
    """Return the user with this e-mail address, compared case-insensitively."""
    return db.session.scalar(db.select(User).where(func.lower(User.email) == email_key(email)))
