"""Turn pydantic's validation errors into sentences a trainer can act on."""

from typing import Any, get_args, get_origin

from pydantic import BaseModel

from quizapp.curriculum.problems import Loc

SHAPE = "lowercase letters and digits joined by single hyphens, like 'engaging-fathers'"


def describe_error(error: dict[str, Any], model: type[BaseModel]) -> str:
    """Return a plain-English message for one pydantic error."""
    kind, ctx = error["type"], error.get("ctx", {})
    match kind:
        case "missing":
            return "is required but missing"
        case "extra_forbidden":
            allowed = ", ".join(_fields_at(model, error["loc"][:-1]))
            return f"is not a known field (allowed here: {allowed})"
        case "string_type":
            return f"must be text, not {_shown(error['input'])}"
        case "int_type":
            return f"must be a whole number, not {_shown(error['input'])}"
        case "bool_type":
            return f"must be true or false, not {_shown(error['input'])}"
        case "list_type":
            return "must be a list (lines starting with '- ')"
        case "model_type" | "dict_type" | "model_attributes_type":
            return "must be a set of fields (key: value lines)"
        case "string_pattern_mismatch":
            return _pattern_message(error)
        case "too_short":
            return f"needs at least {ctx['min_length']} item(s)"
        case "too_long":
            return f"may have at most {ctx['max_length']} item(s)"
        case "string_too_long":
            return f"is too long: at most {ctx['max_length']} characters"
        case "greater_than_equal" | "less_than_equal":
            return f"must be between {_bounds(model, error['loc'])}, not {_shown(error['input'])}"
        case "literal_error":
            return f"must be {ctx['expected']}, not {_shown(error['input'])}"
        case "value_error":
            return str(ctx.get("error", error["msg"]))
    return error["msg"][0].lower() + error["msg"][1:]


def _shown(value: Any) -> str:
    text = repr(value)
    return text if len(text) <= 60 else text[:57] + "..."


def _pattern_message(error: dict[str, Any]) -> str:
    field = error["loc"][-1]
    if field == "url":
        return f"must be a web address starting with http:// or https://, not {_shown(error['input'])}"
    if "pseudonyms" in error["loc"]:
        return f"must be a capitalised name such as 'Felix', not {_shown(error['input'])}"
    return f"must be {SHAPE}, not {_shown(error['input'])}"


def _bounds(model: type[BaseModel], loc: Loc) -> str:
    field = _field_info(model, loc)
    limits = {type(m).__name__: m for m in field.metadata} if field else {}
    low, high = getattr(limits.get("Ge"), "ge", "?"), getattr(limits.get("Le"), "le", "?")
    return f"{low} and {high}"


def _field_info(model: type[BaseModel], loc: Loc):
    parent = _model_at(model, loc[:-1])
    return parent.model_fields.get(str(loc[-1])) if parent else None


def _fields_at(model: type[BaseModel], loc: Loc) -> list[str]:
    found = _model_at(model, loc)
    return list(found.model_fields) if found else []


def _model_at(model: type[BaseModel], loc: Loc) -> type[BaseModel] | None:
    """Follow a location through nested models and lists to the model it points into."""
    current: Any = model
    for part in loc:
        if isinstance(part, int):
            current = _item_type(current)
        elif isinstance(current, type) and issubclass(current, BaseModel) and part in current.model_fields:
            current = current.model_fields[part].annotation
        else:
            return None
    return current if isinstance(current, type) and issubclass(current, BaseModel) else None


def _item_type(annotation: Any) -> Any:
    return get_args(annotation)[0] if get_origin(annotation) is list else None
