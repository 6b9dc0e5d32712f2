"""Registers the command-line tools each domain package defines."""

from importlib import import_module

from flask import Flask

# (module, command or group name) for every `flask ...` command; a new command group is one line here.
COMMANDS = [
    ("quizapp.people.cli", "users_cli"),
    ("quizapp.people.cli", "demo"),
    ("quizapp.curriculum.cli", "content_cli"),
    ("quizapp.mail.cli", "mail_cli"),
    ("quizapp.records.cli", "reminders_cli"),
    ("quizapp.people.retention", "retention_cli"),
    ("quizapp.database", "backup"),
]


def init_app(app: Flask) -> None:
    """Register the command groups."""
    for module_name, attribute in COMMANDS:
        app.cli.add_command(getattr(import_module(module_name), attribute))
