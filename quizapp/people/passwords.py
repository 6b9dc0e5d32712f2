"""The one password policy, for the web and the command line: long enough and not a common password."""

import gzip
import secrets
from functools import cache
from pathlib import Path

MIN_LENGTH = 12
MAX_LENGTH = 200
DATA = Path(__file__).parent / "data"
# Django's list of common passwords (BSD licence; see data/README.md) and our own additions.
COMMON_PASSWORDS = DATA / "common-passwords.txt.gz"
LOCAL_PASSWORDS = DATA / "local-passwords.txt"


@cache
def common_passwords() -> frozenset[str]:
    """Return the lists of common passwords, lower-cased, read once per process."""
    lines = gzip.decompress(COMMON_PASSWORDS.read_bytes()).decode("utf-8").splitlines()
    lines += LOCAL_PASSWORDS.read_text(encoding="utf-8").splitlines()
    return frozenset(line.strip().lower() for line in lines if line.strip() and not line.startswith("#"))


def password_problem(password: str, email: str | None = None) -> str | None:
    """Return what is wrong with a new password in GOV.UK wording, or None if it is acceptable."""
    if len(password) < MIN_LENGTH:
        return f"Your password must be {MIN_LENGTH} characters or more"
    if len(password) > MAX_LENGTH:
        return f"Your password must be {MAX_LENGTH} characters or fewer"
    lowered = password.lower()
    if lowered in common_passwords() or (email and lowered == email.strip().lower()):
        return "Choose a password that is harder to guess: this one is too common"
    return None


class PasswordRejected(ValueError):
    """Raised when a password that breaks the policy is about to be set; the message says why."""


def check_new_password(password: str, email: str | None = None) -> None:
    """Raise PasswordRejected if this password may not be set."""
    problem = password_problem(password, email)
    if problem:
        raise PasswordRejected(problem)


def generate_password() -> str:
    """Return a random password that the policy accepts."""
    while True:
        password = secrets.token_urlsafe(15)
        if password_problem(password) is None:
            return password
