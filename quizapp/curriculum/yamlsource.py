"""Read YAML while remembering the line every field came from."""

from dataclasses import dataclass, field
from typing import Any

import yaml

from quizapp.curriculum.problems import Loc

# libyaml's loader when PyYAML was built with it (the wheels are): the same nodes and marks, several times faster.
SafeLoader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


@dataclass(frozen=True)
class Position:
    """Where a field is: the line of its key, and where a literal block's text starts."""

    line: int
    block_start: int | None = None

    def line_at(self, offset: int, text: str) -> int:
        """Return the line of a character inside the field's value, exact for `|` blocks."""
        if self.block_start is None:
            return self.line
        return self.block_start + text.count("\n", 0, offset)


@dataclass
class SourceMap:
    """Positions of every field in one file, found by location."""

    positions: dict[Loc, Position] = field(default_factory=dict)

    def position(self, loc: Loc) -> Position:
        """Return the position of a field, or of its nearest ancestor that exists in the file."""
        for end in range(len(loc), -1, -1):
            found = self.positions.get(tuple(loc[:end]))
            if found:
                return found
        return Position(1)

    def line(self, loc: Loc) -> int:
        """Return the line of a field, or of its nearest ancestor."""
        return self.position(loc).line


@dataclass
class ParsedYaml:
    """A YAML document as plain data, its source map and any duplicate keys found."""

    data: Any
    source_map: SourceMap
    duplicates: list[Loc]


class YamlSyntaxError(Exception):
    """The text is not valid YAML; carries the line to report."""

    def __init__(self, line: int, message: str):
        super().__init__(message)
        self.line = line
        self.message = message


def parse_yaml(text: str) -> ParsedYaml:
    """Parse one YAML document into plain data and a map of field positions."""
    loader = SafeLoader(text)
    try:
        node = loader.get_single_node()
        data = loader.construct_document(node) if node is not None else None
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        raise YamlSyntaxError(mark.line + 1 if mark else 1, _yaml_message(exc)) from exc
    except yaml.YAMLError as exc:
        raise YamlSyntaxError(1, str(exc)) from exc
    finally:
        loader.dispose()
    source_map: SourceMap = SourceMap({(): Position(1)})
    duplicates: list = []
    if node is not None:
        _walk(node, (), source_map, duplicates)
    return ParsedYaml(data, source_map, duplicates)


def _yaml_message(exc: yaml.MarkedYAMLError) -> str:
    parts = [exc.context, exc.problem]
    return "invalid YAML: " + ", ".join(p for p in parts if p)


def _walk(node: yaml.Node, loc: Loc, source_map: SourceMap, duplicates: list[Loc]) -> None:
    if isinstance(node, yaml.MappingNode):
        for key_node, value_node in node.value:
            child = (*loc, str(key_node.value))
            if child in source_map.positions:
                duplicates.append(child)
            source_map.positions[child] = _position(key_node, value_node)
            _walk(value_node, child, source_map, duplicates)
    elif isinstance(node, yaml.SequenceNode):
        for index, item in enumerate(node.value):
            child = (*loc, index)
            source_map.positions[child] = _position(item, item)
            _walk(item, child, source_map, duplicates)


def _position(key_node: yaml.Node, value_node: yaml.Node) -> Position:
    # A literal block's text starts on the line after its `|` indicator.
    literal = isinstance(value_node, yaml.ScalarNode) and value_node.style == "|"
    block_start = value_node.start_mark.line + 2 if literal else None
    return Position(key_node.start_mark.line + 1, block_start)
