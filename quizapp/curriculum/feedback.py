"""What a learner is told after answering a knowledge check: feedback on each choice, then the explanation."""

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

# The full explanation gives the answer away, so it waits until the learner is right or has tried twice.
EXPLAIN_AFTER_TRIES = 2
SOME_MISSED = "You have chosen some of the right answers, but not all of them."


@dataclass(frozen=True)
class CheckFeedback:
    """Whether the answer is right, what each chosen option says, and the explanation once it is due."""

    right: bool
    notes: list[str] = field(default_factory=list)
    explanation: str = ""


def check_feedback(
    options: Sequence[Mapping[str, Any]], correct: Sequence[str], explanation: str, choices: Sequence[str], tries: int
) -> CheckFeedback:
    """Return the feedback for an answer given after some number of tries."""
    right = sorted(choices) == sorted(correct)
    if right:
        return CheckFeedback(True, [], explanation)
    wrong = [o for o in options if o["key"] in choices and o["key"] not in correct]
    notes = [o["feedback"] for o in wrong if o.get("feedback")]
    if not wrong:
        notes = [SOME_MISSED]
    return CheckFeedback(False, notes, explanation if tries >= EXPLAIN_AFTER_TRIES else "")
