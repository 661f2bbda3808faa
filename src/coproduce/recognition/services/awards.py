"""Nominating someone for a badge, awarding it with evidence, the recipient's answer, and taking a badge back.

A badge is offered, not imposed: it counts once the person accepts it, and they decide whether it shows on their
profile. The recipient hears by email when a badge is offered (and if it is ever taken back); whoever nominated
them hears when their nomination is decided either way.

Who may do each thing is asked in the views (rules.py); the services still refuse what would make no sense
whoever asked, such as giving a badge to yourself or to a closed account.
"""

from __future__ import annotations

from typing import Any

from django.db import IntegrityError, transaction
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from coproduce.core.email import email_on_commit
from coproduce.core.services import audit_record, audited_with_key, place_get
from coproduce.people.models import Person
from coproduce.recognition.models import Award, Badge, Nomination

REASON_MAX = 1000
EVIDENCE_MAX = 3000
DECISION_NOTE_MAX = 1000
REVOKE_REASON_MAX = 300

# An award that stands: offered or accepted, and not taken back. At most one per badge and person.
LIVE = Q(revoked_at__isnull=True) & ~Q(status=Award.Status.DECLINED)


class AwardError(ValueError):
    """Something that cannot be done as asked. `field` names the form field it is about, or is None."""

    def __init__(self, message: str, *, field: str | None = None) -> None:
        super().__init__(message)
        self.field = field


def _text(value: str, *, field: str, limit: int, required: str, what: str) -> str:
    value = (value or "").strip()
    if not value:
        raise AwardError(required, field=field)
    if len(value) > limit:
        raise AwardError(
            _("%(what)s can be up to %(limit)s characters. It has %(n)s: please shorten it.")
            % {"what": what, "limit": limit, "n": len(value)},
            field=field,
        )
    return value


def _person_open_checked(person: Person, *, field: str, doing: str) -> None:
    if person.closed_at is not None:
        raise AwardError(
            _("%(name)s’s account is closed, so %(doing)s.") % {"name": person.display_name, "doing": doing},
            field=field,
        )
    if not person.is_active:
        raise AwardError(
            _("%(name)s’s account is switched off at the moment, so %(doing)s. A place admin can tell you more.")
            % {"name": person.display_name, "doing": doing},
            field=field,
        )


def _badge_in_use_checked(badge: Badge) -> None:
    if badge.retired_at is not None:
        raise AwardError(_("The badge “%(name)s” is no longer given.") % {"name": badge.name})


def _already_holds(badge: Badge, person: Person) -> Award | None:
    return Award.objects.filter(LIVE, badge=badge, recipient=person).first()


def _holds_message(award: Award, person: Person) -> str:
    if award.status == Award.Status.OFFERED:
        return _("%(name)s has already been offered this badge and has not answered yet.") % {
            "name": person.display_name
        }
    return _("%(name)s already has this badge.") % {"name": person.display_name}


def _link(site_url: str, name: str, *args: Any) -> str:
    return f"{site_url}{reverse(name, args=args)}"


# --- nominations -------------------------------------------------------------------------------------------------


def nomination_create(
    *,
    actor: Person,
    badge: Badge,
    nominee: Person,
    reason: str,
    idempotency_key: str = "",
) -> Nomination:
    """Put someone forward for a badge, saying why. You may put yourself forward; someone else decides."""
    _badge_in_use_checked(badge)
    _person_open_checked(nominee, field="nominee", doing=_("they cannot be nominated"))
    reason = _text(
        reason,
        field="reason",
        limit=REASON_MAX,
        required=_("Say why you are nominating them: what have you seen them do?"),
        what=_("Why"),
    )
    with transaction.atomic():
        # The nominee's row lock makes two nominations of the same person wait for each other, so the checks
        # below see what the other did.
        Person.objects.select_for_update().filter(pk=nominee.pk).first()
        if idempotency_key:
            earlier = audited_with_key(
                action="recognition.nomination_create", actor=actor, idempotency_key=idempotency_key
            )
            if earlier is not None:
                return Nomination.objects.get(pk=earlier.target_id)
        held = _already_holds(badge, nominee)
        if held is not None:
            raise AwardError(_holds_message(held, nominee), field="nominee")
        if Nomination.objects.filter(
            badge=badge, nominee=nominee, nominated_by=actor, status=Nomination.Status.OPEN
        ).exists():
            raise AwardError(
                _("You have already nominated %(name)s for this badge. It is waiting for a decision.")
                % {"name": nominee.display_name},
                field="nominee",
            )
        nomination = Nomination.objects.create(badge=badge, nominee=nominee, nominated_by=actor, reason=reason)
        detail: dict[str, Any] = {"badge": badge.pk, "nominee": nominee.pk}
        if idempotency_key:
            detail["key"] = idempotency_key
        audit_record(actor=actor, action="recognition.nomination_create", target=nomination, detail=detail)
    return nomination


