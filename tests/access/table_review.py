"""Access to the trainer's routes: trainers and admins only, learners and managers refused, by URL too."""

from quizapp.models import Role
from tests.access.rules import roles

ATTEMPT = {"attempt_id": 1}
TRAINERS = (Role.TRAINER, Role.ADMIN)

ACCESS = {
    "review.home": roles(*TRAINERS),
    "review.submission": roles(*TRAINERS, args=ATTEMPT),
    "review.feedback": roles(*TRAINERS, args={**ATTEMPT, "answer_id": 1}),
    "review.mark_reviewed": roles(*TRAINERS, args=ATTEMPT, method="POST"),
    "review.return_attempt": roles(*TRAINERS, args=ATTEMPT),
    "review.comments": roles(*TRAINERS),
    "review.delete_comment": roles(*TRAINERS, args={"comment_id": 1}, method="POST"),
    "review.questions": roles(*TRAINERS),
    "review.question": roles(*TRAINERS, args={"question_id": 1}),
    "review.reveal_name": roles(*TRAINERS, args={"question_id": 1}, method="POST"),
    "review.export": roles(*TRAINERS, args={"module": "no-such-module"}),
    "review.insights": roles(*TRAINERS),
    "review.insights_csv": roles(*TRAINERS, args={"figure": "confidence"}),
}
