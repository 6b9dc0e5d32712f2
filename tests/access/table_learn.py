"""Access to the learner's routes."""

from quizapp.models import Role
from tests.access.rules import public, roles

ATTEMPT = {"attempt_id": 1}

ACCESS = {
    "learn.my_learning": roles(Role.LEARNER),
    "learn.theme": roles(Role.LEARNER, Role.TRAINER, args={"slug": "the-silent-child"}),
    "learn.module_start": roles(Role.LEARNER, args={"slug": "case-1-early-help-self-referral"}),
    "learn.start": roles(Role.LEARNER, args={"slug": "case-1-early-help-self-referral"}, method="POST"),
    "learn.page": roles(Role.LEARNER, args={**ATTEMPT, "page_key": "case"}),
    "learn.check_answers": roles(Role.LEARNER, args=ATTEMPT),
    "learn.submit": roles(Role.LEARNER, args=ATTEMPT, method="POST"),
    "learn.autosave": roles(Role.LEARNER, args=ATTEMPT, method="POST"),
    "learn.confirmation": roles(Role.LEARNER, args=ATTEMPT),
    "learn.certificate": roles(Role.LEARNER, args={"completion_id": 1}),
    "learn.verify_certificate": public(args={"code": "no-such-code"}),
    "learn.my_record": roles(Role.LEARNER),
    "learn.export_reflections": roles(Role.LEARNER, args={"fmt": "pdf"}),
    "learn.my_answers": roles(Role.LEARNER, args=ATTEMPT),
}
