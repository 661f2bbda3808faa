import rules

from coproduce.people.predicates import is_place_admin

rules.add_perm("core.administer_place", is_place_admin)
rules.add_perm("core.view_audit_log", is_place_admin)
