"""Access to the administrator's routes: every one is for admins only, so every other role gets 403."""

from quizapp.models import Role
from tests.access.rules import roles

PERSON = {"user_id": 1}
ADMIN = Role.ADMIN

ACCESS = {
    "admin.home": roles(ADMIN),
    "admin.people": roles(ADMIN),
    "admin.new_person": roles(ADMIN),
    "admin.person": roles(ADMIN, args=PERSON),
    "admin.edit_person": roles(ADMIN, args=PERSON),
    "admin.person_action": roles(ADMIN, args={**PERSON, "action": "unlock"}, method="POST"),
    "admin.import_people": roles(ADMIN),
    "admin.import_preview": roles(ADMIN, args={"import_id": 1}),
    "admin.organisation": roles(ADMIN),
    "admin.new_agency": roles(ADMIN),
    "admin.agency": roles(ADMIN, args={"agency_id": 1}),
    "admin.new_team": roles(ADMIN, args={"agency_id": 1}, method="POST"),
    "admin.team": roles(ADMIN, args={"team_id": 1}),
    "admin.retire": roles(ADMIN, args={"kind": "teams", "item_id": 1, "action": "reinstate"}, method="POST"),
    "admin.merge": roles(ADMIN, args={"kind": "teams", "item_id": 1}),
    "admin.content": roles(ADMIN),
    "admin.preview": roles(ADMIN, args={"slug": "no-such-module", "number": 1}),
    "admin.change_module": roles(ADMIN, args={"slug": "no-such-module", "action": "publish"}, method="POST"),
    "admin.check_content": roles(ADMIN),
    "admin.audit_log": roles(ADMIN),
    "admin.export_audit_log": roles(ADMIN),
    "admin.person_data": roles(ADMIN, args=PERSON),
    "admin.subject_access": roles(ADMIN, args={**PERSON, "fmt": "json"}),
    "admin.erase_person": roles(ADMIN, args={"user_id": 999}, method="POST"),
}
