"""Question forms built from the content of one page, with GOV.UK error wording."""

from flask_wtf import FlaskForm
from wtforms import RadioField, SelectMultipleField, StringField, SubmitField, TextAreaField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import InputRequired, Length, StopValidation, ValidationError

from quizapp.curriculum.options import options_for_attempt
from quizapp.curriculum.roles import ROLES
from quizapp.models import Answer, Question, QuestionKind
from quizapp.models.curriculum import CHOICE_KINDS, CONFIDENCE_SCALE, MAX_ANSWER_LENGTH
from quizapp.templating import CharacterCount, Checkboxes, Radios, remembered

TOO_LONG = f"Your answer must be {MAX_ANSWER_LENGTH:,} characters or fewer"
NOT_WRITTEN = {
    "action-plan": "Enter what you will do differently",
    "action-plan-discuss": "Enter who you will discuss your action with",
    "action-plan-when": "Enter when you will do it",
}
CONFIDENCE_PREFIX = "How confident are you to "
UNSTORABLE = "Your answer contains a hidden character that cannot be saved: retype the part you pasted"


class OptionRadioField(RadioField):
    """Radios that answer a tampered value with a clear message rather than WTForms' own."""

    def pre_validate(self, form):
        if self.data is not None and self.data not in {choice.value for choice in self.choices}:
            raise ValidationError("Select one of the options shown")


class OptionCheckboxField(SelectMultipleField):
    """Checkboxes that answer tampered values with a clear message."""

    def pre_validate(self, form):
        allowed = {choice.value for choice in self.choices}
        if any(value not in allowed for value in self.data or []):
            raise ValidationError("Select from the options shown")


class MinimumLength:
    """Require a written answer of at least so many characters, ignoring spaces at either end."""

    def __init__(self, minimum: int):
        self.minimum = minimum

    def __call__(self, form, field):
        written = len((field.data or "").strip())
        if written < self.minimum:
            raise ValidationError(f"Write at least {self.minimum} characters – you have written {written}")


class StorableText:
    """Refuse characters a database cannot store, with a message the learner can act on."""

    def __call__(self, form, field):
        if not storable(field.data):
            raise ValidationError(UNSTORABLE)


class Sent:
    """Require the field to be in the post at all; an empty value is still an answer."""

    def __call__(self, form, field):
        if not field.raw_data:
            raise StopValidation("No answer was sent, so nothing was changed")


def storable(text: str | None) -> bool:
    """Say whether a written answer can be stored as it is."""
    return "\x00" not in (text or "")


class PageForm(FlaskForm):
    """The buttons every question page has; question fields are added per page."""

    submit = SubmitField("Save and continue")
    save_later = SubmitField("Save and come back later")


class StartForm(FlaskForm):
    """The role a learner chooses before starting a module."""

    role = RadioField(
        "What is your role?",
        choices=[SelectChoice(key, name) for key, name in ROLES.items()],
        widget=Radios(),
        validators=[InputRequired("Select your role")],
    )


class AutosaveForm(FlaskForm):
    """One written answer sent while the learner types."""

    question = StringField(validators=[InputRequired()])
    value = TextAreaField(validators=[Sent(), Length(max=MAX_ANSWER_LENGTH, message=TOO_LONG), StorableText()])


FIELD_PREFIX = "answer-"


def field_name(question: Question) -> str:
    """Return the form field name of a question."""
    return f"{FIELD_PREFIX}{question.key}"


def is_answer_field(name: str) -> bool:
    """Say whether a posted field name is a question's answer field."""
    return name.startswith(FIELD_PREFIX)


def question_key(name: str) -> str | None:
    """Return the key of the question an answer field belongs to, or None for any other name."""
    return name.removeprefix(FIELD_PREFIX) if is_answer_field(name) else None


# A page's form class depends only on its questions (and, for a knowledge check, the attempt that orders its
# options), so each is made once per process rather than on every request.
_form_classes: dict[tuple, type[PageForm]] = {}


def build_page_form(questions: list[Question], answers: dict[int, Answer], attempt_id: int = 0) -> PageForm:
    """Build the form for one page's questions, filled in with the saved answers."""
    form_class = _page_form_class(questions, attempt_id)
    return form_class(data={field_name(q): _saved_value(q, answers.get(q.id)) for q in questions})


def _page_form_class(questions: list[Question], attempt_id: int) -> type[PageForm]:
    choices = any(question.kind in CHOICE_KINDS for question in questions)
    key = (
        attempt_id if choices else 0,
        *((q.key, q.kind, q.prompt, q.min_length, repr(q.options) if choices else "") for q in questions),
    )

    def make() -> type[PageForm]:
        fields = {field_name(question): _field_for(question, attempt_id) for question in questions}
        return type("QuestionPageForm", (PageForm,), fields)

    return remembered(_form_classes, key, make)


def question_fields(form: PageForm, questions: list[Question]):
    """Pair each question with its field, in page order."""
    return [(question, form[field_name(question)]) for question in questions]


def _field_for(question: Question, attempt_id: int):
    match QuestionKind(question.kind):
        case QuestionKind.REFLECTION | QuestionKind.ACTION_PLAN:
            required = NOT_WRITTEN.get(question.key, "Enter your reflection")
            validators = [InputRequired(required), Length(max=MAX_ANSWER_LENGTH, message=TOO_LONG), StorableText()]
            if question.min_length:
                validators.append(MinimumLength(question.min_length))
            return TextAreaField(question.prompt, widget=CharacterCount(), validators=validators)
        case QuestionKind.CONFIDENCE:
            return OptionRadioField(
                question.prompt,
                choices=_choices(CONFIDENCE_SCALE),
                widget=Radios(),
                validators=[InputRequired(confidence_error(question.prompt))],
            )
        case QuestionKind.SINGLE_CHOICE:
            return OptionRadioField(
                question.prompt,
                choices=_options(question, attempt_id),
                widget=Radios(),
                validators=[InputRequired("Select an answer")],
            )
        case QuestionKind.MULTIPLE_CHOICE:
            return OptionCheckboxField(
                question.prompt,
                choices=_options(question, attempt_id),
                widget=Checkboxes(),
                validators=[InputRequired("Select at least one answer")],
            )


def confidence_error(prompt: str) -> str:
    """Return the error for an unrated confidence statement, naming the statement."""
    # Two statements share a page, so "Select how confident you are" twice would not say which is missing.
    statement = prompt.strip().rstrip("?")
    if statement.startswith(CONFIDENCE_PREFIX):
        return f"Select how confident you are to {statement.removeprefix(CONFIDENCE_PREFIX)}"
    return f"Select how confident you are: {statement}"


def _options(question: Question, attempt_id: int) -> list[SelectChoice]:
    options = options_for_attempt(question.options, attempt_id, question.key)
    return _choices((option["key"], option["text"]) for option in options)


def _choices(pairs) -> list[SelectChoice]:
    return [SelectChoice(value, label) for value, label in pairs]


def _saved_value(question: Question, answer: Answer | None):
    if answer is None:
        return None
    match QuestionKind(question.kind):
        case QuestionKind.REFLECTION | QuestionKind.ACTION_PLAN:
            return answer.text
        case QuestionKind.CONFIDENCE:
            return str(answer.rating) if answer.rating else None
        case QuestionKind.SINGLE_CHOICE:
            return answer.choices[0] if answer.choices else None
        case QuestionKind.MULTIPLE_CHOICE:
            return list(answer.choices)
