"""Managers of each kind of scope, and a small partnership to report on."""

import pytest

from quizapp.models import Role, Scope


@pytest.fixture
def managers(create_user):
    """A team manager (Children in Need), an agency manager (Hackney CFS) and a partnership manager."""
    manager = (Role.MANAGER,)
    return {
        "team": create_user(roles=manager, email="team.manager@example.org", manager_scope=Scope.TEAM),
        "agency": create_user(roles=manager, email="agency.manager@example.org", manager_scope=Scope.AGENCY),
        "partnership": create_user(
            roles=manager, email="partnership.manager@example.org", manager_scope=Scope.PARTNERSHIP
        ),
    }


@pytest.fixture
def people(create_user):
    """Learners in the team, elsewhere in the agency, and in another agency."""
    return {
        "team": create_user(name="Tia Team", email="tia@example.org"),
        "agency": create_user(name="Abe Agency", email="abe@example.org", team="Assessment and Intervention"),
        "other": create_user(
            name="Olu Other",
            email="olu@example.org",
            agency="Homerton Healthcare",
            team="Health Visiting",
            profession="Health visitor",
        ),
    }
