"""Importing staff from a CSV or Excel file: every row checked first, nothing stored until the file is clean."""

import csv
import io
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from sqlalchemy import delete, func, insert, select
from sqlalchemy.orm import selectinload

from quizapp.extensions import db
from quizapp.models import Agency, PeopleImport, Role, Scope, Team, User, UserRole
from quizapp.models.people import email_key
from quizapp.models.types import new_token
from quizapp.people.audit import record_event
from quizapp.people.directory import EMAIL_PATTERN
from quizapp.people.operations import set_manager_scope

COLUMNS = ("email", "name", "agency", "team", "profession", "roles")
REQUIRED = ("email", "name", "agency")
HEADINGS = {
    "email": "Email",
    "name": "Name",
    "agency": "Agency",
    "team": "Team",
    "profession": "Profession",
    "roles": "Roles",
}
# Headings people actually type, mapped to our columns.
SYNONYMS = {
    "e-mail": "email",
    "email address": "email",
    "e-mail address": "email",
    "full name": "name",
    "role": "roles",
}
MAX_ROWS = 10_000
# A checked file waits this long for the admin to confirm it; then its personal data is deleted.
STAGED_FOR = timedelta(days=1)
LIMITS = {"email": 320, "name": 200, "profession": 100}


class ImportFileError(ValueError):
    """The file cannot be read as a table of people at all."""


@dataclass(frozen=True)
class RowError:
    """One problem in one cell, numbered as in the spreadsheet (the heading is row 1)."""

    row: int
    column: str
    message: str


@dataclass
class ImportCheck:
    """What importing a file would do, or why it cannot."""

    rows: list[dict[str, str]]
    errors: list[RowError] = field(default_factory=list)
    new: int = 0
    changed: int = 0
    unchanged: int = 0

    @property
    def clean(self) -> bool:
        return not self.errors


@dataclass
class ImportResult:
    created: list[User]
    updated: int
    unchanged: int


def read_file(filename: str, data: bytes) -> list[dict[str, str]]:
    """Return the rows of a CSV or Excel file as dictionaries keyed by our column names."""
    lowered = filename.lower()
    if lowered.endswith(".xlsx"):
        table = _xlsx_table(data)
    elif lowered.endswith(".csv"):
        table = _csv_table(data)
    else:
        raise ImportFileError("The selected file must be a CSV or an Excel (.xlsx) file")
    return _rows(table)


def _csv_table(data: bytes) -> list[list[str]]:
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        text = data.decode("cp1252", errors="replace")
    return list(csv.reader(io.StringIO(text)))


def _xlsx_table(data: bytes) -> list[list[str]]:
    from openpyxl import load_workbook

    try:
        workbook = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Exception as exc:  # openpyxl raises many kinds for a damaged file
        raise ImportFileError("The selected file could not be opened as an Excel file") from exc
    sheet = workbook.worksheets[0]
    table = [["" if cell is None else str(cell) for cell in row] for row in sheet.iter_rows(values_only=True)]
    workbook.close()
    return table


def _rows(table: list[list[str]]) -> list[dict[str, str]]:
    if not table or not any(cell.strip() for cell in table[0]):
        raise ImportFileError("The selected file is empty: the first row must name the columns")
    headings = [SYNONYMS.get(h.strip().lower(), h.strip().lower()) for h in table[0]]
    missing = [HEADINGS[c] for c in REQUIRED if c not in headings]
    if missing:
        raise ImportFileError(f"The first row must name the columns; it has no {' or '.join(missing)} column")
    if len(table) - 1 > MAX_ROWS:
        raise ImportFileError(f"The selected file must have {MAX_ROWS:,} people or fewer; split it into smaller files")
    positions = {column: headings.index(column) for column in COLUMNS if column in headings}
    rows = []
    for line in table[1:]:
        row = {c: (line[i].strip() if i < len(line) else "") for c, i in positions.items()}
        rows.append({c: row.get(c, "") for c in COLUMNS})
    if not any(any(row.values()) for row in rows):
        raise ImportFileError("The file has no people in it: add one person a row under the headings")
    return rows


def check_rows(rows: list[dict[str, str]]) -> ImportCheck:
    """Check every row against the directory; count who would be new, changed or unchanged."""
    check = ImportCheck(rows=rows)
    agencies = _agencies()
    existing = _existing_users(row["email"] for row in rows)
    seen: dict[str, int] = {}
    for number, row in enumerate(rows, start=2):
        if not any(row.values()):
            continue
        errors = _row_errors(row, number, agencies, seen)
        check.errors.extend(errors)
        if errors:
            continue
        user = existing.get(email_key(row["email"]))
        if user is None:
            check.new += 1
        elif _differences(user, row, agencies):
            check.changed += 1
        else:
            check.unchanged += 1
    return check


def _row_errors(row, number, agencies, seen) -> list[RowError]:
    errors = []

    def problem(column: str, message: str) -> None:
        errors.append(RowError(number, HEADINGS[column], message))

    email = email_key(row["email"])
    if not email:
        problem("email", "Enter an email address")
    elif not EMAIL_PATTERN.match(email):
        problem("email", f"“{row['email']}” is not an email address: it should look like name@example.org")
    elif email in seen:
        problem("email", f"{email} is also on row {seen[email]}: each person must appear once")
    else:
        seen[email] = number
    if not row["name"]:
        problem("name", "Enter the person’s name")
    for column, limit in LIMITS.items():
        if len(row[column]) > limit:
            problem(column, f"{HEADINGS[column]} must be {limit} characters or fewer")
    agency = agencies.get(row["agency"].lower())
    if not row["agency"]:
        problem("agency", "Enter the person’s agency")
    elif agency is None:
        problem("agency", f"There is no agency called “{row['agency']}”: add it first or check the spelling")
    elif row["team"] and row["team"].lower() not in _teams(agency):
        problem("team", f"{agency.name} has no team called “{row['team']}”")
    for role in parse_roles(row["roles"]) - set(Role):
        problem("roles", f"“{role}” is not a role: use learner, trainer, manager or admin, separated by semicolons")
    return errors


