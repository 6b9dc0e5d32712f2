"""`flask content check` and `flask content load`, as an admin runs them."""

from pathlib import Path

import pytest
from sqlalchemy import func, select

from quizapp.extensions import db
from quizapp.models import Module, ModuleVersion, Theme

HARRY = "modules/harry-local-authority-boundaries.yaml"


@pytest.fixture
def content(app, content) -> Path:
    """Point the app at the private copy of the real content."""
    app.config["CONTENT_DIR"] = str(content)
    return content


def break_harry(content: Path) -> str:
    """Put Harry's minutes out of range; return the problem expected."""
    path = content / HARRY
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace("minutes: 20", "minutes: 2000"), encoding="utf-8")
    line = text[: text.index("minutes: 20")].count("\n") + 1
    return f"content/{HARRY}:{line}: minutes: must be between 5 and 240, not 2000"


def count(model) -> int:
    return db.session.scalar(select(func.count()).select_from(model))


def test_check_passes_the_real_content_in_one_line(runner):
    result = runner.invoke(args=["content", "check"])

    assert result.exit_code == 0, result.output
    assert result.output == "6 modules OK\n"


def test_check_lists_every_problem_and_fails(runner, content):
    expected = break_harry(content)
    (content / "modules" / "broken.yaml").write_text("slug: [\n", encoding="utf-8")

    result = runner.invoke(args=["content", "check"])

    assert result.exit_code == 1
    lines = result.output.splitlines()
    assert lines[0].startswith("content/modules/broken.yaml:2: (file): invalid YAML")
    assert lines[1] == expected
    assert lines[-1] == "2 problems in 2 files. Fix them and run `flask content check` again."


def test_load_reports_what_it_created_then_that_nothing_changed(runner, content):
    first = runner.invoke(args=["content", "load"])
    second = runner.invoke(args=["content", "load"])

    assert first.exit_code == 0, first.output
    assert "Themes: 16 created, 0 updated, 0 unchanged" in first.output
    assert "harry-local-authority-boundaries: created (version 1)" in first.output
    assert second.exit_code == 0, second.output
    assert "Themes: 0 created, 0 updated, 16 unchanged" in second.output
    assert second.output.count(": unchanged (version 1)") == 6
    assert count(ModuleVersion) == 6


def test_load_commits_so_the_modules_outlast_the_command(runner, content):
    runner.invoke(args=["content", "load"])
    db.session.rollback()

    assert count(Module) == 6


def test_load_with_a_broken_file_loads_nothing_and_fails(runner, content):
    expected = break_harry(content)

    result = runner.invoke(args=["content", "load"])

    assert result.exit_code == 1
    assert expected in result.output.splitlines()
    assert result.output.endswith("1 problem in 1 file. Nothing was loaded.\n")
    assert count(Theme) == 0
    assert count(Module) == 0


def test_check_with_stats_prints_each_modules_reading_ease(runner):
    result = runner.invoke(args=["content", "check", "--stats"])

    assert result.exit_code == 0, result.output
    lines = result.output.splitlines()
    assert len(lines) == 7
    assert lines[-1] == "6 modules OK"
    assert all(" Flesch reading ease " in line and " sentences over 35 words" in line for line in lines[:-1])
    assert lines[0].startswith("case-1-early-help-self-referral: Flesch reading ease ")
