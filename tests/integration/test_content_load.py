"""Loading content is all-or-nothing and idempotent, and a new version never disturbs the old one."""

from pathlib import Path

import pytest
from sqlalchemy import func, select

from quizapp.curriculum import ContentError, load_content
from quizapp.extensions import db
from quizapp.models import Answer, Attempt, Module, ModuleVersion, Question, Theme
from tests.conftest import edit

HARRY = "modules/harry-local-authority-boundaries.yaml"
HARRY_SLUG = "harry-local-authority-boundaries"
OLD_PROMPT = "Are you clear on where families will be able to access services?"
NEW_PROMPT = "Are you clear about where families can access each of the services they need?"


def load(content: Path):
    report = load_content(content)
    db.session.commit()
    return report


def count(model) -> int:
    return db.session.scalar(select(func.count()).select_from(model))


def module(slug: str) -> Module:
    return db.session.scalar(select(Module).where(Module.slug == slug))


def test_loading_creates_every_theme_and_a_published_first_version_of_each_module(app, content):
    report = load(content)

    assert count(Theme) == 16
    assert count(Module) == 6
    assert [outcome.outcome for outcome in report.modules] == ["created"] * 6
    harry = module(HARRY_SLUG)
    assert harry.published
    assert harry.current_version.number == 1
    assert harry.current_version.briefing == ("CHSCB multi-agency case file audit: learning briefing — Case 3 (Harry)")
    assert harry.current_version.summary.startswith("Harry is a boy of secondary school age.")
    assert [t.slug for t in harry.current_version.themes] == [
        "local-authority-boundaries",
        "multi-agency-working",
        "voice-of-the-child",
    ]


def test_questions_are_stored_in_page_order_with_their_kinds(app, content):
    load(content)
    questions = module(HARRY_SLUG).current_version.questions

    assert [(q.position, q.page, q.key, q.kind) for q in questions[:5]] == [
        (1, "confidence-before", "confidence-before-boundary-services", "confidence"),
        (2, "confidence-before", "confidence-before-voice-of-child", "confidence"),
        (3, "case", "pause-next-step", "reflection"),
        (4, "message-boundaries", "boundaries-alert", "reflection"),
        (5, "message-boundaries", "boundaries-access", "reflection"),
    ]
    assert [(q.page, q.key, q.kind) for q in questions[-4:]] == [
        ("confidence-after", "confidence-after-voice-of-child", "confidence"),
        ("action-plan", "action-plan", "action_plan"),
        ("action-plan", "action-plan-discuss", "action_plan"),
        ("action-plan", "action-plan-when", "action_plan"),
    ]
    assert [q.position for q in questions] == list(range(1, len(questions) + 1))


def test_a_knowledge_check_keeps_its_options_answer_feedback_explanation_and_theme(app, content):
    load(content)
    check = next(q for q in module(HARRY_SLUG).current_version.questions if q.key == "kc-school-choice")

    assert check.kind == "multiple_choice"
    assert check.page == "check-kc-school-choice"
    assert [o["text"] for o in check.options][:2] == [
        "Record his view in his own words",
        "Tell him that school choice is a decision for adults",
    ]
    assert set(check.options[0]) == {"key", "text", "feedback"}
    assert check.options[1]["feedback"].startswith("In Harry's case the audit praised")
    assert check.correct == [check.options[0]["key"], check.options[2]["key"]]
    assert check.explanation.startswith("The audit counted it as evidence")
    assert [t.slug for t in check.themes] == ["voice-of-the-child"]


def test_option_values_are_opaque_so_the_page_source_does_not_give_the_answer_away(app, content):
    load(content)
    checks = [q for q in module(HARRY_SLUG).current_version.questions if q.options]

    keys = [o["key"] for check in checks for o in check.options]
    assert not {"a", "b", "c", "d"} & set(keys)
    assert all(len(key) == 8 for key in keys)
    assert len(set(keys)) == len(keys)


