"""The timebank: an hour given earns an hour, whatever the skill.

Hours live in an append-only, double-entry ledger in whole minutes. A Transfer is one movement of time; its
Entries (two or more) sum to zero; each Account's stored balance always equals the sum of its entries. Nothing in
the ledger is ever edited or deleted: a mistake is put right with a reversing transfer.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _


class TimebankSettings(models.Model):
    """The place's rules for the timebank. There is one row."""

    # No one goes below this without a facilitator's approval (−10 hours by default).
    min_balance_minutes = models.IntegerField(_("lowest balance without approval, in minutes"), default=-600)
    # An optional estimate of what the hours are worth, in pence per hour; shown only when set, always as an estimate.
    value_pence_per_hour = models.PositiveIntegerField(_("estimated value of an hour, in pence"), null=True, blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    def __str__(self) -> str:
        return "Timebank settings"


class Account(models.Model):
    class Kind(models.TextChoices):
        PERSON = "person", _("Person")
        ORGANISATION = "organisation", _("Organisation")
        SERVICE = "service", _("Service")
        POT = "pot", _("Community pot")

    kind = models.CharField(max_length=15, choices=Kind.choices)
    person = models.OneToOneField(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="timebank_account"
    )
    organisation = models.OneToOneField(
        "organisations.Organisation", null=True, blank=True, on_delete=models.PROTECT, related_name="timebank_account"
    )
    service = models.OneToOneField(
        "organisations.Service", null=True, blank=True, on_delete=models.PROTECT, related_name="timebank_account"
    )
    # Equal to the sum of this account's entries, always; changed only by the ledger service, under a row lock.
    balance_minutes = models.BigIntegerField(default=0)
    # Overrides the place's limit for this account when set (a pot never goes below zero).
    min_balance_minutes = models.IntegerField(null=True, blank=True)
    closed_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.CheckConstraint(
                name="account_has_exactly_its_owner",
                condition=(
                    Q(kind="person", person__isnull=False, organisation__isnull=True, service__isnull=True)
                    | Q(kind="organisation", person__isnull=True, organisation__isnull=False, service__isnull=True)
                    | Q(kind="service", person__isnull=True, organisation__isnull=True, service__isnull=False)
                    | Q(kind="pot", person__isnull=True, organisation__isnull=True, service__isnull=True)
                ),
            ),
            models.UniqueConstraint(fields=["kind"], condition=Q(kind="pot"), name="one_community_pot"),
        ]

    def __str__(self) -> str:
        if self.kind == self.Kind.PERSON and self.person is not None:
            return str(self.person)
        if self.kind == self.Kind.ORGANISATION and self.organisation is not None:
            return str(self.organisation)
        if self.kind == self.Kind.SERVICE and self.service is not None:
            return str(self.service)
        return str(_("Community pot"))


class Category(models.Model):
    name = models.CharField(_("name"), max_length=60, unique=True)

    class Meta:
        ordering = ["name"]
        verbose_name_plural = _("categories")

    def __str__(self) -> str:
        return self.name


class Transfer(models.Model):
    class Kind(models.TextChoices):
        EXCHANGE = "exchange", _("Exchange")
        GROUP = "group", _("Group activity")
        DONATION = "donation", _("Gift to the community pot")
        GRANT = "grant", _("Grant from the community pot")
        REVERSAL = "reversal", _("Correction")
        DIRECT = "direct", _("Hours given")

    # Chosen by the client (a form's hidden field, an API header): the same key twice is one transfer.
    idempotency_key = models.CharField(max_length=80, unique=True)
    kind = models.CharField(max_length=10, choices=Kind.choices)
    description = models.CharField(_("what it was for"), max_length=300)
    category = models.ForeignKey(Category, null=True, blank=True, on_delete=models.PROTECT, related_name="transfers")
    occurred_on = models.DateField(_("when it happened"))
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT, related_name="timebank_transfers_recorded"
    )
    # Set when a facilitator allowed an account to go below its limit.
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    reverses = models.OneToOneField("self", null=True, blank=True, on_delete=models.PROTECT, related_name="reversed_by")
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)

    class Meta:
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        # Cheaper than get_kind_display(), which looks the label up through every choice; this runs in each audit row.
        return f"{self.Kind(self.kind).label} {self.pk}: {self.description}"


