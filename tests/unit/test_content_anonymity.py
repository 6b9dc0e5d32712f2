"""Content that could identify a real person is refused, with the line it is on."""

import pytest

from quizapp.curriculum import read_content
from quizapp.curriculum.anonymity import find_identifiers
from tests.conftest import ROOT

HARRY = "modules/harry-local-authority-boundaries.yaml"


def messages(text: str, allowed=()) -> list[str]:
    return [finding.message for finding in find_identifiers(text, allowed)]


@pytest.mark.parametrize(
    ("text", "kind"),
    [
        ("Contact mary.lee1@nhs.net for advice.", "an e-mail address ('mary.lee1@nhs.net')"),
        ("Write to mailto:mary.lee1@nhs.net today.", "an e-mail address ('mary.lee1@nhs.net')"),
        ("Ring the team on 020 7123 4567.", "a UK phone number ('020 7123 4567')"),
        ("Her mobile is 07700 900123.", "a UK phone number ('07700 900123')"),
        ("From abroad dial +44 20 7123 4567.", "a UK phone number ('+44 20 7123 4567')"),
        ("The NHS number 943 476 5919 was recorded.", "an NHS number ('943 476 5919')"),
        ("The NHS number 943-476-5919 was recorded.", "an NHS number ('943-476-5919')"),
        ("The NHS number 9434765919 was recorded.", "an NHS number ('9434765919')"),
        ("The family moved to E8 1DY last year.", "a postcode ('E8 1DY')"),
        ("They live near SW1A 2AA.", "a postcode ('SW1A 2AA')"),
        ("The child was born 12/03/2010.", "a full date ('12/03/2010')"),
        ("The child was born on 12 March 2010.", "a full date ('12 March 2010')"),
        ("Seen on 3rd of June 2019 at home.", "a full date ('3rd of June 2019')"),
        ("Seen on March 12, 2010 at home.", "a full date ('March 12, 2010')"),
        ("Seen on 2019-06-03 at home.", "a full date ('2019-06-03')"),
        ("DOB unknown.", "a date of birth ('DOB')"),
    ],
)
def test_contact_details_numbers_and_dates_are_refused(text, kind):
    assert any(message.startswith(f"contains {kind}") for message in messages(text))


@pytest.mark.parametrize(
    "text",
    [
        "Mary Lee was the nurse.",
        "The nurse, Mary Lee, visited.",
        "Ask Mary Lee.",
    ],
)
def test_a_personal_name_is_refused_once_wherever_it_is_in_a_sentence(text):
    assert messages(text) == [
        "'Mary Lee' looks like a personal name; use a pseudonym declared in 'pseudonyms', "
        "or if it is not a person's name add it to content/vocabulary.yaml"
    ]


def test_a_name_that_is_also_a_word_is_refused_mid_sentence():
    assert messages("The visit was made by Grace and the social worker.") != []


def test_a_word_that_is_also_a_name_is_allowed_at_the_start_of_a_sentence():
    assert messages("Grace and patience helped. Will you ask? Mark the date of the review.") == []


def test_a_declared_pseudonym_is_allowed_and_an_undeclared_one_is_not():
    assert messages("Felix's school noticed the change.", allowed={"Felix"}) == []
    assert messages("The school noticed that Felix had changed.") != []


@pytest.mark.parametrize(
    "text",
    [
        "CAMHS and GPs attended the CIN meeting.",
        "The social worker visited. Professionals listened to the child.",
        "A book, 'All about me', was presented at the review.",
        "The audit covered 6 to 8 weekly TAC meetings in 2017.",
        "See the policy at http://www.chscb.org.uk/wp-content/uploads/2017/08/policy.pdf for details.",
    ],
)
def test_ordinary_prose_passes(text):
    assert messages(text) == []


def test_vocabulary_words_are_allowed():
    text = "The school at Great Ormond Street Hospital in London."

    assert messages(text) != []
    assert messages(text, allowed={"Great", "Ormond", "Street", "Hospital", "London"}) == []


def test_a_module_with_personal_details_is_refused_at_the_exact_line(content):
    path = content / HARRY
    text = path.read_text(encoding="utf-8")
    path.write_text(
        text.replace(
            "  Harry is not his real name", "  Call Mary Lee on 020 7123 4567.\n  Harry is not his real name", 1
        ),
        encoding="utf-8",
    )
    line = path.read_text(encoding="utf-8").split("\n").index("  Call Mary Lee on 020 7123 4567.") + 1

    problems = [str(p) for p in read_content(content)[1]]

    assert (
        f"content/{HARRY}:{line}: summary: contains a UK phone number ('020 7123 4567'); "
        "remove it: content must not identify anyone"
    ) in problems
    assert any(
        p.startswith(f"content/{HARRY}:{line}: summary: 'Mary Lee' looks like a personal name") for p in problems
    )


def test_a_pseudonym_declared_in_one_module_is_refused_in_another(content):
    path = content / HARRY
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace("Be alert to them", "Be alert to them, as for Felix", 1), encoding="utf-8")

    [problem] = [str(p) for p in read_content(content)[1]]

    assert "key_messages[0].learning: 'Felix' looks like a personal name" in problem


def test_theme_descriptions_are_checked_too(content):
    path = content / "themes.yaml"
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace("Including fathers", "As Mary showed, including fathers", 1), encoding="utf-8")

    [problem] = [str(p) for p in read_content(content)[1]]

    assert problem.startswith("content/themes.yaml:")
    assert "themes[0].description: 'Mary' looks like a personal name" in problem


def test_no_personal_details_from_the_seeds_reach_the_content():
    text = "\n".join(p.read_text(encoding="utf-8") for p in (ROOT / "content").rglob("*.yaml")).lower()

    assert "mary.lee" not in text
    assert "@" not in text
