"""What a learner sees on "My learning": assigned, in progress, completed and other modules."""

from dataclasses import dataclass, field
from datetime import date

from sqlalchemy import bindparam, or_, select

from quizapp.curriculum.catalogue import catalogue_copy
from quizapp.extensions import db
from quizapp.models import Assignment, Attempt, AttemptState, Completion, Module, ModuleVersion, NotFound, Theme, User
from quizapp.records.feedback import NOTICE_WAITING
from quizapp.records.status import Due, Status, due_order, module_status


@dataclass
class ModuleCard:
    """One published module as it stands for one learner."""

    module: Module
    version: ModuleVersion
    status: Status
    due: Due | None = None
    open_attempt: Attempt | None = None
    last_completion: Completion | None = None


@dataclass
class Overview:
    assigned: list[ModuleCard] = field(default_factory=list)
    in_progress: list[ModuleCard] = field(default_factory=list)
    completed: list[ModuleCard] = field(default_factory=list)
    other: list[ModuleCard] = field(default_factory=list)
    # The themes of every published module, for the filter.
    themes: list[Theme] = field(default_factory=list)
    # Whether any of the learner's attempts was returned for more reflection or has feedback unread.
    notices_waiting: bool = False


# Built once, as My learning and every start page run them. A person without a team or agency matches no
# assignment through it: a comparison with NULL is never true.
# Plain rows, not objects: only what a due date needs.
_ASSIGNMENTS_REACHING = (
    select(Assignment.module_id, Assignment.theme_id, Assignment.due_on, Assignment.refresh_months)
    .where(
        or_(
            Assignment.user_id == bindparam("user_id"),
            Assignment.team_id == bindparam("team_id"),
            Assignment.agency_id == bindparam("agency_id"),
        ),
        Assignment.withdrawn_at.is_(None),
    )
    .order_by(Assignment.id)
)
_ATTEMPTS_WITH_COMPLETIONS = (
    select(Attempt, Completion)
    .outerjoin(Completion, Completion.attempt_id == Attempt.id)
    .where(Attempt.user_id == bindparam("user_id"))
    .order_by(Completion.submitted_at.is_(None), Completion.submitted_at)
)
# My learning's: each attempt also says whether a notice waits on it, so the notices are read only when one does.
_ATTEMPTS_WITH_COMPLETIONS_AND_NOTICES = _ATTEMPTS_WITH_COMPLETIONS.add_columns(NOTICE_WAITING)


def assignment_dues(user: User, modules: list[Module]) -> dict[int, Due]:
    """Return, per module id, the earliest due date of the assignments that reach this person."""
    dues: dict[int, Due] = {}
    reaching = {"user_id": user.id, "team_id": user.team_id, "agency_id": user.agency_id}
    themes_of = {module.id: {theme.id for theme in module.current_version.themes} for module in modules}
    for module_id, theme_id, due_on, refresh_months in db.session.execute(_ASSIGNMENTS_REACHING, reaching):
        for module in modules:
            if module_id == module.id or theme_id in themes_of[module.id]:
                dues[module.id] = _earlier(dues.get(module.id), Due(due_on, refresh_months))
    return dues


def _earlier(current: Due | None, candidate: Due) -> Due:
    # Assignments come in id order, so on a full tie the older one stands, as in the completion report.
    if current is None or due_order(candidate.due_on, candidate.refresh_months, 0) < due_order(
        current.due_on, current.refresh_months, 0
    ):
        return candidate
    return current


def module_cards(user: User, modules: list[Module], today: date) -> list[ModuleCard]:
    """Return each module with this person's status, due date, open attempt and last completion."""
    return _cards(user, modules, today, _ATTEMPTS_WITH_COMPLETIONS)[0]


def _cards(user: User, modules: list[Module], today: date, attempts_query) -> tuple[list[ModuleCard], bool]:
    # Also says whether a notice waits, if the query has a third column that says so for each attempt.
    dues = assignment_dues(user, modules)
    open_attempts: dict[int, Attempt] = {}
    last_completions: dict[int, Completion] = {}
    notices_waiting = False
    # One query for both: every completion belongs to one of the person's attempts.
    for row in db.session.execute(attempts_query, {"user_id": user.id}):
        attempt: Attempt = row[0]
        completion: Completion | None = row[1]
        if attempt.state != AttemptState.SUBMITTED:
            open_attempts[attempt.module_id] = attempt
        if completion is not None:
            last_completions[completion.module_id] = completion
        notices_waiting = notices_waiting or (len(row) > 2 and bool(row[2]))
    cards = []
    for module in modules:
        card = ModuleCard(
            module,
            module.current_version,
            Status.NOT_STARTED,
            dues.get(module.id),
            open_attempts.get(module.id),
            last_completions.get(module.id),
        )
        completed_on = card.last_completion.submitted_at.date() if card.last_completion else None
        card.status = module_status(card.due, completed_on, card.open_attempt is not None, today)
        cards.append(card)
    return cards, notices_waiting


def learning_overview(user: User, today: date, theme_slug: str | None = None) -> Overview:
    """Sort the published modules, or those on one theme, into the four groups of the learner's landing page."""
    modules = catalogue_copy()
    overview = Overview(themes=sorted({t for m in modules for t in m.current_version.themes}, key=lambda t: t.name))
    if theme_slug and theme_slug not in {t.slug for t in overview.themes}:
        raise NotFound
    on_theme = [m for m in modules if not theme_slug or theme_slug in {t.slug for t in m.current_version.themes}]
    cards, overview.notices_waiting = _cards(user, on_theme, today, _ATTEMPTS_WITH_COMPLETIONS_AND_NOTICES)
    for card in cards:
        _group_for(overview, card).append(card)
    overview.assigned.sort(key=lambda card: card.due.due_on if card.due else date.max)
    return overview


def _group_for(overview: Overview, card: ModuleCard) -> list[ModuleCard]:
    if card.due and card.status != Status.COMPLETED:
        return overview.assigned
    if card.open_attempt:
        return overview.in_progress
    if card.last_completion:
        return overview.completed
    return overview.other
