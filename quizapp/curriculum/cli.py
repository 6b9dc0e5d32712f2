"""`flask content check` and `flask content load`."""

import click
from flask import current_app
from flask.cli import AppGroup

from quizapp.curriculum.loader import load_content
from quizapp.curriculum.problems import ContentError, Problem
from quizapp.curriculum.readability import readability
from quizapp.curriculum.reader import read_content
from quizapp.extensions import db

content_cli = AppGroup("content", help="Check and load the case modules in the content directory.")


@content_cli.command("check")
@click.option("--stats", is_flag=True, help="Also print each module's Flesch reading ease and long sentences.")
def check_command(stats: bool) -> None:
    """Check every content file and report every problem; loads nothing."""
    content, problems = read_content(current_app.config["CONTENT_DIR"])
    if stats:
        _print_stats(content)
    if problems:
        _fail(problems, "Fix them and run `flask content check` again.")
    count = len(content.modules)
    click.echo(f"{count} module{'' if count == 1 else 's'} OK")


def _print_stats(content) -> None:
    for source in content.modules:
        figures = readability(source.document)
        click.echo(figures.line())
        for sentence in figures.long_sentences:
            click.echo(f"  long sentence: {' '.join(sentence.split())}")


@content_cli.command("load")
def load_command() -> None:
    """Check all content, then load themes and modules in one transaction; nothing if any file fails."""
    try:
        report = load_content(current_app.config["CONTENT_DIR"])
    except ContentError as exc:
        db.session.rollback()
        _fail(exc.problems, "Nothing was loaded.")
    except Exception:
        db.session.rollback()
        raise
    db.session.commit()
    for line in report.lines():
        click.echo(line)


def _fail(problems: list[Problem], advice: str) -> None:
    for problem in problems:
        click.echo(str(problem))
    files = len({p.file for p in problems})
    click.echo(
        f"{len(problems)} problem{'' if len(problems) == 1 else 's'} in "
        f"{files} file{'' if files == 1 else 's'}. {advice}"
    )
    raise SystemExit(1)