def _tell_nominator(*, nomination: Nomination, actor: Person | None, site_url: str) -> None:
    nominator = nomination.nominated_by
    if nominator is None or not nominator.email or not nominator.is_active:
        return
    if actor is not None and nominator.pk == actor.pk:
        return
    awarded = nomination.status == Nomination.Status.AWARDED
    subject = (
        _("Your nomination for “%(badge)s” was accepted")
        if awarded
        else _("Your nomination for “%(badge)s” was not awarded")
    )
    email_on_commit(
        to=nominator.email,
        subject=subject % {"badge": nomination.badge.name[:80]},
        template="recognition/email/nomination_decided.txt",
        context={
            "person": nominator,
            "nomination": nomination,
            "awarded": awarded,
            "place": place_get(),
            "link": _link(site_url, "recognition:mine"),
        },
    )


def nomination_decline(*, actor: Person, nomination: Nomination, note: str, site_url: str = "") -> Nomination:
    """Decide not to award a nomination, saying why; the nominator is told."""
    note = _text(
        note,
        field="note",
        limit=DECISION_NOTE_MAX,
        required=_("Say why the badge is not being awarded. The person who nominated will read this."),
        what=_("Why not"),
    )
    with transaction.atomic():
        nomination = (
            Nomination.objects.select_for_update(of=("self",))
            .select_related("badge", "nominated_by")
            .get(pk=nomination.pk)
        )
        if nomination.status != Nomination.Status.OPEN:
            raise AwardError(_("This nomination has already been decided."))
        nomination.status = Nomination.Status.NOT_AWARDED
        nomination.decided_by = actor
        nomination.decided_at = timezone.now()
        nomination.decision_note = note
        nomination.save(update_fields=["status", "decided_by", "decided_at", "decision_note"])
        audit_record(actor=actor, action="recognition.nomination_decline", target=nomination)
        _tell_nominator(nomination=nomination, actor=actor, site_url=site_url)
    return nomination


def nomination_withdraw(*, actor: Person, nomination: Nomination) -> Nomination:
    """The nominator takes back a nomination nobody has decided yet."""
    with transaction.atomic():
        nomination = Nomination.objects.select_for_update().get(pk=nomination.pk)
        if nomination.nominated_by_id != actor.pk:
            raise AwardError(_("Only the person who made a nomination can withdraw it."))
        if nomination.status != Nomination.Status.OPEN:
            raise AwardError(_("This nomination has already been decided, so it cannot be withdrawn."))
        nomination.status = Nomination.Status.WITHDRAWN
        nomination.save(update_fields=["status"])
        audit_record(actor=actor, action="recognition.nomination_withdraw", target=nomination)
    return nomination


# --- awards ------------------------------------------------------------------------------------------------------


def award_give(
    *,
    actor: Person,
    evidence: str,
    badge: Badge | None = None,
    recipient: Person | None = None,
    nomination: Nomination | None = None,
    idempotency_key: str = "",
    site_url: str = "",
) -> Award:
    """Offer a badge to someone, with the evidence for it: from a nomination, or directly (with `badge` and
    `recipient`). Any other open nominations of them for the same badge are settled by it too. The recipient
    is emailed; so is each nominator."""
    if nomination is not None:
        badge, recipient = nomination.badge, nomination.nominee
    if badge is None or recipient is None:
        raise TypeError("award_give needs a nomination, or a badge and a recipient")
    if recipient.pk == actor.pk:
        raise AwardError(
            _("You cannot give a badge to yourself. Ask someone to nominate you, and someone else will decide."),
            field="recipient",
        )
    _badge_in_use_checked(badge)
    _person_open_checked(recipient, field="recipient", doing=_("badges cannot be given to them"))
    evidence = _text(
        evidence,
        field="evidence",
        limit=EVIDENCE_MAX,
        required=_("Write the evidence: what they did that earns the badge."),
        what=_("The evidence"),
    )
    with transaction.atomic():
        Person.objects.select_for_update().filter(pk=recipient.pk).first()
        if idempotency_key:
            earlier = audited_with_key(action="recognition.award_give", actor=actor, idempotency_key=idempotency_key)
            if earlier is not None:
                return Award.objects.get(pk=earlier.target_id)
        if nomination is not None:
            nomination = Nomination.objects.select_for_update().get(pk=nomination.pk)
            if nomination.status != Nomination.Status.OPEN:
                raise AwardError(_("This nomination has already been decided."))
        held = _already_holds(badge, recipient)
        if held is not None:
            raise AwardError(_holds_message(held, recipient), field="recipient")
        try:
            with transaction.atomic():
                award = Award.objects.create(
                    badge=badge, recipient=recipient, awarded_by=actor, nomination=nomination, evidence=evidence
                )
        except IntegrityError as exc:
            raise AwardError(
                _("%(name)s already has this badge.") % {"name": recipient.display_name}, field="recipient"
            ) from exc
        settled = _nominations_settle(actor=actor, award=award, site_url=site_url)
        detail: dict[str, Any] = {"badge": badge.pk, "recipient": recipient.pk, "nominations": settled}
        if idempotency_key:
            detail["key"] = idempotency_key
        audit_record(actor=actor, action="recognition.award_give", target=award, detail=detail)
        _tell_recipient_offered(award=award, actor=actor, site_url=site_url)
    return award