def parse_roles(text: str) -> set[str]:
    """Return the roles named in a cell, separated by semicolons or commas; learner when it is empty."""
    names = {part.strip().lower() for part in re.split(r"[;,]", text) if part.strip()}
    return names or {Role.LEARNER.value}


def _agencies() -> dict[str, Agency]:
    query = select(Agency).where(Agency.retired_at.is_(None)).options(selectinload(Agency.teams))
    return {agency.name.lower(): agency for agency in db.session.scalars(query)}


def _teams(agency: Agency) -> dict[str, Team]:
    return {team.name.lower(): team for team in agency.teams if team.retired_at is None}


def _existing_users(emails: Iterable[str]) -> dict[str, User]:
    keys = sorted({email_key(e) for e in emails if e})
    found: dict[str, User] = {}
    for start in range(0, len(keys), 500):
        chunk = keys[start : start + 500]
        query = select(User).where(func.lower(User.email).in_(chunk))
        found.update({user.email: user for user in db.session.scalars(query)})
    return found


def _wanted(row, agencies) -> dict:
    agency = agencies[row["agency"].lower()]
    team = _teams(agency).get(row["team"].lower()) if row["team"] else None
    return {
        "name": row["name"],
        "agency_id": agency.id,
        "team_id": team.id if team else None,
        "profession": row["profession"] or None,
        "roles": parse_roles(row["roles"]),
    }


def _differences(user: User, row, agencies) -> dict:
    wanted = _wanted(row, agencies)
    return {key: value for key, value in wanted.items() if getattr(user, key) != value}


def stage_import(filename: str, rows: list[dict[str, str]], actor: User, now: datetime) -> PeopleImport:
    """Keep a checked file's rows until the admin confirms the import; forget files left unconfirmed for a day."""
    abandoned = PeopleImport.imported_at.is_(None) & (PeopleImport.created_at < now - STAGED_FOR)
    db.session.execute(delete(PeopleImport).where(abandoned))
    staged = PeopleImport(filename=filename[:200], rows=rows, created_by_id=actor.id, created_at=now)
    db.session.add(staged)
    db.session.flush()
    return staged


def apply_import(staged: PeopleImport, actor: User, now: datetime) -> ImportResult | ImportCheck:
    """Check the staged rows again and, only if every one is clean, create or update the people in them."""
    check = check_rows(staged.rows)
    if not check.clean:
        return check
    agencies = _agencies()
    existing = _existing_users(row["email"] for row in staged.rows)
    result = ImportResult(created=[], updated=0, unchanged=0)
    new_rows = []
    for row in staged.rows:
        if not any(row.values()):
            continue
        user = existing.get(email_key(row["email"]))
        if user is None:
            new_rows.append(row)
            continue
        if changes := _differences(user, row, agencies):
            result.updated += 1
            if "roles" in changes:
                record_event("roles_changed", actor, user, roles=sorted(changes["roles"]), source="import")
        else:
            result.unchanged += 1
            continue
        _update(user, _wanted(row, agencies))
    result.created = _create_all(new_rows, agencies, now)
    staged.rows, staged.imported_at = [], now
    db.session.flush()
    record_event(
        "people_imported",
        actor,
        obj=staged,
        filename=staged.filename,
        created=len(result.created),
        updated=result.updated,
        unchanged=result.unchanged,
    )
    return result


def _create_all(rows: list[dict[str, str]], agencies, now: datetime) -> list[User]:
    """Insert new people and their roles in bulk: thousands of rows in a few statements, not one each."""
    if not rows:
        return []
    people = []
    for row in rows:
        wanted = _wanted(row, agencies)
        manager = Role.MANAGER in wanted["roles"]
        people.append(
            {
                "email": email_key(row["email"]),
                "name": wanted["name"],
                "profession": wanted["profession"],
                "agency_id": wanted["agency_id"],
                "team_id": wanted["team_id"],
                # A manager brought in by a file sees their own agency until an admin chooses otherwise.
                "manager_scope": Scope.AGENCY.value if manager else None,
                "scope_agency_id": wanted["agency_id"] if manager else None,
                "session_token": new_token(),
                "created_at": now,
            }
        )
    ids = db.session.scalars(insert(User).returning(User.id, sort_by_parameter_order=True), people).all()
    roles = [
        {"user_id": user_id, "role": role}
        for user_id, row in zip(ids, rows, strict=True)
        for role in sorted(parse_roles(row["roles"]))
    ]
    db.session.execute(insert(UserRole), roles)
    created: list[User] = []
    for start in range(0, len(ids), 500):
        created += db.session.scalars(select(User).where(User.id.in_(ids[start : start + 500])).order_by(User.id))
    return created


def _update(user: User, wanted: dict) -> None:
    user.name, user.profession = wanted["name"], wanted["profession"]
    user.agency_id, user.team_id = wanted["agency_id"], wanted["team_id"]
    user.set_roles(wanted["roles"])
    # A manager brought in by a file sees their own agency until an admin chooses otherwise.
    if Role.MANAGER in wanted["roles"] and not user.manager_scope:
        user.manager_scope, user.scope_agency_id = Scope.AGENCY.value, wanted["agency_id"]
    elif Role.MANAGER not in wanted["roles"]:
        set_manager_scope(user, None)
