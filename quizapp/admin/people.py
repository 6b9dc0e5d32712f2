"""Finding people, adding and editing them, and changing whether they can sign in."""

from flask import flash, redirect, render_template, request, url_for
from flask_login import current_user

from quizapp.admin import bp
from quizapp.admin.people_forms import ActionForm, PersonForm, SearchForm, choices
from quizapp.extensions import db
from quizapp.mail import send_pending
from quizapp.models import Agency, Role, Team, User
from quizapp.models.types import utcnow
from quizapp.people import directory, invitations
from quizapp.people.organisation import current_agencies
from quizapp.people.two_factor import has_two_factor, reset_two_factor
from quizapp.security import requires


@bp.route("/people")
@requires(Role.ADMIN)
def people():
    agencies = current_agencies()
    form = SearchForm(request.args)
    form.agency.choices = choices([(0, "All agencies")] + [(a.id, a.name) for a in agencies])
    valid = form.validate()
    page = request.args.get("page", 1, type=int)
    results = directory.search_people(form.q.data or "", form.agency.data if valid else None, page)
    return render_template("admin/people.html", title="People", form=form, results=results)


@bp.route("/people/new", methods=["GET", "POST"])
@requires(Role.ADMIN)
def new_person():
    form = _person_form()
    if form.validate_on_submit() and not _email_clash(form):
        user = directory.create_person(_details(form), current_user)
        db.session.commit()
        flash(f"{user.name} was added. Send them an invitation so they can set a password.", "success")
        return redirect(url_for("admin.person", user_id=user.id))
    return render_template("admin/person_form.html", title="Add a person", form=form)


@bp.route("/people/<int:user_id>")
@requires(Role.ADMIN)
def person(user_id: int):
    user = directory.person(user_id)
    locked = directory.is_locked(user, utcnow())
    return render_template(
        "admin/person.html",
        title=user.name,
        user=user,
        locked=locked,
        second_factor=has_two_factor(user),
        form=ActionForm(),
    )


@bp.route("/people/<int:user_id>/edit", methods=["GET", "POST"])
@requires(Role.ADMIN)
def edit_person(user_id: int):
    user = directory.person(user_id)
    form = _person_form(user)
    if form.validate_on_submit() and not _email_clash(form, user):
        directory.edit_person(user, _details(form), current_user)
        db.session.commit()
        flash(f"{user.name}’s details were saved.", "success")
        return redirect(url_for("admin.person", user_id=user.id))
    return render_template("admin/person_form.html", title=f"Change {user.name}’s details", form=form, user=user)


@bp.route(
    "/people/<int:user_id>/<any(invite, deactivate, reactivate, unlock, reset_two_factor):action>", methods=["POST"]
)
@requires(Role.ADMIN)
def person_action(user_id: int, action: str):
    user = directory.person(user_id)
    if ActionForm().validate_on_submit():
        message = _act(user, action)
        db.session.commit()
        if action == "invite" and message is not None:
            send_pending(ids=[message.id])
        flash(ACTION_DONE[action].format(name=user.name, email=user.email), "success")
    return redirect(url_for("admin.person", user_id=user.id))


ACTION_DONE = {
    "invite": "An invitation was sent to {email}. The link works for 72 hours.",
    "deactivate": "{name} can no longer sign in. Their training records are kept.",
    "reactivate": "{name} can sign in again.",
    "unlock": "{name}’s account is unlocked.",
    "reset_two_factor": "{name}’s authenticator app was removed. They set up a new one when they next sign in.",
}


def _act(user: User, action: str):
    match action:
        case "invite":
            return invitations.invite(user, current_user, utcnow())
        case "deactivate":
            directory.deactivate(user, current_user)
        case "reactivate":
            directory.reactivate(user, current_user)
        case "unlock":
            directory.unlock(user, current_user)
        case "reset_two_factor":
            reset_two_factor(user, current_user)
    return None


def _person_form(user: User | None = None) -> PersonForm:
    form = PersonForm(data=_initial(user) if user else None)
    agencies = current_agencies()
    form.scope_target.choices = choices(
        [("", "Their own agency or team")]
        + [(f"agency:{agency.id}", agency.name) for agency in agencies]
        + [(f"team:{t.id}", f"{a.name} – {t.name}") for a in agencies for t in a.teams if t.retired_at is None]
    )
    form.team.choices = choices(
        [("", "Select an agency and team")]
        + [
            (f"{agency.id}:{team.id}", f"{agency.name} – {team.name}")
            for agency in agencies
            for team in agency.teams
            if team.retired_at is None
        ]
    )
    return form


def _initial(user: User) -> dict:
    return {
        "email": user.email,
        "name": user.name,
        "profession": user.profession,
        "team": f"{user.agency_id}:{user.team_id}" if user.team_id else "",
        "roles": sorted(user.roles),
        "scope": user.manager_scope,
        "scope_target": _scope_target(user),
    }


def _scope_target(user: User) -> str:
    if user.manager_scope == "team" and user.scope_team_id != user.team_id:
        return f"team:{user.scope_team_id}"
    if user.manager_scope == "agency" and user.scope_agency_id != user.agency_id:
        return f"agency:{user.scope_agency_id}"
    return ""


def _details(form: PersonForm) -> directory.Details:
    team = db.session.get_one(Team, int(form.team.data.split(":")[1]))
    kind, _, target_id = (form.scope_target.data or "").partition(":")
    scope_agency = db.session.get_one(Agency, int(target_id)) if kind == "agency" else team.agency
    scope_team = db.session.get_one(Team, int(target_id)) if kind == "team" else team
    return directory.Details(
        email=form.email.data,
        name=form.name.data.strip(),
        profession=(form.profession.data or "").strip() or None,
        agency=team.agency,
        team=team,
        roles=set(form.roles.data),
        scope=form.scope.data,
        scope_agency=scope_agency,
        scope_team=scope_team,
    )


def _email_clash(form: PersonForm, user: User | None = None) -> bool:
    if directory.email_taken(form.email.data, user):
        form.email.errors = [*form.email.errors, "Someone else already has this email address"]
        return True
    return False
