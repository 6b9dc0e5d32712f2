"""What the partnership learned from a module or a theme: confidence, knowledge checks, completions, returns."""

import json
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from sqlalchemy import Select, Text, cast, extract, func, literal_column, or_, select

from quizapp.curriculum.catalogue import published_module
from quizapp.extensions import db
from quizapp.models import (
    Agency,
    Answer,
    Attempt,
    AttemptState,
    Completion,
    Module,
    Question,
    QuestionKind,
    Review,
    ReviewState,
    Theme,
    User,
    found,
)
from quizapp.models.curriculum import CHOICE_KINDS, version_themes
from quizapp.people.audit import record_event

# No figure is shown for a group of fewer people than this, so no one can be picked out.
SMALLEST_GROUP = 5
NOT_GIVEN = "Not given"
OTHERS = "Other groups together (each fewer than 5 people)"
ALL = "Everyone shown"


@dataclass
class GroupFigures:
    """Additive counts for one group of learners; averages and shares are worked out from them."""

    people: int = 0
    before_sum: int = 0
    before_n: int = 0
    after_sum: int = 0
    after_n: int = 0
    returned: int = 0
    first_try: dict[str, list[int]] = field(default_factory=dict)  # check key -> [right first time, answered]

    def add(self, other: "GroupFigures") -> None:
        for name in ("people", "before_sum", "before_n", "after_sum", "after_n", "returned"):
            setattr(self, name, getattr(self, name) + getattr(other, name))
        for key, (right, answered) in other.first_try.items():
            tally = self.first_try.setdefault(key, [0, 0])
            tally[0] += right
            tally[1] += answered

    @property
    def before(self) -> float | None:
        return round(self.before_sum / self.before_n, 1) if self.before_n else None

    @property
    def after(self) -> float | None:
        return round(self.after_sum / self.after_n, 1) if self.after_n else None

    @property
    def shift(self) -> float | None:
        return round(self.after - self.before, 1) if self.after is not None and self.before is not None else None

    def share_right(self, key: str) -> int | None:
        """Return the percentage right at the first try on one check."""
        right, answered = self.first_try.get(key, [0, 0])
        return round(100 * right / answered) if answered else None


@dataclass
class Check:
    key: str
    prompt: str


@dataclass
class Insights:
    title: str
    split: str
    groups: dict[str, GroupFigures]
    everyone: GroupFigures
    hidden_groups: int
    checks: list[Check]
    months: list[tuple[date, int | None]]

    @property
    def checks_hardest_first(self) -> list[tuple[Check, int | None]]:
        shares = [(check, self.everyone.share_right(check.key)) for check in self.checks]
        return sorted(shares, key=lambda pair: 101 if pair[1] is None else pair[1])


@dataclass
class Scope:
    """A module or a theme: its title and which attempts, questions and completions belong to it."""

    title: str
    slug: str
    module: Module | None = None
    theme: Theme | None = None

    def attempts(self):
        if self.module is not None:
            return Attempt.module_id == self.module.id
        return Attempt.version_id.in_(self._versions())

    def completions(self):
        if self.module is not None:
            return Completion.module_id == self.module.id
        return Completion.version_id.in_(self._versions())

    def _versions(self):
        theme = found(self.theme)
        return select(version_themes.c.version_id).where(version_themes.c.theme_id == theme.id)


def insight_scope(module_slug: str | None, theme_slug: str | None) -> Scope:
    """Return the module or theme the figures are for; raise NotFound for neither or an unknown one."""
    if module_slug:
        module = published_module(module_slug)
        return Scope(module.current_version.title, module.slug, module=module)
    theme = found(db.session.scalar(select(Theme).where(Theme.slug == (theme_slug or ""))))
    return Scope(f"Theme: {theme.name}", theme.slug, theme=theme)


def _group_column(split: str):
    if split == "profession":
        return func.coalesce(User.profession, NOT_GIVEN)
    return func.coalesce(Agency.name, NOT_GIVEN)


def _submitted(scope: Scope, split: str, *columns) -> Select:
    return (
        select(_group_column(split).label("grp"), *columns)
        .select_from(Attempt)
        .join(User, User.id == Attempt.user_id)
        .outerjoin(Agency, Agency.id == User.agency_id)
        .where(scope.attempts(), Attempt.state == AttemptState.SUBMITTED)
        .group_by(literal_column("grp"))
    )


def partnership_insights(scope: Scope, split: str) -> Insights:
    """Return the figures for a module or theme split by agency or profession, leaving out small groups."""
    groups: dict[str, GroupFigures] = {}

    def group(name: str) -> GroupFigures:
        return groups.setdefault(name, GroupFigures())

    for name, people in db.session.execute(_submitted(scope, split, func.count(func.distinct(Attempt.user_id)))):
        group(str(name)).people = _number(people)
    _count_returns(scope, split, group)
    checks = _count_answers(scope, split, group)
    return _without_small_groups(scope.title, split, groups, checks, _months(scope))


