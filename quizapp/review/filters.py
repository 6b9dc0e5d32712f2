"""Filling the filter forms' choices and reading them into the domain's filters."""

from flask import request, url_for

from quizapp.curriculum.catalogue import all_themes, published_modules
from quizapp.records.review import QueueFilters, QueueStatus, WhoFilter, queue_choices
from quizapp.review.forms import QueueForm, WhoFilters, choices


def who_filters(form_class=WhoFilters):
    """Return a filter form read from the query string, its agency and profession choices filled in."""
    form = form_class(formdata=request.args)
    agencies, professions = queue_choices()
    form.agency.choices = choices([("", "All agencies")] + [(a.id, a.name) for a in agencies])
    form.profession.choices = choices([("", "All professions")] + [(p, p) for p in professions])
    if form_class is WhoFilters:
        form.validate()
    return form


def queue_form() -> QueueForm:
    """Return the queue's filter form with every choice filled in and validated."""
    form = who_filters(QueueForm)
    form.module.choices = choices(
        [("", "All modules")] + [(m.slug, m.current_version.title) for m in published_modules()]
    )
    form.theme.choices = choices([("", "All themes")] + [(t.slug, t.name) for t in all_themes()])
    form.validate()
    return form


def queue_filters(form: QueueForm) -> QueueFilters:
    """Read the valid filters from the form; a filter with an error is left out."""
    status = form.status.data if form.status.data in set(QueueStatus) else QueueStatus.AWAITING
    return QueueFilters(
        status=QueueStatus(status),
        module=_valid(form.module),
        theme=_valid(form.theme),
        agency_id=int(agency) if (agency := _valid(form.agency)) else None,
        profession=_valid(form.profession),
        submitted_from=_valid(form.submitted_from),
        submitted_to=_valid(form.submitted_to),
        page=_valid(form.page) or 1,
    )


def who_filter(form: WhoFilters) -> WhoFilter:
    """Read the valid who-and-when filters from the form."""
    return WhoFilter(
        agency_id=int(agency) if (agency := _valid(form.agency)) else None,
        profession=_valid(form.profession),
        submitted_from=_valid(form.submitted_from),
        submitted_to=_valid(form.submitted_to),
        page=_valid(form.page) or 1,
    )


def query_args(exclude=()) -> dict[str, list[str]]:
    """Return the query string's filled-in values, to carry into links to other pages of the same list."""
    return {key: values for key, values in request.args.lists() if key not in exclude and any(values)}


def _valid(field):
    return None if field.errors else (field.data or None)


def pagination(endpoint: str, page: int, pages: int, **args) -> dict | None:
    """Return the design system's pagination for a list of pages, or None when there is one page."""
    if pages <= 1:
        return None
    # Links only to the pages shown, so a list of thousands of pages costs what a list of three does.
    shown = sorted({1, pages, page - 1, page, page + 1} & set(range(1, pages + 1)))
    href = {n: url_for(endpoint, page=n, **args) for n in {*shown, page - 1, page + 1} if 1 <= n <= pages}
    items: list[dict] = []
    for number in shown:
        if items and number > items[-1].get("number", 0) + 1:
            items.append({"ellipsis": True})
        items.append({"number": number, "href": href[number], "current": number == page})
    return {
        "previous": {"href": href[page - 1]} if page > 1 else None,
        "next": {"href": href[page + 1]} if page < pages else None,
        "items": items,
    }
