"""Pages of long lists of attempts, the later half read from the end so the last page costs what the first does."""

from dataclasses import dataclass
from math import ceil

from quizapp.models import Attempt


@dataclass
class PageWindow:
    """Which rows of an ordered list one page shows, read from whichever end of the list is nearer."""

    page: int
    pages: int
    skip: int
    take: int
    from_end: bool

    def order(self, oldest_first: bool) -> tuple:
        """Return the order to read in: by submission, then id, turned round when reading from the end."""
        if oldest_first != self.from_end:
            return Attempt.submitted_at.asc(), Attempt.id.asc()
        return Attempt.submitted_at.desc(), Attempt.id.desc()


def page_window(total: int, page: int, size: int) -> PageWindow:
    """Return the window of one page of a list of this many rows; a page in the later half is read from the end,
    so the last page costs what the first does."""
    pages = max(1, ceil(total / size))
    page = min(max(page, 1), pages)
    take = max(min(size, total - (page - 1) * size), 0)
    if page > (pages + 1) // 2:
        return PageWindow(page, pages, max(total - page * size, 0), take, True)
    return PageWindow(page, pages, (page - 1) * size, take, False)
