"""Pioneers: anyone signed in may nominate someone already doing co-production well; facilitators read them."""

from __future__ import annotations

from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from coproduce.core.services import audit_record
from coproduce.people.models import Person, PioneerNomination

REASON_MAX_LENGTH = PioneerNomination._meta.get_field("reason").max_length or 2000


class PioneerNominationError(ValueError):
    pass


def pioneer_nomination_problem(*, nominator: Person, nominee: Person) -> str:
    """Why `nominator` may not nominate `nominee` at all, or "" if they may."""
    if nominee.pk == nominator.pk:
        return _("You cannot nominate yourself. Ask someone who knows your work to nominate you.")
    if not nominee.is_active or nominee.closed_at is not None:
        return _("This account is closed, so no one can nominate them.")
    if PioneerNomination.objects.filter(nominee=nominee, nominated_by=nominator).exists():
        return _("You have already nominated %(name)s. Thank you: one nomination from each person is enough.") % {
            "name": nominee.display_name
        }
    return ""


def pioneer_nominate(*, nominator: Person, nominee: Person, reason: str) -> PioneerNomination:
    reason = reason.strip()
    if not nominator.is_active:
        raise PioneerNominationError(_("Your account is closed."))
    if problem := pioneer_nomination_problem(nominator=nominator, nominee=nominee):
        raise PioneerNominationError(problem)
    if not reason:
        raise PioneerNominationError(_("Say why you are nominating them."))
    if len(reason) > REASON_MAX_LENGTH:
        raise PioneerNominationError(
            _("Your reason must be %(max)d characters or fewer. It has %(n)d.")
            % {"max": REASON_MAX_LENGTH, "n": len(reason)}
        )
    try:
        with transaction.atomic():
            nomination = PioneerNomination.objects.create(nominee=nominee, nominated_by=nominator, reason=reason)
            entry = audit_record(
                actor=nominator, action="pioneer.nominate", target=nomination, detail={"nominee": nominee.pk}
            )
            # Labelled by number, not "Dev nominated by Rosa": the log must not tell the nominee, in their own
            # data download, who nominated them, nor keep names once either account is closed.
            entry.target_label = f"Pioneer nomination {nomination.pk}"
            entry.save(update_fields=["target_label"])
    except IntegrityError as exc:
        # The same person pressed the button twice at once; the first nomination stands.
        raise PioneerNominationError(
            _("You have already nominated %(name)s.") % {"name": nominee.display_name}
        ) from exc
    return nomination
