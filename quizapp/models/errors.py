"""The one exception domain lookups raise when they find nothing the person may see."""

from typing import TypeVar

T = TypeVar("T")


class NotFound(LookupError):
    """Nothing with this id exists for this person; the site answers 404, so ids cannot be probed."""


def found(obj: T | None) -> T:
    """Return the object, or raise NotFound when it is None."""
    if obj is None:
        raise NotFound
    return obj
