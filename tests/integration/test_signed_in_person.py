"""Each request loads the signed-in person with their role names in one query; a change to their roles shows at once."""

from sqlalchemy import update

from quizapp import security
from quizapp.extensions import db
from quizapp.models import Role, User


def loaded_afresh(user: User) -> User | None:
    """The person as the next request loads them from their session's token, in a session that holds nothing yet."""
    token = user.session_token
    db.session.commit()
    db.session.expunge_all()
    return security._load_user(token)


def test_the_person_and_their_role_names_are_read_in_one_query(create_user, count_queries):
    user = create_user(roles=(Role.LEARNER, Role.TRAINER, Role.MANAGER))
    token, email = user.session_token, user.email
    db.session.commit()
    db.session.expunge_all()

    with count_queries() as statements:
        person = security._load_user(token)
        roles = person.roles
        navigation_check = person.has_role(Role.TRAINER)

    assert [statement.split()[0] for statement in statements if not statement.startswith("BEGIN")] == ["SELECT"]
    assert roles == {"learner", "trainer", "manager"} and navigation_check
    assert person.email == email


def test_a_person_holding_no_role_is_still_loaded_with_none(create_user):
    person = loaded_afresh(create_user(roles=()))

    assert person is not None and person.roles == set()


def test_a_deactivated_person_is_not_loaded_whatever_token_they_hold(create_user):
    user = create_user(roles=(Role.LEARNER, Role.TRAINER))
    db.session.execute(update(User).where(User.id == user.id).values(active=False))

    assert loaded_afresh(user) is None


def test_changing_the_signed_in_persons_roles_shows_at_once_and_after_the_commit(create_user):
    person = loaded_afresh(create_user(roles=(Role.LEARNER, Role.TRAINER)))
    assert person.roles == {"learner", "trainer"}

    person.set_roles([Role.ADMIN, Role.LEARNER])
    assert person.roles == {"admin", "learner"}
    db.session.commit()

    assert person.roles == {"admin", "learner"}  # the rows as written, not the names read with the person
    assert loaded_afresh(person).roles == {"admin", "learner"}
