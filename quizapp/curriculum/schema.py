"""The shape of every content file, as pydantic models that refuse unknown fields."""

from typing import Annotated, Literal

from pydantic import (
    AfterValidator,
    BaseModel,
    ConfigDict,
    Field,
    StringConstraints,
    ValidationInfo,
    field_validator,
)

from quizapp.curriculum.roles import ROLES

SLUG_PATTERN = r"^[a-z0-9]+(?:-[a-z0-9]+)*$"


def _not_blank(value: str) -> str:
    if not value.strip():
        raise ValueError("must not be blank")
    return value


def _listed_in(vocabulary: str, what: str):
    """Return a validator refusing values missing from a vocabulary passed in the validation context."""

    def check(value: str, info: ValidationInfo) -> str:
        known = (info.context or {}).get(vocabulary)
        if known is not None and value not in known:
            raise ValueError(f"unknown {what} '{value}' ({what}s are listed in content/{vocabulary}.yaml)")
        return value

    return check


Slug = Annotated[str, StringConstraints(pattern=SLUG_PATTERN, max_length=80)]
ThemeSlug = Annotated[Slug, AfterValidator(_listed_in("themes", "theme"))]
ResourceKey = Annotated[Slug, AfterValidator(_listed_in("resources", "resource"))]
# Keys end up inside page and question keys such as "confidence-before-<key>", which hold 80 characters.
Key = Annotated[str, StringConstraints(pattern=SLUG_PATTERN, max_length=60)]
Text = Annotated[str, AfterValidator(_not_blank)]
Line = Annotated[str, StringConstraints(max_length=300), AfterValidator(_not_blank)]
Markdown = Annotated[str, AfterValidator(_not_blank)]
Pseudonym = Annotated[str, StringConstraints(pattern=r"^[A-Z][A-Za-z'’-]+(?: [A-Z][A-Za-z'’-]+)*$")]
Url = Annotated[str, StringConstraints(pattern=r"^https?://[^\s]+$")]
MinLength = Annotated[int, Field(ge=0, le=2000)]


class Strict(BaseModel):
    """Base for content models: exact types, no unknown fields, immutable once read."""

    model_config = ConfigDict(extra="forbid", strict=True, frozen=True)


class Source(Strict):
    briefing: Line
    file: Line
    case: Line


class Strength(Strict):
    heading: Line
    text: Markdown


class Reflection(Strict):
    key: Key
    prompt: Text
    hint: str = ""
    # One question per page asks for a thoughtful answer; the rest need only an answer.
    min_length: MinLength = 0


def _every_role(prompts: dict[str, str]) -> dict[str, str]:
    unknown = sorted(set(prompts) - set(ROLES))
    if unknown:
        raise ValueError(f"unknown role '{unknown[0]}' (roles are: {', '.join(ROLES)})")
    missing = [role for role in ROLES if role not in prompts]
    if missing:
        raise ValueError(f"needs a prompt for every role; missing: {', '.join(missing)}")
    return {role: prompts[role] for role in ROLES}


RolePrompts = Annotated[dict[str, Text], AfterValidator(_every_role)]


class KeyMessage(Strict):
    key: Key
    title: Line
    theme: ThemeSlug
    learning: Markdown
    resources: list[ResourceKey] = []
    role_prompts: RolePrompts
    questions: list[Reflection] = Field(min_length=1)


class Option(Strict):
    key: Key
    text: Text
    correct: bool = False
    # Shown when a learner chooses this option; a wrong option must say why it is wrong.
    feedback: str = ""


class KnowledgeCheck(Strict):
    key: Key
    kind: Literal["single", "multiple"]
    prompt: Text
    options: list[Option] = Field(min_length=2, max_length=6)
    explanation: Text
    theme: ThemeSlug | None = None

    @field_validator("options")
    @classmethod
    def _answers_fit_kind(cls, options: list[Option], info: ValidationInfo) -> list[Option]:
        correct = sum(option.correct for option in options)
        if info.data.get("kind") == "single" and correct != 1:
            raise ValueError(f"a single-choice question needs exactly one correct option, not {correct}")
        if info.data.get("kind") == "multiple" and correct < 1:
            raise ValueError("a multiple-choice question needs at least one correct option")
        keys = [option.key for option in options]
        if len(set(keys)) != len(keys):
            raise ValueError("each option needs its own key")
        silent = [option.key for option in options if not option.correct and not option.feedback.strip()]
        if silent:
            raise ValueError(
                f"every wrong option needs feedback saying why it is wrong; missing for: {', '.join(silent)}"
            )
        return options


class Confidence(Strict):
    key: Key
    prompt: Text


class PlanQuestion(Strict):
    prompt: Text
    hint: str = ""


class ActionPlan(Strict):
    """A SMART action, who the learner will discuss it with, and when."""

    prompt: Text
    hint: str = ""
    min_length: MinLength = 40
    discuss_with: PlanQuestion
    by_when: PlanQuestion


class Improvement(Strict):
    heading: Line
    text: Markdown


class PausePoint(Strict):
    """A question asked after the case summary and before the module says what happened."""

    key: Key
    prompt: Text
    hint: str = ""
    min_length: MinLength = 40


class CurrencyNote(Strict):
    """What has changed since the briefing was written, and where to look now."""

    note: Markdown
    resources: list[ResourceKey] = Field(min_length=1)


class ModuleDocument(Strict):
    """One case module, as written in content/modules/<slug>.yaml."""

    # Validate with context={"themes": slugs, "resources": keys} to refuse unknown themes and resources.

    slug: Slug
    title: Line
    source: Source
    audit_period: Annotated[str, StringConstraints(max_length=100), AfterValidator(_not_blank)]
    minutes: Annotated[int, Field(ge=5, le=240)]
    themes: list[ThemeSlug] = Field(min_length=1)
    pseudonyms: list[Pseudonym]
    summary: Markdown
    currency: CurrencyNote
    pause_point: PausePoint
    strengths: list[Strength] = Field(min_length=1)
    improvements: list[Improvement] = Field(min_length=1)
    key_messages: list[KeyMessage] = Field(min_length=1)
    knowledge_check: list[KnowledgeCheck] = Field(min_length=4)
    confidence: list[Confidence] = Field(min_length=1, max_length=3)
    action_plan: ActionPlan


class ThemeEntry(Strict):
    slug: Slug
    name: Line
    description: Text


class ThemesFile(Strict):
    """content/themes.yaml: the theme vocabulary shared by every module."""

    themes: list[ThemeEntry] = Field(min_length=1)


class ResourceEntry(Strict):
    key: Slug
    title: Line
    url: Url
    # Briefings from 2017-18 name documents since replaced; a note says what is current.
    note: str = ""


class ResourcesFile(Strict):
    """content/resources.yaml: the policy documents modules link to."""

    resources: list[ResourceEntry]


class VocabularyFile(Strict):
    """content/vocabulary.yaml: capitalised words allowed in prose that are not personal names."""

    words: list[Line]