def _count_returns(scope: Scope, split: str, group) -> None:
    query = (
        select(_group_column(split).label("grp"), func.count(func.distinct(Review.attempt_id)))
        .select_from(Review)
        .join(Attempt, Attempt.id == Review.attempt_id)
        .join(User, User.id == Attempt.user_id)
        .outerjoin(Agency, Agency.id == User.agency_id)
        .where(scope.attempts(), Review.state == ReviewState.RETURNED)
        .group_by(literal_column("grp"))
    )
    for name, returned in db.session.execute(query):
        group(str(name)).returned = _number(returned)


def _count_answers(scope: Scope, split: str, group) -> list[Check]:
    # Ratings and first tries in one pass over the answers, the costliest rows to read, grouped on bare columns
    # (names and questions are looked up after): a tally per person's group, question and value.
    # JSON cannot be grouped on PostgreSQL; its text form can, and is written the same way every time.
    who = User.profession if split == "profession" else User.agency_id
    first = cast(Answer.first_choices, Text)
    query = (
        select(who, Answer.question_id, Answer.rating, first, func.count())
        .select_from(Attempt)
        .join(User, User.id == Attempt.user_id)
        .join(Answer, Answer.attempt_id == Attempt.id)
        .where(scope.attempts(), Attempt.state == AttemptState.SUBMITTED)
        .where(or_(Answer.rating.is_not(None), Answer.first_choices.is_not(None)))
        .group_by(who, Answer.question_id, Answer.rating, first)
    )
    rows = db.session.execute(query).all()
    questions = {q.id: q for q in db.session.scalars(select(Question).where(Question.id.in_({r[1] for r in rows})))}
    agencies: dict[Any, str] = {i: str(n) for i, n in db.session.execute(select(Agency.id, Agency.name))}
    checks: dict[str, Check] = {}
    for who_value, question_id, rating, chosen_text, count in rows:
        name = (agencies.get(who_value) if split != "profession" else who_value) or NOT_GIVEN
        figures, question, count = group(str(name)), questions[question_id], _number(count)
        if question.kind == QuestionKind.CONFIDENCE and rating is not None:
            if question.page == "confidence-before":
                figures.before_sum += _number(rating) * count
                figures.before_n += count
            else:
                figures.after_sum += _number(rating) * count
                figures.after_n += count
        elif question.kind in CHOICE_KINDS and chosen_text is not None:
            checks.setdefault(question.key, Check(question.key, question.prompt))
            tally = figures.first_try.setdefault(question.key, [0, 0])
            tally[0] += count if sorted(json.loads(str(chosen_text))) == sorted(question.correct) else 0
            tally[1] += count
    return list(checks.values())


def _months(scope: Scope) -> list[tuple[date, int | None]]:
    year, month = extract("year", Completion.submitted_at), extract("month", Completion.submitted_at)
    query = select(year, month, func.count()).where(scope.completions()).group_by(year, month).order_by(year, month)
    counts = {date(int(y), int(m), 1): n for y, m, n in db.session.execute(query)}
    if not counts:
        return []
    months, day = [], min(counts)
    while day <= max(counts):
        count = counts.get(day, 0)
        months.append((day, None if 0 < count < SMALLEST_GROUP else count))
        day = date(day.year + day.month // 12, day.month % 12 + 1, 1)
    return months


def _without_small_groups(title, split, groups, checks, months) -> Insights:
    shown = {name: g for name, g in sorted(groups.items()) if g.people >= SMALLEST_GROUP}
    small = [g for g in groups.values() if 0 < g.people < SMALLEST_GROUP]
    others = GroupFigures()
    for figures in small:
        others.add(figures)
    if others.people >= SMALLEST_GROUP:
        shown[OTHERS] = others
    everyone = GroupFigures()
    # Everyone means everyone shown: adding a hidden group back would let it be worked out by subtraction.
    for figures in shown.values():
        everyone.add(figures)
    return Insights(title, split, shown, everyone, len(small), checks, months)


def insight_rows(insights: Insights, figure: str) -> tuple[list[str], Iterator[tuple]]:
    """Return one figure of the insights as a table: a header and rows, exactly as on the page."""
    split = "Agency" if insights.split == "agency" else "Profession"
    groups = [*insights.groups.items(), (ALL, insights.everyone)] if insights.groups else []
    if figure == "confidence":
        header = [split, "People", "Confidence before", "Confidence after", "Shift", "Returned for more reflection"]
        return header, ((n, g.people, g.before, g.after, g.shift, g.returned) for n, g in groups)
    if figure == "checks":
        header = ["Knowledge check", *(name for name, _ in groups)]
        return header, ((c.prompt, *(g.share_right(c.key) for _, g in groups)) for c in insights.checks)
    return ["Month", "Completions"], ((day, "Fewer than 5" if n is None else n) for day, n in insights.months)


def record_insights_export(trainer: User, scope: Scope, figure: str) -> None:
    """Write the audit event of downloading a figure."""
    record_event("insights_exported", trainer, figure=figure, scope=scope.slug)


def _number(value: Any) -> int:
    return int(value or 0)
