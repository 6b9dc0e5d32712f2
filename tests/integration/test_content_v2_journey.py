"""A learner meets the second edition of the modules: a role, role prompts, fair knowledge checks and clear errors."""

import re

from flask import url_for
from sqlalchemy import select

from quizapp.curriculum.pages import module_pages
from quizapp.extensions import db
from quizapp.models import Answer, Attempt, QuestionKind
from tests.conftest import csrf_token, parse
from tests.integration.learner import question_of

MARKUP_AS_TEXT = re.compile(r"</?[a-z][a-z0-9]*[\s>/]")


def shown_as_text(page) -> list[str]:
    """Return any HTML tags that a page displays as text instead of rendering."""
    return MARKUP_AS_TEXT.findall(page.get_text(" "))


def wrong_option(check) -> str:
    return next(option["key"] for option in check.options if option["key"] not in check.correct)


def test_a_learner_must_choose_a_role_before_starting(learner, module):
    page = learner.client.get(url_for("learn.module_start", slug=module.slug))

    response = learner.client.post(url_for("learn.start", slug=module.slug), data={"csrf_token": csrf_token(page)})

    shown = parse(response)
    assert response.status_code == 200
    assert shown.select_one(".govuk-error-summary").get_text(" ", strip=True).endswith("Select your role")
    assert shown.title.text.startswith("Error: ")
    assert db.session.scalar(select(Attempt)) is None


def test_each_key_message_shows_the_prompt_written_for_the_chosen_role(learner, module):
    attempt = learner.start(module, role="gp")
    message = next(page for page in module_pages(attempt.version) if page.kind == "message")

    page = parse(learner.client.get(learner.page_url(attempt, message.key)))

    assert attempt.role == "gp"
    prompt = page.select_one("#role-prompt")
    assert "GP or primary care" in prompt.text
    assert message.data["message"]["role_prompts"]["gp"] in prompt.text
    assert message.data["message"]["role_prompts"]["school"] not in page.text


def test_a_wrong_answer_gets_feedback_on_the_option_chosen_and_the_explanation_only_after_two_tries(learner, module):
    attempt = learner.start(module)
    check = question_of(attempt, QuestionKind.SINGLE_CHOICE)
    wrong = wrong_option(check)
    feedback = next(option["feedback"] for option in check.options if option["key"] == wrong)

    learner.post_page(attempt, check.page, {check.key: wrong})
    first = parse(learner.client.get(learner.page_url(attempt, check.page))).select_one("#check-result").text
    learner.post_page(attempt, check.page, {check.key: wrong})
    second = parse(learner.client.get(learner.page_url(attempt, check.page))).select_one("#check-result").text

    assert feedback in first
    assert check.explanation not in first
    assert check.explanation in second


def test_choosing_only_some_right_answers_says_so_without_giving_them_away(learner, module):
    attempt = learner.start(module)
    check = next(q for q in attempt.version.questions if q.kind == QuestionKind.MULTIPLE_CHOICE and len(q.correct) > 1)

    learner.post_page(attempt, check.page, {check.key: [check.correct[0]]})
    result = parse(learner.client.get(learner.page_url(attempt, check.page))).select_one("#check-result").text

    assert "not all of them" in result
    assert check.explanation not in result


def test_the_page_source_does_not_show_which_option_is_right(learner, module):
    attempt = learner.start(module)

    for check in (q for q in attempt.version.questions if q.options):
        page = parse(learner.client.get(learner.page_url(attempt, check.page)))
        values = [box["value"] for box in page.select("input[name=answer-" + check.key + "]")]
        assert sorted(values) == sorted(option["key"] for option in check.options)
        assert not set(values) & {"a", "b", "c", "d", "1", "2", "3", "4"}


def test_each_attempt_sees_the_options_in_its_own_order_that_stays_put(client, auth, create_user, module):
    from tests.integration.learner import Learner

    orders = []
    for _ in range(4):
        learner = Learner(client, create_user())
        auth.sign_in(learner.user)
        attempt = learner.start(module)
        check = question_of(attempt, QuestionKind.SINGLE_CHOICE)
        seen = [
            [
                box["value"]
                for box in parse(learner.client.get(learner.page_url(attempt, check.page))).select("input")
                if box.get("name") == f"answer-{check.key}"
            ]
            for _ in range(2)
        ]
        assert seen[0] == seen[1]
        orders.append(tuple(seen[0]))
        auth.sign_out()

    assert len(set(orders)) > 1


