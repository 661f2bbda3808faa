"""Connect: buddies, peer supporters, introductions and pioneer gatherings.

The network map has no tables of its own: it is drawn from these rows and from the timebank, learning sessions and
organisations (see selectors/network.py).
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _


class Background(models.TextChoices):
    """Where a person comes from in the work. Buddies are always paired across two different backgrounds."""

    USES_SERVICES = "uses_services", _("I use services, or have done")
    CARER = "carer", _("I care for someone")
    WORKS_IN_SERVICES = "works_in_services", _("I work in a service")
    COMMUNITY = "community", _("I live, work or volunteer locally")


class MatchingWeights(models.Model):
    """How much each kind of shared thing counts when the place pairs buddies. There is one row."""

    gifts = models.PositiveSmallIntegerField(_("a shared gift or skill"), default=1)
    passions = models.PositiveSmallIntegerField(_("a shared passion or interest"), default=1)
    languages = models.PositiveSmallIntegerField(_("a shared language"), default=1)
    neighbourhood = models.PositiveSmallIntegerField(_("the same neighbourhood"), default=1)
    updated_at = models.DateTimeField(auto_now=True)

    def __str__(self) -> str:
        return "Matching weights"


class BuddyPreference(models.Model):
    """What a person has said about buddying: whether they would like a buddy and how many they could buddy."""

    person = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, primary_key=True, related_name="buddy_preference"
    )
    wants_buddy = models.BooleanField(_("I would like a buddy"), default=False)
    can_buddy = models.PositiveSmallIntegerField(_("how many people I could be a buddy to"), default=0)
    background = models.CharField(_("my background"), max_length=20, choices=Background.choices)
    note = models.CharField(_("anything a buddy should know"), max_length=500, blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [models.CheckConstraint(condition=Q(can_buddy__lte=10), name="connect_can_buddy_at_most_10")]

    def __str__(self) -> str:
        return f"Buddy preference of {self.person_id}"


class NeverPair(models.Model):
    """Two people who must never be paired or seated together (safeguarding). Seen only by facilitators."""

    person_a = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    person_b = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    reason = models.CharField(_("why, for facilitators only"), max_length=500)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            # Stored with the smaller id first, so one pair has one row whichever way round it was entered.
            models.CheckConstraint(condition=Q(person_a__lt=F("person_b")), name="connect_never_pair_ordered"),
            models.UniqueConstraint(fields=["person_a", "person_b"], name="connect_never_pair_once"),
        ]

    def __str__(self) -> str:
        return f"Never pair {self.person_a_id} and {self.person_b_id}"


class MatchingRun(models.Model):
    """One run of the buddy matching: for a group a facilitator chose, or for one newcomer."""

    class Kind(models.TextChoices):
        GROUP = "group", _("A facilitator matched a group")
        NEWCOMER = "newcomer", _("A newcomer asked for a buddy")
        REMATCH = "rematch", _("Matching again after a decline")

    kind = models.CharField(max_length=10, choices=Kind.choices)
    organisation = models.ForeignKey(
        "organisations.Organisation", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    run_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    # What the algorithm was given and found, for the facilitator's summary.
    wanting = models.PositiveIntegerField(default=0)
    offering = models.PositiveIntegerField(default=0)
    matched = models.PositiveIntegerField(default=0)
    total_shared = models.PositiveIntegerField(default=0)
    optimal = models.BooleanField(default=True)
    seconds = models.FloatField(default=0)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at", "-pk"]

    def __str__(self) -> str:
        return f"Matching run {self.pk}"


class BuddyPair(models.Model):
    """A proposed or agreed buddying: `buddy` supports `person`. Both must accept before it starts."""

    class Status(models.TextChoices):
        PROPOSED = "proposed", _("Waiting for both to say yes")
        ACTIVE = "active", _("Buddies")
        DECLINED = "declined", _("Declined")
        ENDED = "ended", _("Ended")

    class Answer(models.TextChoices):
        WAITING = "waiting", _("Not answered yet")
        YES = "yes", _("Yes")
        NO = "no", _("No, thank you")

    run = models.ForeignKey(MatchingRun, null=True, blank=True, on_delete=models.SET_NULL, related_name="pairs")
    person = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="buddy_pairs")
    buddy = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="buddying_pairs")
    # The names of the things they share, as found at matching time, to show both why they were paired.
    shared = models.JSONField(default=list, blank=True)
    score = models.PositiveIntegerField(default=0)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.PROPOSED, db_index=True)
    person_answer = models.CharField(max_length=8, choices=Answer.choices, default=Answer.WAITING)
    buddy_answer = models.CharField(max_length=8, choices=Answer.choices, default=Answer.WAITING)
    started_at = models.DateTimeField(null=True, blank=True)
    ended_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.CheckConstraint(condition=~Q(person=F("buddy")), name="connect_buddy_two_people"),
            # A person has at most one buddy proposed or agreed at a time.
            models.UniqueConstraint(
                fields=["person"],
                condition=Q(status__in=["proposed", "active"]),
                name="connect_one_open_buddy_each",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.buddy_id} buddies {self.person_id}"


class PeerSupporter(models.Model):
    """Someone trained to support people new to a service, and the service they support in."""

    person = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="peer_supporter_roles")
    service = models.ForeignKey("organisations.Service", on_delete=models.CASCADE, related_name="peer_supporters")
    trained_on = models.DateField(_("date of their training"))
    training = models.CharField(_("what the training was"), max_length=300)
    approved_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    active = models.BooleanField(default=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["person", "service"], name="connect_peer_supporter_once")]

    def __str__(self) -> str:
        return f"{self.person_id} supports at {self.service_id}"


class PeerSupport(models.Model):
    """A peer supporter offered to a person new to a service."""

    class Status(models.TextChoices):
        OFFERED = "offered", _("Offered")
        ACCEPTED = "accepted", _("Accepted")
        DECLINED = "declined", _("Declined")
        ENDED = "ended", _("Ended")

    supporter = models.ForeignKey(PeerSupporter, on_delete=models.CASCADE, related_name="supports")
    person = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="peer_supports")
    offered_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.OFFERED, db_index=True)
    # The person agrees (or not) that check-ins are written down; without it none are recorded.
    checkins_consented_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    answered_at = models.DateTimeField(null=True, blank=True)
    ended_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]

    def __str__(self) -> str:
        return f"Peer support for {self.person_id}"


class CheckIn(models.Model):
    class HowItWent(models.TextChoices):
        WELL = "well", _("It went well")
        OK = "ok", _("It was all right")
        HARD = "hard", _("It was hard")

    support = models.ForeignKey(PeerSupport, on_delete=models.CASCADE, related_name="checkins")
    on = models.DateField(_("date"))
    how_it_went = models.CharField(_("how it went"), max_length=8, choices=HowItWent.choices)
    note = models.TextField(_("notes"), max_length=2000, blank=True)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-on", "-pk"]

    def __str__(self) -> str:
        return f"Check-in {self.on}"


class Introduction(models.Model):
    """A networker introduces two people, or a person and a community asset. Contact details are shared only when
    both sides have said yes (for an asset, the person and whoever looks after the asset)."""

    class Status(models.TextChoices):
        WAITING = "waiting", _("Waiting for answers")
        ACCEPTED = "accepted", _("Both said yes")
        DECLINED = "declined", _("Declined")

    class Answer(models.TextChoices):
        WAITING = "waiting", _("Not answered yet")
        YES = "yes", _("Yes")
        NO = "no", _("No, thank you")

    introduced_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    person = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="introductions")
    other_person = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.CASCADE, related_name="introductions_as_other"
    )
    asset = models.ForeignKey(
        "people.CommunityAsset", null=True, blank=True, on_delete=models.CASCADE, related_name="introductions"
    )
    why = models.TextField(_("why they should meet"), max_length=2000)
    person_answer = models.CharField(max_length=8, choices=Answer.choices, default=Answer.WAITING)
    other_answer = models.CharField(max_length=8, choices=Answer.choices, default=Answer.WAITING)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.WAITING, db_index=True)
    created_at = models.DateTimeField(auto_now_add=True)
    answered_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=(Q(other_person__isnull=False) & Q(asset__isnull=True))
                | (Q(other_person__isnull=True) & Q(asset__isnull=False)),
                name="connect_introduction_one_other",
            ),
            models.CheckConstraint(condition=~Q(person=F("other_person")), name="connect_introduction_two_people"),
        ]

    def __str__(self) -> str:
        return f"Introduction {self.pk}"


class PioneerGathering(models.Model):
    """Pioneers a facilitator brings together: an invitation to a meeting, and who said they will come."""

    title = models.CharField(_("title"), max_length=200)
    starts_at = models.DateTimeField(_("when"))
    where = models.CharField(_("where"), max_length=300)
    message = models.TextField(_("your invitation"), max_length=3000)
    organised_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-starts_at", "-pk"]

    def __str__(self) -> str:
        return self.title


class PioneerInvitation(models.Model):
    class Answer(models.TextChoices):
        WAITING = "waiting", _("Not answered yet")
        YES = "yes", _("I will come")
        NO = "no", _("I can’t come")

    gathering = models.ForeignKey(PioneerGathering, on_delete=models.CASCADE, related_name="invitations")
    person = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="pioneer_invitations")
    answer = models.CharField(max_length=8, choices=Answer.choices, default=Answer.WAITING)
    answered_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["gathering", "person"], name="connect_invite_once")]

    def __str__(self) -> str:
        return f"{self.person_id} invited to {self.gathering_id}"
