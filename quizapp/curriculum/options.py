"""The order a learner sees a knowledge check's options in: shuffled for each attempt, the same on every visit."""

import random
from collections.abc import Mapping, Sequence
from typing import Any


def options_for_attempt(options: Sequence[Mapping[str, Any]], attempt_id: int, question_key: str) -> list:
    """Return the options in this attempt's own order, so position says nothing about the answer."""
    # Seeded by attempt and question: a learner's options stay put between tries and visits.
    shuffled = list(options)
    random.Random(f"{attempt_id}:{question_key}").shuffle(shuffled)
    return shuffled
