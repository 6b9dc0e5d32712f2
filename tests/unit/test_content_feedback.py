"""A knowledge check answers the option chosen first, and explains fully only once right or after two tries."""

from quizapp.curriculum.feedback import SOME_MISSED, check_feedback

OPTIONS = [
    {"key": "k1", "text": "Right", "feedback": ""},
    {"key": "k2", "text": "Also right", "feedback": ""},
    {"key": "k3", "text": "Wrong", "feedback": "Why the third is wrong."},
    {"key": "k4", "text": "Also wrong", "feedback": "Why the fourth is wrong."},
]
CORRECT = ["k1", "k2"]
EXPLANATION = "The full explanation."


def test_a_right_answer_gets_the_explanation_at_once():
    feedback = check_feedback(OPTIONS, CORRECT, EXPLANATION, ["k2", "k1"], tries=1)

    assert (feedback.right, feedback.notes, feedback.explanation) == (True, [], EXPLANATION)


def test_a_first_wrong_answer_hears_about_each_wrong_option_chosen_but_not_the_explanation():
    feedback = check_feedback(OPTIONS, CORRECT, EXPLANATION, ["k1", "k3", "k4"], tries=1)

    assert feedback.right is False
    assert feedback.notes == ["Why the third is wrong.", "Why the fourth is wrong."]
    assert feedback.explanation == ""


def test_a_second_wrong_answer_gets_the_explanation_too():
    feedback = check_feedback(OPTIONS, CORRECT, EXPLANATION, ["k3"], tries=2)

    assert feedback.notes == ["Why the third is wrong."]
    assert feedback.explanation == EXPLANATION


def test_choosing_only_some_of_the_right_options_says_so():
    feedback = check_feedback(OPTIONS, CORRECT, EXPLANATION, ["k1"], tries=1)

    assert feedback.notes == [SOME_MISSED]