def test_a_reflective_question_carries_its_message_theme_and_minimum_length(app, content):
    load(content)
    question = next(q for q in module(HARRY_SLUG).current_version.questions if q.key == "boundaries-access")

    assert question.prompt == OLD_PROMPT
    assert question.min_length == 0
    thoughtful = next(q for q in module(HARRY_SLUG).current_version.questions if q.key == "boundaries-practice")
    assert thoughtful.min_length == 80
    assert [t.slug for t in question.themes] == ["local-authority-boundaries"]


def test_loading_unchanged_content_again_creates_nothing(app, content):
    load(content)
    questions_before = count(Question)

    report = load(content)

    assert [outcome.outcome for outcome in report.modules] == ["unchanged"] * 6
    assert (len(report.themes["created"]), len(report.themes["unchanged"])) == (0, 16)
    assert count(ModuleVersion) == 6
    assert count(Question) == questions_before


def test_a_changed_module_becomes_version_2_and_answers_keep_pointing_at_version_1(app, content, create_user):
    load(content)
    first = module(HARRY_SLUG).current_version
    asked = next(q for q in first.questions if q.key == "boundaries-access")
    attempt = Attempt(user=create_user(), module=first.module, version=first)
    answer = Answer(attempt=attempt, question=asked, text="I check which authority provides each service.")
    db.session.add(attempt)
    db.session.commit()
    first_questions = [(q.id, q.key, q.prompt) for q in first.questions]

    edit(content / HARRY, OLD_PROMPT, NEW_PROMPT)
    report = load(content)
    db.session.expire_all()

    harry, kept = module(HARRY_SLUG), db.session.get(Answer, answer.id)
    assert f"{HARRY_SLUG}: new version (version 2)" in [str(o) for o in report.modules]
    assert harry.current_version.number == 2
    assert [v.number for v in harry.versions] == [1, 2]
    assert [(q.id, q.key, q.prompt) for q in db.session.get(ModuleVersion, first.id).questions] == first_questions
    assert kept.question_id == asked.id
    assert kept.question.prompt == OLD_PROMPT
    changed = next(q for q in harry.current_version.questions if q.key == "boundaries-access")
    assert changed.prompt == NEW_PROMPT
    assert count(ModuleVersion) == 7


def test_restoring_an_earlier_file_points_back_at_its_version(app, content):
    load(content)
    original = (content / HARRY).read_bytes()
    edit(content / HARRY, OLD_PROMPT, NEW_PROMPT)
    load(content)

    (content / HARRY).write_bytes(original)
    report = load(content)

    assert f"{HARRY_SLUG}: restored (version 1)" in [str(o) for o in report.modules]
    assert module(HARRY_SLUG).current_version.number == 1
    assert count(ModuleVersion) == 7


def test_theme_names_and_descriptions_are_updated_by_slug(app, content):
    load(content)
    edit(content / "themes.yaml", "name: Flexible working", "name: Flexible meetings")

    report = load(content)

    assert report.themes["updated"] == ["flexible-working"]
    theme = db.session.scalar(select(Theme).where(Theme.slug == "flexible-working"))
    assert theme.name == "Flexible meetings"
    assert count(Theme) == 16


def test_one_broken_file_means_nothing_is_loaded(app, content):
    edit(content / HARRY, "minutes: 20", "minutes: 2000")

    with pytest.raises(ContentError) as raised:
        load_content(content)
    db.session.rollback()

    assert [p.field for p in raised.value.problems] == ["minutes"]
    assert count(Theme) == 0
    assert count(Module) == 0


def test_a_broken_change_leaves_the_loaded_version_current(app, content):
    load(content)
    edit(content / HARRY, OLD_PROMPT, NEW_PROMPT)
    edit(content / "themes.yaml", "- slug: thresholds", "- slug: Thresholds")

    with pytest.raises(ContentError):
        load_content(content)
    db.session.rollback()

    assert module(HARRY_SLUG).current_version.number == 1
    assert count(ModuleVersion) == 6
