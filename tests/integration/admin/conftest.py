"""Fixtures for the admin pages: a signed-in administrator."""

import pytest

from quizapp.models import Role


@pytest.fixture
def admin(client, auth, create_user):
    """A signed-in administrator."""
    user = create_user(roles=(Role.ADMIN,), email="admin@example.org", name="Alex Admin")
    auth.sign_in(user)
    return user
