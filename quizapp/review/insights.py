"""What the partnership learned: figures per module or theme, split by agency or profession, as charts and CSV."""

from flask import Response, abort, render_template, request, stream_with_context
from flask_login import current_user

from quizapp.curriculum.catalogue import all_themes, published_modules
from quizapp.database import commit_then_only_read
from quizapp.exports.tables import csv_stream
from quizapp.models import Role
from quizapp.records.insights import (
    SMALLEST_GROUP,
    insight_rows,
    insight_scope,
    partnership_insights,
    record_insights_export,
)
from quizapp.review import bp, charts
from quizapp.review.forms import InsightsForm, choices
from quizapp.security import requires

FIGURES = ("confidence", "checks", "completions")


def _form() -> InsightsForm:
    form = InsightsForm(formdata=request.args)
    modules = [(f"module:{m.slug}", f"Module: {m.current_version.title}") for m in published_modules()]
    themes = [(f"theme:{t.slug}", f"Theme: {t.name}") for t in all_themes()]
    form.about.choices = choices([("", "Choose a module or a theme"), *modules, *themes])
    form.validate()
    return form


def _insights(form: InsightsForm):
    if not form.about.data or form.about.errors:
        return None
    kind, _, slug = form.about.data.partition(":")
    scope = insight_scope(slug if kind == "module" else None, slug if kind == "theme" else None)
    return scope, partnership_insights(scope, "profession" if form.split.data == "profession" else "agency")


@bp.route("/insights")
@requires(Role.TRAINER, Role.ADMIN)
def insights():
    form = _form()
    found = _insights(form)
    figures = found[1] if found else None
    chart_list = []
    if figures and figures.groups:
        chart_list = [charts.confidence_chart(figures), charts.checks_chart(figures), charts.completions_chart(figures)]
    return render_template(
        "review/insights.html",
        title="What we learned",
        form=form,
        figures=figures,
        charts=chart_list,
        tables={figure: insight_rows(figures, figure) for figure in FIGURES} if figures else {},
        smallest=SMALLEST_GROUP,
    )


@bp.route("/insights/<figure>.csv")
@requires(Role.TRAINER, Role.ADMIN)
def insights_csv(figure):
    found = _insights(_form())
    if figure not in FIGURES or found is None:
        abort(404)
    scope, figures = found
    header, rows = insight_rows(figures, figure)
    record_insights_export(current_user, scope, figure)
    commit_then_only_read()
    return Response(
        stream_with_context(csv_stream(header, rows)),
        mimetype="text/csv; charset=utf-8",
        headers={"Content-Disposition": f'attachment; filename="{figure}-{scope.slug}.csv"'},
    )
