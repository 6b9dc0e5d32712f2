"""Agencies and teams: add, rename, merge, retire and reinstate."""

from flask import flash, redirect, render_template, url_for
from flask_login import current_user

from quizapp.admin import bp
from quizapp.admin.organisation_forms import AgencyForm, MergeForm, TeamForm
from quizapp.admin.people_forms import ActionForm, choices
from quizapp.extensions import db
from quizapp.models import Role
from quizapp.models.types import utcnow
from quizapp.people import organisation as org
from quizapp.security import requires

TAKEN = "There is already one with this name"


@bp.route("/organisation")
@requires(Role.ADMIN)
def organisation():
    return render_template("admin/organisation.html", title="Agencies and teams", rows=org.organisation())


@bp.route("/organisation/agencies/new", methods=["GET", "POST"])
@requires(Role.ADMIN)
def new_agency():
    form = AgencyForm()
    if form.validate_on_submit() and not _taken(form, org.agency_name_taken(form.name.data)):
        agency = org.create_agency(form.name.data, form.kind.data, current_user)
        db.session.commit()
        flash(f"{agency.name} was added.", "success")
        return redirect(url_for("admin.agency", agency_id=agency.id))
    return render_template("admin/agency_form.html", title="Add an agency", form=form)


@bp.route("/organisation/agencies/<int:agency_id>", methods=["GET", "POST"])
@requires(Role.ADMIN)
def agency(agency_id: int):
    agency = org.agency(agency_id)
    form = AgencyForm(obj=agency)
    if form.validate_on_submit() and not _taken(form, org.agency_name_taken(form.name.data, agency)):
        org.edit_agency(agency, form.name.data, form.kind.data, current_user)
        db.session.commit()
        flash("The agency was saved.", "success")
        return redirect(url_for("admin.agency", agency_id=agency.id))
    return render_template("admin/agency.html", title=agency.name, agency=agency, form=form, team_form=TeamForm())


@bp.route("/organisation/agencies/<int:agency_id>/teams", methods=["POST"])
@requires(Role.ADMIN)
def new_team(agency_id: int):
    agency = org.agency(agency_id)
    form = TeamForm()
    if form.validate_on_submit() and not _taken(form, org.team_name_taken(agency, form.name.data)):
        org.create_team(agency, form.name.data, current_user)
        db.session.commit()
        flash(f"The team {form.name.data.strip()} was added.", "success")
        return redirect(url_for("admin.agency", agency_id=agency.id))
    return render_template(
        "admin/agency.html", title=agency.name, agency=agency, form=AgencyForm(obj=agency), team_form=form
    )


@bp.route("/organisation/teams/<int:team_id>", methods=["GET", "POST"])
@requires(Role.ADMIN)
def team(team_id: int):
    team = org.team(team_id)
    form = TeamForm(obj=team)
    if form.validate_on_submit() and not _taken(form, org.team_name_taken(team.agency, form.name.data, team)):
        org.rename_team(team, form.name.data, current_user)
        db.session.commit()
        flash("The team was renamed.", "success")
        return redirect(url_for("admin.agency", agency_id=team.agency_id))
    return render_template("admin/team.html", title=team.name, team=team, form=form)


@bp.route("/organisation/<any(agencies, teams):kind>/<int:item_id>/<any(retire, reinstate):action>", methods=["POST"])
@requires(Role.ADMIN)
def retire(kind: str, item_id: int, action: str):
    item = org.agency(item_id) if kind == "agencies" else org.team(item_id)
    if ActionForm().validate_on_submit():
        match kind, action:
            case "agencies", "retire":
                org.retire_agency(item, current_user, utcnow())
            case "agencies", "reinstate":
                org.reinstate_agency(item, current_user)
            case "teams", "retire":
                org.retire_team(item, current_user, utcnow())
            case _:
                org.reinstate_team(item, current_user)
        db.session.commit()
        flash(f"{item.name} was {'retired' if action == 'retire' else 'reinstated'}. Every record is kept.", "success")
    return redirect(url_for("admin.agency", agency_id=item.id if kind == "agencies" else item.agency_id))


@bp.route("/organisation/<any(agencies, teams):kind>/<int:item_id>/merge", methods=["GET", "POST"])
@requires(Role.ADMIN)
def merge(kind: str, item_id: int):
    item = org.agency(item_id) if kind == "agencies" else org.team(item_id)
    form = MergeForm()
    form.into.choices = choices([(0, "Select")] + _merge_targets(kind, item))
    if form.validate_on_submit() and form.valid_target():
        target = org.agency(form.into.data) if kind == "agencies" else org.team(form.into.data)
        merge_with = org.merge_agencies if kind == "agencies" else org.merge_teams
        moved = merge_with(item, target, current_user, utcnow())
        db.session.commit()
        flash(f"{item.name} was merged into {target.name}: {moved} people moved.", "success")
        return redirect(url_for("admin.organisation"))
    return render_template("admin/merge.html", title=f"Merge {item.name}", item=item, kind=kind, form=form)


def _merge_targets(kind: str, item) -> list[tuple[int, str]]:
    agencies = [a for a in org.current_agencies() if a.id != (item.id if kind == "agencies" else -1)]
    if kind == "agencies":
        return [(a.id, a.name) for a in agencies]
    return [(t.id, f"{a.name} – {t.name}") for a in agencies for t in a.teams if t.id != item.id and not t.retired_at]


def _taken(form, taken: bool) -> bool:
    if taken:
        form.name.errors = [*form.name.errors, TAKEN]
    return taken
