"""Read every content file, validate it, and collect all problems with their file, line and field."""

import hashlib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, TypeVar, cast

from pydantic import BaseModel, ValidationError

from quizapp.curriculum.anonymity import (
    NOT_PROSE,
    NOT_PROSE_IN_LISTS,
    find_identifiers,
    prose_fields,
    words_of,
)
from quizapp.curriculum.crosschecks import check_module, duplicate_keys
from quizapp.curriculum.messages import describe_error
from quizapp.curriculum.problems import Loc, Problem, field_path
from quizapp.curriculum.schema import (
    ModuleDocument,
    ResourceEntry,
    ResourcesFile,
    ThemeEntry,
    ThemesFile,
    VocabularyFile,
)
from quizapp.curriculum.yamlsource import ParsedYaml, SourceMap, YamlSyntaxError, parse_yaml

M = TypeVar("M", bound=BaseModel)


@dataclass(frozen=True)
class ModuleSource:
    """One valid module file: its document and the hash that identifies this version of it."""

    path: Path
    document: ModuleDocument
    source_hash: str


@dataclass
class Content:
    """Everything under the content directory that passed validation."""

    themes: list[ThemeEntry] = field(default_factory=list)
    resources: dict[str, ResourceEntry] = field(default_factory=dict)
    vocabulary: set[str] = field(default_factory=set)
    modules: list[ModuleSource] = field(default_factory=list)


class FileCheck:
    """Collects the problems of one file, placing each at its line."""

    def __init__(self, display: str, problems: list[Problem]):
        self.display, self.problems, self.source_map = display, problems, SourceMap()

    def add(self, loc: Loc, message: str, line: int | None = None) -> None:
        """Record a problem at a field, on the field's line unless told otherwise."""
        line = line or self.source_map.line(loc)
        self.problems.append(Problem(self.display, line, field_path(loc), message))

    def parse(self, raw: bytes) -> ParsedYaml | None:
        """Parse the file's bytes, recording syntax errors and duplicate keys."""
        try:
            parsed = parse_yaml(raw.decode("utf-8"))
        except UnicodeDecodeError:
            self.add((), "is not UTF-8 text; save it as UTF-8")
            return None
        except YamlSyntaxError as exc:
            self.add((), exc.message, exc.line)
            return None
        self.source_map = parsed.source_map
        for loc in parsed.duplicates:
            self.add(loc, "appears more than once; YAML would silently keep only the last one")
        if parsed.data is None:
            self.add((), "is empty")
            return None
        return parsed

    def validate(self, model: type[M], data: Any, context: dict[str, Any] | None = None) -> M | None:
        """Validate data against a model, recording every schema error."""
        try:
            return model.model_validate(data, context=context)
        except ValidationError as exc:
            for error in exc.errors():
                self.add(tuple(error["loc"]), describe_error(dict(error), model))
            return None

    def check_anonymity(self, data: Any, allowed: set[str], skip: frozenset[str] = NOT_PROSE) -> None:
        """Record everything in the file's prose that could identify a person."""
        for loc, text in prose_fields(data, skip=skip):
            position = self.source_map.position(loc)
            for finding in find_identifiers(text, allowed):
                self.add(loc, finding.message, position.line_at(finding.offset, text))


def read_content(content_dir: str | Path) -> tuple[Content, list[Problem]]:
    """Read and validate the whole content directory; return what is valid and every problem found."""
    root = Path(content_dir)
    content, problems = Content(), cast(list, [])
    content.vocabulary = _read_vocabulary(root, problems)
    content.themes = _read_themes(root, content.vocabulary, problems)
    content.resources = _read_resources(root, content.vocabulary, problems)
    allowed = (
        content.vocabulary
        | words_of(t.name for t in content.themes)
        | words_of(r.title for r in content.resources.values())
    )
    for path in _module_paths(root, problems):
        module = _read_module(path, root, content, allowed, problems)
        if module:
            content.modules.append(module)
    return content, sorted(problems)


def check_content(content_dir: str | Path) -> list[Problem]:
    """Return every problem in the content directory; empty when it is fit to load."""
    return read_content(content_dir)[1]


def _display(path: Path, root: Path) -> str:
    return str(Path(root.name) / path.relative_to(root))


def _read_file(path: Path, root: Path, model: type[M], problems: list[Problem]) -> tuple[M | None, FileCheck, Any]:
    check = FileCheck(_display(path, root), problems)
    if not path.is_file():
        check.add((), "is missing")
        return None, check, None
    parsed = check.parse(path.read_bytes())
    if parsed is None:
        return None, check, None
    return check.validate(model, parsed.data), check, parsed.data


def _read_themes(root: Path, allowed: set[str], problems: list[Problem]) -> list[ThemeEntry]:
    themes, check, data = _read_file(root / "themes.yaml", root, ThemesFile, problems)
    if data is not None:
        check.check_anonymity(data, allowed, NOT_PROSE_IN_LISTS)
    if themes is None:
        return []
    for loc, message in duplicate_keys(((("themes", i, "slug"), t.slug) for i, t in enumerate(themes.themes)), "theme"):
        check.add(loc, message)
    return themes.themes


def _read_resources(root: Path, allowed: set[str], problems: list[Problem]) -> dict[str, ResourceEntry]:
    resources, check, data = _read_file(root / "resources.yaml", root, ResourcesFile, problems)
    if data is not None:
        check.check_anonymity(data, allowed, NOT_PROSE_IN_LISTS)
    if resources is None:
        return {}
    keyed = ((("resources", i, "key"), r.key) for i, r in enumerate(resources.resources))
    for loc, message in duplicate_keys(keyed, "resource"):
        check.add(loc, message)
    return {r.key: r for r in resources.resources}


def _read_vocabulary(root: Path, problems: list[Problem]) -> set[str]:
    vocabulary, _, _ = _read_file(root / "vocabulary.yaml", root, VocabularyFile, problems)
    return words_of(vocabulary.words) if vocabulary else set()


def _module_paths(root: Path, problems: list[Problem]) -> list[Path]:
    folder = root / "modules"
    paths = sorted(folder.glob("*.yaml"))
    for stray in sorted(folder.glob("*.yml")):
        problems.append(Problem(_display(stray, root), 1, "(file)", "module files must end in .yaml"))
    if not paths:
        problems.append(Problem(_display(folder, root), 1, "(folder)", "holds no module files (*.yaml)"))
    return paths


def _read_module(
    path: Path, root: Path, content: Content, allowed: set[str], problems: list[Problem]
) -> ModuleSource | None:
    raw, before = path.read_bytes(), len(problems)
    check = FileCheck(_display(path, root), problems)
    parsed = check.parse(raw)
    if parsed is None:
        return None
    known = {"themes": {t.slug for t in content.themes}, "resources": set(content.resources)}
    document = check.validate(ModuleDocument, parsed.data, known)
    check.check_anonymity(parsed.data, allowed | words_of(_declared_pseudonyms(parsed.data)))
    if document is None:
        return None
    for loc, message in check_module(document, path.stem):
        check.add(loc, message)
    if len(problems) > before:
        return None
    return ModuleSource(path, document, hashlib.sha256(raw).hexdigest())


def _declared_pseudonyms(data: Any) -> list[str]:
    # Read from the raw data so names are still recognised when another field is invalid.
    pseudonyms = data.get("pseudonyms") if isinstance(data, dict) else None
    return [p for p in pseudonyms if isinstance(p, str)] if isinstance(pseudonyms, list) else []
