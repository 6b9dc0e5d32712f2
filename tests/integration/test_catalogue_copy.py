"""Learner pages read the published catalogue from each process's copy, which follows every change at once."""

from flask import url_for
from sqlalchemy import select

from quizapp.curriculum.catalogue import catalogue_copy, published_modules
from quizapp.curriculum.loader import load_content
from quizapp.curriculum.publishing import retire, unpublish
from quizapp.extensions import db
from quizapp.models import Module, Role
from quizapp.models.types import utcnow
from tests.conftest import csrf_token, edit, parse

CASE_1 = "case-1-early-help-self-referral"


def titles() -> list[str]:
    return [module.current_version.title for module in catalogue_copy()]


def test_the_copy_holds_what_the_database_holds_and_is_read_with_one_small_query(loaded_modules, count_queries):
    expected = [(m.id, m.slug, m.current_version.title) for m in published_modules()]
    catalogue_copy()

    with count_queries() as statements:
        modules = catalogue_copy()

    assert [(m.id, m.slug, m.current_version.title) for m in modules] == expected
    assert all(m.current_version.themes for m in modules)
    assert len(statements) == 1


def test_a_retired_or_unpublished_module_leaves_the_copy_at_once(loaded_modules, create_user):
    admin = create_user(roles=(Role.ADMIN,))
    before = titles()
    retire(loaded_modules[CASE_1], admin, utcnow())
    unpublish(loaded_modules["case-2-father-imprisoned-silent-child"], admin)
    db.session.commit()

    after = titles()

    assert len(after) == len(before) - 2
    assert not any(title.startswith(("Case 1:", "Case 2:")) for title in after)


def test_new_content_replaces_the_copy_at_once(app, content):
    load_content(content)
    db.session.commit()
    assert "Case 1: A mother asks Early Help for support" in titles()

    edit(content / "modules" / f"{CASE_1}.yaml", "A mother asks Early Help", "A mother asks the Early Help service")
    load_content(content)
    db.session.commit()

    assert "Case 1: A mother asks the Early Help service for support" in titles()
    assert "Case 1: A mother asks Early Help for support" not in titles()


def test_building_the_copy_leaves_the_callers_objects_in_its_session(loaded_modules):
    mine = db.session.scalar(select(Module).where(Module.slug == CASE_1))

    copy = catalogue_copy()

    assert mine in db.session and mine.current_version.title
    assert all(module not in db.session for module in copy)


def test_my_learning_and_the_start_page_follow_a_retirement(learner, loaded_modules, create_user):
    learner.client.get(url_for("learn.my_learning"))  # the copy is built
    retire(loaded_modules[CASE_1], create_user(roles=(Role.ADMIN,)), utcnow())
    db.session.commit()

    page = parse(learner.client.get(url_for("learn.my_learning")))

    assert "Case 1:" not in page.get_text()
    assert learner.client.get(url_for("learn.module_start", slug=CASE_1)).status_code == 404


def test_starting_a_module_just_after_the_catalogue_changed_rebuilds_the_copy_without_waiting(
    learner, loaded_modules, create_user
):
    page = learner.client.get(url_for("learn.module_start", slug=CASE_1))
    unpublish(loaded_modules["case-2-father-imprisoned-silent-child"], create_user(roles=(Role.ADMIN,)))
    db.session.commit()

    # The start post holds SQLite's write lock from its first statement; the copy is rebuilt beside it.
    response = learner.client.post(
        url_for("learn.start", slug=CASE_1), data={"csrf_token": csrf_token(page), "role": "social-care"}
    )

    assert response.status_code == 302 and "/pages/" in response.headers["Location"]
    assert learner.open_attempt(loaded_modules[CASE_1]) is not None
