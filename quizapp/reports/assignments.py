"""Assigning training to an agency, a team or a person; changing and withdrawing assignments."""

from flask import abort, flash, redirect, render_template, url_for
from flask_login import current_user

from quizapp.curriculum.catalogue import all_themes, published_modules
from quizapp.extensions import db
from quizapp.models import Role
from quizapp.models.types import utcnow
from quizapp.records.assignments import (
    assign_training,
    assignment_in_scope,
    assignment_targets,
    assignments_in,
    change_assignment,
    parse_choice,
    person_target,
    subject_name,
    target_name,
    withdraw_assignment,
)
from quizapp.records.scope import manager_scope
from quizapp.reports import bp
from quizapp.reports.forms import AssignmentDatesForm, AssignmentForm, WithdrawForm
from quizapp.security import requires

NAMES = {"subject_name": subject_name, "target_name": target_name}


@bp.route("/assignments")
@requires(Role.MANAGER, Role.ADMIN)
def assignments():
    found = assignments_in(manager_scope(current_user))
    return render_template("reports/assignments.html", title="Assignments", assignments=found, **NAMES)


@bp.route("/assignments/new", methods=["GET", "POST"])
@requires(Role.MANAGER, Role.ADMIN)
def new_assignment():
    scope = manager_scope(current_user)
    targets = assignment_targets(scope)
    form = AssignmentForm(modules=published_modules(), themes=all_themes(), targets=targets, today=utcnow().date())
    if form.validate_on_submit():
        target = (
            person_target(scope, form.email.data) if form.target.data == "person" else parse_choice(form.target.data)
        )
        if target is None:
            form.email.errors.append("Enter the e-mail address of someone in your area")
        else:
            subject = parse_choice(form.subject.data)
            assign_training(current_user, scope, subject, target, form.due, form.refresh_months.data)
            db.session.commit()
            flash("Training assigned", "success")
            return redirect(url_for("reports.assignments"))
    return render_template("reports/assignment_form.html", title="Assign training", form=form)


@bp.route("/assignments/<int:assignment_id>/change", methods=["GET", "POST"])
@requires(Role.MANAGER, Role.ADMIN)
def change_assignment_page(assignment_id):
    assignment = assignment_in_scope(manager_scope(current_user), assignment_id)
    form = AssignmentDatesForm(obj=assignment, today=utcnow().date())
    if form.validate_on_submit():
        change_assignment(current_user, assignment, form.due, form.refresh_months.data)
        db.session.commit()
        flash("Assignment changed", "success")
        return redirect(url_for("reports.assignments"))
    return render_template(
        "reports/assignment_change.html", title="Change assignment", form=form, assignment=assignment, **NAMES
    )


@bp.route("/assignments/<int:assignment_id>/withdraw", methods=["GET", "POST"])
@requires(Role.MANAGER, Role.ADMIN)
def withdraw_assignment_page(assignment_id):
    assignment = assignment_in_scope(manager_scope(current_user), assignment_id)
    form = WithdrawForm()
    if form.validate_on_submit():
        withdraw_assignment(current_user, assignment, utcnow())
        db.session.commit()
        flash("Assignment withdrawn", "success")
        return redirect(url_for("reports.assignments"))
    if form.errors:
        abort(400)
    return render_template(
        "reports/withdraw.html", title="Withdraw assignment", form=form, assignment=assignment, **NAMES
    )
