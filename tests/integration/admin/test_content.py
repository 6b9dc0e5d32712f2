"""Content: versions and their use, publishing and retiring without losing records, preview, content check."""

from flask import url_for
from sqlalchemy import func, select

from quizapp.extensions import db
from quizapp.models import Attempt, AuditEvent, Module, Role
from tests.conftest import csrf_token, edit, parse


def post_action(client, slug, action):
    page = client.get(url_for("admin.content"))
    return client.post(url_for("admin.change_module", slug=slug, action=action), data={"csrf_token": csrf_token(page)})


def test_each_module_shows_its_versions_loaded_dates_attempts_and_completions(
    client, auth, learner, module, create_user
):
    attempt = learner.start(module)
    learner.complete_all_pages(attempt)
    learner.submit(attempt)
    auth.sign_out()
    auth.sign_in(create_user(roles=(Role.ADMIN,), email="admin@example.org"))

    page = parse(client.get(url_for("admin.content")))

    heading = next(h for h in page.select("h2") if module.current_version.title in h.get_text())
    row = heading.find_next("table").select_one("tbody tr")
    cells = [td.get_text(strip=True) for td in row.select("td")]
    assert cells[0] == "1 (current)" and cells[2:4] == ["1", "1"]
    assert "Published" in heading.get_text()


def test_the_content_page_runs_the_same_queries_however_many_modules(client, admin, loaded_modules, count_queries):
    with count_queries() as counted:
        client.get(url_for("admin.content"))

    assert len(counted) <= 8, "modules, versions, attempt counts and completion counts, not one query per module"


def test_unpublish_publish_and_retire_keep_every_record(client, auth, learner, module, create_user):
    attempt = learner.start(module)
    auth.sign_out()
    admin = create_user(roles=(Role.ADMIN,), email="admin@example.org")
    auth.sign_in(admin)

    post_action(client, module.slug, "unpublish")
    db.session.expire_all()
    assert db.session.get(Module, module.id).published is False
    post_action(client, module.slug, "retire")
    db.session.expire_all()
    assert db.session.get(Module, module.id).retired_at is not None
    assert "Retired" in parse(client.get(url_for("admin.content"))).get_text()
    post_action(client, module.slug, "publish")

    db.session.expire_all()
    restored = db.session.get(Module, module.id)
    assert restored.published and restored.retired_at is None
    assert db.session.get(Attempt, attempt.id) is not None
    actions = db.session.scalars(select(AuditEvent.action).where(AuditEvent.object_type == "Module")).all()
    assert actions == ["module_unpublished", "module_retired", "module_published"]


def test_an_unpublished_module_is_hidden_from_learners(client, auth, module, create_user):
    auth.sign_in(create_user(roles=(Role.ADMIN,), email="admin@example.org"))
    post_action(client, module.slug, "unpublish")
    auth.sign_out()
    auth.sign_in(create_user(email="learner@example.org"))

    assert client.get(url_for("learn.module_start", slug=module.slug)).status_code == 404


def test_preview_shows_every_page_and_starts_no_attempt(client, admin, module):
    version = module.current_version
    first = parse(client.get(url_for("admin.preview", slug=module.slug, number=version.number)))
    assert "page 1 of" in first.select_one(".govuk-caption-l").get_text()
    count = int(first.select_one(".govuk-caption-l").get_text().rsplit(" ", 1)[1])

    texts = [
        parse(client.get(url_for("admin.preview", slug=module.slug, number=version.number, page=n))).get_text()
        for n in range(1, count + 1)
    ]

    for question in version.questions:
        assert any(question.prompt in text for text in texts), question.key
    assert db.session.scalar(select(func.count(Attempt.id))) == 0
    assert client.get(url_for("admin.preview", slug=module.slug, number=99)).status_code == 404


def test_check_content_shows_the_same_messages_as_the_command(app, client, admin, content, runner):
    edit(content / "modules" / "case-1-early-help-self-referral.yaml", "minutes: 30", "minutes: lots")
    app.config["CONTENT_DIR"] = str(content)

    page = parse(client.get(url_for("admin.check_content")))
    cli = runner.invoke(args=["content", "check"])

    shown = [li.get_text(strip=True) for li in page.select("#problems li")]
    assert shown and all(":" in line for line in shown)
    assert shown == [line for line in cli.output.splitlines() if line.startswith("content/")]


def test_check_content_says_when_everything_is_correct(client, admin):
    assert "Every content file is correct" in parse(client.get(url_for("admin.check_content"))).get_text()