def _nominations_settle(*, actor: Person, award: Award, site_url: str) -> list[int]:
    """Every open nomination of the recipient for this badge is decided by the award."""
    now = timezone.now()
    nominations = list(
        Nomination.objects.select_for_update(of=("self",))
        .filter(badge=award.badge, nominee=award.recipient, status=Nomination.Status.OPEN)
        .select_related("badge", "nominated_by")
    )
    for nomination in nominations:
        nomination.status = Nomination.Status.AWARDED
        nomination.decided_by = actor
        nomination.decided_at = now
        nomination.save(update_fields=["status", "decided_by", "decided_at"])
        _tell_nominator(nomination=nomination, actor=actor, site_url=site_url)
    return [nomination.pk for nomination in nominations]


def _tell_recipient_offered(*, award: Award, actor: Person, site_url: str) -> None:
    recipient = award.recipient
    if not recipient.email:
        return
    email_on_commit(
        to=recipient.email,
        subject=_("You have been offered a badge: %(badge)s") % {"badge": award.badge.name[:80]},
        template="recognition/email/award_offered.txt",
        context={
            "person": recipient,
            "award": award,
            "who": actor.display_name,
            "place": place_get(),
            "link": _link(site_url, "recognition:award", award.pk),
        },
    )


def _award_of_recipient(actor: Person, award: Award) -> Award:
    award = Award.objects.select_for_update().get(pk=award.pk)
    if award.recipient_id != actor.pk:
        raise AwardError(_("Only the person a badge was given to can answer for it."))
    if award.revoked_at is not None:
        raise AwardError(_("This badge has been taken back, so there is nothing to answer."))
    return award


def award_accept(*, actor: Person, award: Award, shown_on_profile: bool) -> Award:
    """The recipient accepts a badge offered to them, and says whether it shows on their profile."""
    with transaction.atomic():
        award = _award_of_recipient(actor, award)
        if award.status != Award.Status.OFFERED:
            raise AwardError(_("You have already answered for this badge."))
        award.status = Award.Status.ACCEPTED
        award.responded_at = timezone.now()
        award.shown_on_profile = shown_on_profile
        award.save(update_fields=["status", "responded_at", "shown_on_profile"])
        audit_record(actor=actor, action="recognition.award_accept", target=award, detail={"shown": shown_on_profile})
    return award


def award_decline(*, actor: Person, award: Award) -> Award:
    """The recipient says no thank you. The badge can be offered again another time."""
    with transaction.atomic():
        award = _award_of_recipient(actor, award)
        if award.status != Award.Status.OFFERED:
            raise AwardError(_("You have already answered for this badge."))
        award.status = Award.Status.DECLINED
        award.responded_at = timezone.now()
        award.shown_on_profile = False
        award.save(update_fields=["status", "responded_at", "shown_on_profile"])
        audit_record(actor=actor, action="recognition.award_decline", target=award)
    return award


def award_show_on_profile(*, actor: Person, award: Award, shown: bool) -> Award:
    """Show an accepted badge on your profile, or take it off. Choosing what it already is changes nothing."""
    with transaction.atomic():
        award = _award_of_recipient(actor, award)
        if award.status != Award.Status.ACCEPTED:
            raise AwardError(_("Accept the badge first; then you can choose whether it shows on your profile."))
        if award.shown_on_profile == shown:
            return award
        award.shown_on_profile = shown
        award.save(update_fields=["shown_on_profile"])
        audit_record(actor=actor, action="recognition.award_show", target=award, detail={"shown": shown})
    return award


def award_revoke(*, actor: Person, award: Award, reason: str, site_url: str = "") -> Award:
    """Take a badge back, saying why. The award is kept, marked as taken back, so its credential stops verifying
    as current; the recipient is told why."""
    reason = _text(
        reason,
        field="reason",
        limit=REVOKE_REASON_MAX,
        required=_("Say why the badge is being taken back. The person it was given to will read this."),
        what=_("Why"),
    )
    with transaction.atomic():
        award = Award.objects.select_for_update(of=("self",)).select_related("badge", "recipient").get(pk=award.pk)
        if award.revoked_at is not None:
            raise AwardError(_("This badge has already been taken back."))
        award.revoked_at = timezone.now()
        award.revoked_by = actor
        award.revoke_reason = reason
        award.save(update_fields=["revoked_at", "revoked_by", "revoke_reason"])
        audit_record(actor=actor, action="recognition.award_revoke", target=award, detail={"reason": reason})
        recipient = award.recipient
        if recipient.email and recipient.is_active and award.status != Award.Status.DECLINED:
            email_on_commit(
                to=recipient.email,
                subject=_("A badge has been taken back: %(badge)s") % {"badge": award.badge.name[:80]},
                template="recognition/email/award_revoked.txt",
                context={
                    "person": recipient,
                    "award": award,
                    "place": place_get(),
                    "link": _link(site_url, "recognition:award", award.pk),
                },
            )
    return award
