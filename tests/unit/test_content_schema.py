"""Content files are validated field by field, and every problem names its file, line and field."""

import re
from pathlib import Path

from quizapp.curriculum import read_content
from tests.conftest import ROOT, edit

HARRY = "modules/harry-local-authority-boundaries.yaml"
GABRIELE = "modules/gabriele-life-limiting-condition.yaml"


def line_of(path: Path, needle: str) -> int:
    """Return the 1-based line on which a piece of text first appears."""
    text = path.read_text(encoding="utf-8")
    return text[: text.index(needle)].count("\n") + 1


def problems_in(content: Path) -> list[str]:
    return [str(problem) for problem in read_content(content)[1]]


def test_the_six_real_modules_pass():
    documents, problems = read_content(ROOT / "content")

    assert [str(p) for p in problems] == []
    assert len(documents.modules) == 6


def test_a_value_out_of_range_is_reported_at_its_line(content):
    edit(content / HARRY, "minutes: 20", "minutes: 2000")

    line = line_of(content / HARRY, "minutes: 2000")
    assert problems_in(content) == [f"content/{HARRY}:{line}: minutes: must be between 5 and 240, not 2000"]


def test_an_unknown_field_is_refused_with_the_fields_allowed(content):
    edit(
        content / HARRY,
        "    kind: single\n    prompt: >-\n      A school nurse",
        "    kind: single\n    colour: red\n    prompt: >-\n      A school nurse",
    )

    [problem] = problems_in(content)
    line = line_of(content / HARRY, "colour: red")
    assert problem.startswith(f"content/{HARRY}:{line}: knowledge_check[0].colour: is not a known field")
    assert "kind, prompt, options, explanation, theme" in problem


def test_a_missing_field_is_reported_at_its_parent(content):
    prompt = "\n        prompt: Are you clear on where families will be able to access services?"
    edit(content / HARRY, prompt, "")

    line = line_of(content / HARRY, "- key: boundaries-access")
    assert problems_in(content) == [
        f"content/{HARRY}:{line}: key_messages[0].questions[1].prompt: is required but missing"
    ]


def test_an_unknown_theme_is_refused(content):
    edit(content / HARRY, "    theme: local-authority-boundaries\n", "    theme: boundary-issues\n")

    line = line_of(content / HARRY, "theme: boundary-issues")
    assert problems_in(content) == [
        f"content/{HARRY}:{line}: key_messages[0].theme: unknown theme 'boundary-issues' "
        "(themes are listed in content/themes.yaml)"
    ]


def test_a_message_theme_missing_from_the_module_themes_is_refused(content):
    edit(content / HARRY, "  - voice-of-the-child\n", "")

    text = (content / HARRY).read_text(encoding="utf-8")
    lines = [n for n, line in enumerate(text.splitlines(), start=1) if line == "    theme: voice-of-the-child"]
    assert problems_in(content) == [
        f"content/{HARRY}:{line}: knowledge_check[{index}].theme: theme 'voice-of-the-child' must also be listed "
        "in the module's themes"
        for index, line in zip((1, 2), lines, strict=True)
    ]


def test_an_unknown_resource_is_refused(content):
    edit(content / GABRIELE, "resources: [think-family]", "resources: [think-families]")

    [problem] = problems_in(content)
    assert ": key_messages[2].resources[0]: unknown resource 'think-families'" in problem


def test_a_single_choice_question_needs_exactly_one_correct_option(content):
    edit(
        content / HARRY,
        "      - key: b\n        text: By his GP",
        "      - key: b\n        correct: true\n        text: By his GP",
    )

    [problem] = problems_in(content)
    assert problem.endswith(
        "knowledge_check[4].options: a single-choice question needs exactly one correct option, not 2"
    )


def test_a_wrong_type_is_named(content):
    edit(
        content / GABRIELE,
        "        text: A GP home visit as part of the assessment\n        correct: true",
        "        text: A GP home visit as part of the assessment\n        correct: sometimes",
    )

    [problem] = problems_in(content)
    assert re.search(
        r"gabriele-life-limiting-condition\.yaml:\d+: knowledge_check\[3\]\.options\[\d\]\.correct: "
        r"must be true or false, not 'sometimes'$",
        problem,
    )


def test_a_question_key_used_twice_in_a_module_is_refused(content):
    edit(content / HARRY, "key: boundaries-access", "key: boundaries-alert")

    [problem] = problems_in(content)
    assert problem.endswith("key_messages[0].questions[1].key: question 'boundaries-alert' is used more than once")


def test_a_field_written_twice_is_refused_rather_than_silently_overwritten(content):
    edit(content / HARRY, "minutes: 20\n", "minutes: 20\nminutes: 25\n")

    line = line_of(content / HARRY, "minutes: 25")
    assert problems_in(content) == [
        f"content/{HARRY}:{line}: minutes: appears more than once; YAML would silently keep only the last one"
    ]


def test_the_slug_must_match_the_file_name(content):
    (content / HARRY).rename(content / "modules" / "harry.yaml")

    assert problems_in(content) == [
        "content/modules/harry.yaml:1: slug: must match the file name: 'harry' (rename the file or change the slug)"
    ]


def test_broken_yaml_is_reported_at_its_line(content):
    (content / "modules" / "broken.yaml").write_text("slug: broken\ntitle: [unclosed\n", encoding="utf-8")

    [problem] = problems_in(content)
    assert problem.startswith("content/modules/broken.yaml:3: (file): invalid YAML")


def test_every_problem_in_every_file_is_reported_not_just_the_first(content):
    edit(content / HARRY, "minutes: 20", "minutes: 1")
    edit(content / HARRY, "    kind: single\n", "    kind: either\n")
    edit(content / GABRIELE, "title: Flexible working", "titel: Flexible working")
    edit(content / "themes.yaml", "  - slug: thresholds\n", "  - slug: Thresholds\n")

    problems = problems_in(content)

    assert len(problems) >= 4

    def reported(file: str, text: str) -> bool:
        return any(p.startswith(f"content/{file}:") and text in p for p in problems)

    assert reported(HARRY, ": minutes: must be between 5 and 240, not 1")
    assert reported(HARRY, "knowledge_check[0].kind: must be 'single' or 'multiple', not 'either'")
    assert reported(GABRIELE, "key_messages[1].titel: is not a known field")
    assert reported("themes.yaml", "themes[3].slug: must be lowercase")


def test_a_missing_resources_file_is_a_problem(content):
    (content / "resources.yaml").unlink()

    problems = problems_in(content)

    assert "content/resources.yaml:1: (file): is missing" in problems


def test_an_empty_modules_folder_is_a_problem(content):
    for path in (content / "modules").glob("*.yaml"):
        path.unlink()

    assert problems_in(content) == ["content/modules:1: (folder): holds no module files (*.yaml)"]