def test_no_learner_page_shows_markup_as_text_even_after_a_wrong_answer_or_an_error(learner, module):
    attempt = learner.start(module)
    check = question_of(attempt, QuestionKind.SINGLE_CHOICE)
    learner.post_page(attempt, check.page, {check.key: wrong_option(check)})
    pages = [learner.client.get(path) for path in ("/my-learning", "/my-learning/record")]
    pages.append(learner.client.get(url_for("learn.module_start", slug=module.slug)))
    pages += [learner.client.get(learner.page_url(attempt, page.key)) for page in module_pages(attempt.version)]
    pages += [learner.post_page(attempt, page.key, {}) for page in module_pages(attempt.version) if page.question_keys]
    pages.append(learner.client.get(url_for("learn.check_answers", attempt_id=attempt.id)))

    for response in pages:
        assert response.status_code == 200
        assert shown_as_text(parse(response)) == [], response.request.path


def test_two_confidence_questions_on_one_page_give_errors_that_name_their_question(learner, module):
    attempt = learner.start(module)

    page = parse(learner.post_page(attempt, "confidence-before", {}))

    errors = [item.text.strip() for item in page.select(".govuk-error-summary__list li")]
    assert len(errors) == len(set(errors)) == 3
    assert errors[0] == (
        "Select how confident you are to engage fathers and significant others in your assessments and interventions"
    )


def test_the_action_plan_asks_for_a_smart_action_who_to_discuss_it_with_and_when(learner, module):
    attempt = learner.start(module)

    page = parse(learner.post_page(attempt, "action-plan", {}))

    labels = [label.text.strip() for label in page.select("label.govuk-label")]
    assert labels == [
        "What will you do differently in your practice? Write one SMART action.",
        "Who will you discuss this action with?",
        "When will you do it?",
    ]
    errors = [item.text.strip() for item in page.select(".govuk-error-summary__list li")]
    assert errors == [
        "Enter what you will do differently",
        "Enter who you will discuss your action with",
        "Enter when you will do it",
    ]
    assert "supervision" in page.select_one("#answer-action-plan-discuss-hint").text


def test_the_case_page_asks_what_next_and_the_next_page_says_what_went_well_and_what_needed_to_improve(learner, module):
    attempt = learner.start(module)

    case = parse(learner.client.get(learner.page_url(attempt, "case")))
    outcome = parse(learner.client.get(learner.page_url(attempt, "outcome")))

    assert "what would you do next" in case.select_one("h1").text
    assert "Working Together to Safeguard Children 2023" in case.select_one("form[data-autosave-url]").text
    assert "What went well" not in case.select_one("form[data-autosave-url]").text
    headings = [h.text for h in outcome.select("h2")]
    assert "What went well" in headings and "What needed to improve" in headings


def test_every_module_reloads_as_a_new_version_and_old_attempts_keep_their_answers(app, content, create_user):
    from quizapp.curriculum import load_content
    from quizapp.models import Module

    load_content(content)
    db.session.commit()
    user = create_user()
    kept = {}
    for module in db.session.scalars(select(Module)):
        version = module.current_version
        question = next(q for q in version.questions if q.kind == QuestionKind.REFLECTION)
        attempt = Attempt(user=user, module=module, version=version, role="police")
        db.session.add(Answer(attempt=attempt, question=question, text=f"My answer for {module.slug}"))
        kept[module.slug] = (version.id, question.prompt)
    db.session.commit()

    for path in (content / "modules").glob("*.yaml"):
        path.write_text(path.read_text(encoding="utf-8") + "# reviewed\n", encoding="utf-8")
    report = load_content(content)
    db.session.commit()

    assert [outcome.outcome for outcome in report.modules] == ["new version"] * 6
    for attempt in db.session.scalars(select(Attempt)):
        version_id, prompt = kept[attempt.module.slug]
        assert attempt.version_id == version_id != attempt.module.current_version_id
        assert attempt.role == "police"
        [answer] = attempt.answers
        assert (answer.question.version_id, answer.question.prompt) == (version_id, prompt)
        assert answer.text == f"My answer for {attempt.module.slug}"


def test_an_attempt_on_a_version_loaded_before_content_v2_still_shows_every_page(learner, module):
    from tests.unit.test_content_pages import first_edition

    attempt = learner.start(module)
    version = attempt.version
    version.document = first_edition(version.document)
    version.source_hash = "0" * 64  # an older file, so an older hash: pages are cached per version and hash
    for question in [
        q for q in version.questions if q.key in ("pause-next-step", "action-plan-discuss", "action-plan-when")
    ]:
        version.questions.remove(question)
    db.session.commit()

    for page in module_pages(version):
        response = learner.client.get(learner.page_url(attempt, page.key))
        assert response.status_code == 200, page.key
        assert shown_as_text(parse(response)) == [], page.key
    case = parse(learner.client.get(learner.page_url(attempt, "case")))
    assert "What went well" in [h.text for h in case.select("h2")]
