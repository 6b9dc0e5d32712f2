"""The one password policy: 12 characters or more, not a common password, no composition rules."""

import pytest

from quizapp.people.passwords import MIN_LENGTH, common_passwords, generate_password, password_problem

TOO_COMMON = "Choose a password that is harder to guess: this one is too common"


def test_the_kept_list_is_loaded_locally_and_is_a_real_list():
    passwords = common_passwords()

    assert len(passwords) > 19_000
    assert {"123456", "password", "qwerty", "iloveyou"} <= passwords


@pytest.mark.parametrize("password", ["1qaz2wsx3edc", "PasswordPassword", "SAFEGUARDING123", "123456789012"])
def test_common_passwords_of_any_case_are_refused(password):
    assert password_problem(password) == TOO_COMMON


def test_short_passwords_are_refused_whatever_they_contain():
    assert password_problem("Zx!9" * 2 + "q") == f"Your password must be {MIN_LENGTH} characters or more"


@pytest.mark.parametrize("password", ["correct horse battery staple", "all lower case words here", "a" * 11 + "b"])
def test_long_uncommon_passwords_pass_without_composition_rules(password):
    assert password_problem(password) is None


def test_the_email_address_is_not_a_password():
    assert password_problem("Sam.Learner@example.org", "sam.learner@example.org") == TOO_COMMON


def test_generated_passwords_pass_the_policy():
    assert all(password_problem(generate_password()) is None for _ in range(50))
