"""Who may do what in Connect. Each part (buddies, peer support, introductions, pioneers, the map) adds its rules
below its own heading."""

from __future__ import annotations

import rules

from coproduce.people.predicates import is_signed_in

rules.add_perm("connect.use", is_signed_in)