class Entry(models.Model):
    """One side of a transfer. Positive minutes are earned (time given), negative are spent (time received)."""

    transfer = models.ForeignKey(Transfer, on_delete=models.PROTECT, related_name="entries")
    account = models.ForeignKey(Account, on_delete=models.PROTECT, related_name="entries")
    minutes = models.IntegerField()
    # For the place report: the kind of member this entry's account belonged to when it was written.
    member_kind = models.CharField(max_length=20, blank=True)
    # An HMAC over what the entry says, so ledger-check can tell if a row was changed after it was written.
    seal = models.CharField(max_length=64)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [models.CheckConstraint(condition=~Q(minutes=0), name="entry_minutes_not_zero")]
        indexes = [models.Index(fields=["account", "id"]), models.Index(fields=["created_at"])]

    def __str__(self) -> str:
        return f"{self.account_id} {self.minutes:+d}"


class Listing(models.Model):
    """An offer of help or a request for it on the board."""

    class Kind(models.TextChoices):
        OFFER = "offer", _("Offer")
        REQUEST = "request", _("Request")

    kind = models.CharField(_("offer or request"), max_length=10, choices=Kind.choices)
    account = models.ForeignKey(Account, on_delete=models.PROTECT, related_name="listings")
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    title = models.CharField(_("title"), max_length=120)
    description = models.TextField(_("more about it"), max_length=2000, blank=True)
    category = models.ForeignKey(Category, on_delete=models.PROTECT, related_name="listings")
    neighbourhood = models.ForeignKey(
        "people.Neighbourhood", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    is_open = models.BooleanField(default=True)
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)

    class Meta:
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return self.title


class Exchange(models.Model):
    """Time given by one account to another, agreed first and counted when both confirm (or a broker records it)."""

    class Status(models.TextChoices):
        PROPOSED = "proposed", _("Proposed")
        AGREED = "agreed", _("Agreed")
        DONE = "done", _("Done, waiting for confirmation")
        CONFIRMED = "confirmed", _("Confirmed: hours counted")
        DECLINED = "declined", _("Declined")
        CANCELLED = "cancelled", _("Cancelled")

    listing = models.ForeignKey(Listing, null=True, blank=True, on_delete=models.SET_NULL, related_name="exchanges")
    # The account that gives the time (and earns the hours) and the one that receives it.
    giver = models.ForeignKey(Account, on_delete=models.PROTECT, related_name="exchanges_giving")
    receiver = models.ForeignKey(Account, on_delete=models.PROTECT, related_name="exchanges_receiving")
    description = models.CharField(_("what it is"), max_length=300)
    category = models.ForeignKey(Category, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    minutes = models.PositiveIntegerField(_("time, in minutes"), null=True, blank=True)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.PROPOSED)
    proposed_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    giver_confirmed_at = models.DateTimeField(null=True, blank=True)
    receiver_confirmed_at = models.DateTimeField(null=True, blank=True)
    # A time broker who entered it for someone who does not use computers (from a paper record).
    brokered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    occurred_on = models.DateField(_("when it happened"), null=True, blank=True)
    transfer = models.OneToOneField(Transfer, null=True, blank=True, on_delete=models.PROTECT, related_name="exchange")
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-updated_at", "-id"]
        constraints = [models.CheckConstraint(condition=~Q(giver=models.F("receiver")), name="exchange_two_sides")]

    def __str__(self) -> str:
        return self.description


class ApiToken(models.Model):
    """A key for the JSON API, acting as one person with that person's permissions. Only a hash is stored."""

    person = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="api_tokens")
    name = models.CharField(_("what it is for"), max_length=100)
    key_hash = models.CharField(max_length=64, unique=True)
    prefix = models.CharField(max_length=8)
    created_at = models.DateTimeField(auto_now_add=True)
    last_used_at = models.DateTimeField(null=True, blank=True)
    revoked_at = models.DateTimeField(null=True, blank=True)

    def __str__(self) -> str:
        return f"{self.prefix}… ({self.name})"


class HoursGivenTotal(models.Model):
    """Hours given in one month, in one category, by one kind of member: a running tally for the place report.

    Adding up a million ledger entries on every view of the report is too slow, and the ledger is append-only, so
    entries already counted never change: the report reads these totals plus the few entries written since the
    checkpoint (see selectors/report.py). Derived data only; ledger-check never relies on it.
    """

    month = models.DateField()
    category = models.ForeignKey(Category, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    member_kind = models.CharField(max_length=20, blank=True)
    minutes = models.BigIntegerField(default=0)

    class Meta:
        indexes = [models.Index(fields=["month"])]

    def __str__(self) -> str:
        return f"{self.month:%Y-%m} {self.category_id} {self.member_kind} {self.minutes}"


class HoursGivenCheckpoint(models.Model):
    """How far into the ledger HoursGivenTotal reaches: every entry with an id up to this one is counted. One row."""

    entries_through_id = models.BigIntegerField(default=0)
    updated_at = models.DateTimeField(auto_now=True)

    def __str__(self) -> str:
        return f"Hours given counted through entry {self.entries_through_id}"
