"""Plain data the export writers render, built by callers from the database."""

from dataclasses import dataclass, field
from datetime import date


@dataclass(frozen=True)
class CertificateData:
    """What a certificate of completion shows."""

    partnership: str
    learner_name: str
    module_title: str
    version_number: int
    completed_on: date
    cpd_minutes: int
    code: str
    verify_url: str


@dataclass(frozen=True)
class CpdFeedback:
    """A trainer's written feedback, on one answer or on a whole module."""

    author: str
    given_on: date
    text: str


@dataclass(frozen=True)
class CpdEntry:
    """One reflective question with the learner's answer and any feedback on it."""

    prompt: str
    answer: str
    feedback: list[CpdFeedback] = field(default_factory=list)


@dataclass(frozen=True)
class CpdMessage:
    """The learner's answers under one key message of a module."""

    title: str
    entries: list[CpdEntry] = field(default_factory=list)


@dataclass(frozen=True)
class CpdConfidence:
    """One confidence statement rated 1 to 5 before and after the module."""

    statement: str
    before: int | None
    after: int | None


@dataclass(frozen=True)
class CpdModule:
    """Everything the learner wrote for one module version."""

    title: str
    version_number: int
    completed_on: date | None
    cpd_minutes: int
    themes: list[str] = field(default_factory=list)
    messages: list[CpdMessage] = field(default_factory=list)
    knowledge_score: tuple[int, int] | None = None
    confidence: list[CpdConfidence] = field(default_factory=list)
    action_plan: str = ""
    feedback: list[CpdFeedback] = field(default_factory=list)


@dataclass(frozen=True)
class CpdRecord:
    """A learner's own reflections across modules, exported as a CPD record."""

    learner_name: str
    profession: str
    agency: str
    generated_on: date
    modules: list[CpdModule] = field(default_factory=list)

    @property
    def total_cpd_minutes(self) -> int:
        """CPD minutes of completed modules only; work in progress earns none yet."""
        return sum(module.cpd_minutes for module in self.modules if module.completed_on)
