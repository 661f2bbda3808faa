"""Stories told in people's own words, with consent; services' responses; feedback straight to managers; themes."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _


class Theme(models.Model):
    """A theme people name when they tag a story (for example "waiting times"); not the themes found by clustering."""

    name = models.CharField(max_length=80, unique=True)
    slug = models.SlugField(max_length=90, unique=True)

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class Story(models.Model):
    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        WAITING = "waiting", _("Waiting to be checked")
        PUBLISHED = "published", _("Published")
        NOT_PUBLISHED = "not_published", _("Not published")
        WITHDRAWN = "withdrawn", _("Withdrawn")

    class Reach(models.TextChoices):
        PUBLIC = "public", _("Anyone, including people without an account")
        MEMBERS = "members", _("People with an account in this place")
        SERVICES = "services", _("Only the services I name")
        FACILITATORS = "facilitators", _("Only facilitators")

    class Identity(models.TextChoices):
        NAMED = "named", _("My name")
        USERNAME = "username", _("A name I choose")
        ANONYMOUS = "anonymous", _("No name: anonymous")

    class Feeling(models.TextChoices):
        GOOD = "good", _("Good")
        GRATEFUL = "grateful", _("Grateful")
        MIXED = "mixed", _("Mixed")
        WORRIED = "worried", _("Worried")
        UPSET = "upset", _("Upset")
        ANGRY = "angry", _("Angry")

    # The teller, when they have an account; a gathered story may be told by someone without one.
    teller = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="stories"
    )
    teller_name = models.CharField(_("the teller's name"), max_length=150, blank=True)
    identity = models.CharField(max_length=10, choices=Identity.choices, default=Identity.ANONYMOUS)
    pen_name = models.CharField(_("the name to show"), max_length=60, blank=True)
    title = models.CharField(_("title"), max_length=200)
    body = models.TextField(_("the story"))
    feeling = models.CharField(_("how you felt"), max_length=10, choices=Feeling.choices, blank=True)
    prompt = models.CharField(max_length=60, blank=True)
    services = models.ManyToManyField("organisations.Service", blank=True, related_name="stories")
    themes = models.ManyToManyField(Theme, blank=True, related_name="stories")
    # Keys of "How are we doing?" principles (reflection frameworks) the story speaks to.
    principles = models.JSONField(default=list, blank=True)
    reach = models.CharField(max_length=12, choices=Reach.choices, default=Reach.MEMBERS)
    status = models.CharField(max_length=14, choices=Status.choices, default=Status.DRAFT)
    # Gathered on someone's behalf: who wrote it down, and the teller's consent to it being shared as chosen.
    gathered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="stories_gathered"
    )
    teller_consent_at = models.DateTimeField(null=True, blank=True)
    teller_consent_wording = models.TextField(blank=True)
    submission_key = models.CharField(max_length=40, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    submitted_at = models.DateTimeField(null=True, blank=True)
    published_at = models.DateTimeField(null=True, blank=True)
    withdrawn_at = models.DateTimeField(null=True, blank=True)
    # Moderation: why a story was not published, in the words the teller was sent.
    not_published_reason = models.TextField(blank=True)

    class Meta:
        ordering = ["-published_at", "-created_at", "-pk"]
        indexes = [
            models.Index(fields=["status", "reach", "-published_at"]),
            # The newest published stories a signed-in viewer may read: read in this order, checking each story's
            # reach as it goes, the first page is found without sorting every story (see selectors/stories.py).
            models.Index(fields=["status", "-published_at"], name="story_status_newest"),
        ]
        verbose_name_plural = "stories"

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("stories:story", kwargs={"story_id": self.pk})


class StoryRevision(models.Model):
    """Every change to a story's words after it was sent, with who made it and whether the teller agreed."""

    story = models.ForeignKey(Story, on_delete=models.CASCADE, related_name="revisions")
    title = models.CharField(max_length=200)
    body = models.TextField()
    edited_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    reason = models.CharField(max_length=300, blank=True)
    teller_agreed = models.BooleanField(default=False)
    created_at = models.DateTimeField(auto_now_add=True)

    # Moderation (services/moderation.py). A row holds the words as this change makes them, and the words they
    # replace, so each row reads on its own. A moderator's suggestion waits for the teller; it changes the story only
    # once they agree (themselves, or through whoever gathered it when they have no account).
    class Proposal(models.TextChoices):
        NONE = "", _("A change made")
        WAITING = "waiting", _("Waiting for the teller")
        AGREED = "agreed", _("The teller agreed")
        DECLINED = "declined", _("The teller said no")
        DROPPED = "dropped", _("Taken back by the moderator")

    proposal = models.CharField(max_length=8, choices=Proposal.choices, blank=True, default="")
    previous_title = models.CharField(max_length=200, blank=True)
    previous_body = models.TextField(blank=True)
    # Who recorded the teller's answer: the teller, or the gatherer or moderator who asked them.
    answer_recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    answered_at = models.DateTimeField(null=True, blank=True)
    teller_note = models.CharField(max_length=300, blank=True)

    class Meta:
        ordering = ["created_at", "pk"]

    def __str__(self) -> str:
        return f"{self.story_id} @ {self.created_at:%Y-%m-%d %H:%M}"


class IdentifyingDetail(models.Model):
    """Something in a story that may identify someone, found by the check before publishing."""

    class Kind(models.TextChoices):
        NAME = "name", _("A person's name")
        PHONE = "phone", _("A phone number")
        EMAIL = "email", _("An email address")
        ADDRESS = "address", _("An address or postcode")
        BIRTH_DATE = "birth_date", _("A date of birth")

    story = models.ForeignKey(Story, on_delete=models.CASCADE, related_name="identifying_details")
    kind = models.CharField(max_length=12, choices=Kind.choices)
    text = models.CharField(max_length=200)
    start = models.PositiveIntegerField()
    resolved_at = models.DateTimeField(null=True, blank=True)
    resolved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    # Moderation: found in the title rather than the body (start then counts from the title's first character), and
    # why a moderator decided it is fine to keep (for example, it is the name of a service).
    in_title = models.BooleanField(default=False)
    keep_reason = models.CharField(max_length=300, blank=True)

    class Meta:
        ordering = ["in_title", "start", "pk"]

    def __str__(self) -> str:
        return f"{self.kind}: {self.text}"


class Response(models.Model):
    class Change(models.TextChoices):
        NONE = "", _("No change to report")
        PLANNED = "planned", _("A change is planned")
        MADE = "made", _("A change has been made")

    story = models.ForeignKey(Story, on_delete=models.CASCADE, related_name="responses")
    service = models.ForeignKey("organisations.Service", on_delete=models.CASCADE, related_name="story_responses")
    author = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    body = models.TextField(_("your response"), max_length=5000)
    change = models.CharField(max_length=10, choices=Change.choices, blank=True, default="")
    # The action in a plan that carries the change, so the teller can follow it through.
    action = models.ForeignKey("plans.Action", null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    # Set when its author changes it; the words before each change are kept in the audit log.
    edited_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["created_at", "pk"]
        constraints = [
            # A service answers a story once, and changes that answer rather than adding another.
            models.UniqueConstraint(fields=["story", "service"], name="response_one_per_service_per_story"),
        ]

    def __str__(self) -> str:
        return f"{self.service_id} on {self.story_id}"


class VenueLink(models.Model):
    """A secret address for a shared tablet at a venue: it opens the "tell the manager" form for one service,
    without signing in. Stopped rather than deleted, so what was sent through it still says where it came from."""

    service = models.ForeignKey("organisations.Service", on_delete=models.CASCADE, related_name="venue_links")
    label = models.CharField(_("where the tablet is"), max_length=100)
    token = models.CharField(max_length=64, unique=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    stopped_at = models.DateTimeField(null=True, blank=True)
    stopped_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["-created_at", "-pk"]

    def __str__(self) -> str:
        return self.label


class Feedback(models.Model):
    """A short word straight to a service's managers, unedited. Never deleted without a trace."""

    service = models.ForeignKey("organisations.Service", on_delete=models.CASCADE, related_name="feedback")
    body = models.TextField(_("what you want the manager to know"), max_length=5000)
    # Kept so the manager can reply, unless the teller asked to stay unknown (then left empty).
    teller = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL)
    teller_contact = models.CharField(_("how to reach you (optional)"), max_length=200, blank=True)
    hide_identity = models.BooleanField(_("don't tell the manager who I am"), default=False)
    # Given on a shared tablet at a venue.
    at_venue = models.BooleanField(default=False)
    venue_link = models.ForeignKey(VenueLink, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    submission_key = models.CharField(max_length=40, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    acknowledged_at = models.DateTimeField(null=True, blank=True)
    acknowledged_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    acknowledgement = models.TextField(blank=True, max_length=3000)
    removed_at = models.DateTimeField(null=True, blank=True)
    removed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    removed_reason = models.CharField(max_length=300, blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]

    def __str__(self) -> str:
        return f"Feedback {self.pk} for {self.service_id}"


class ThemeRun(models.Model):
    """One run of finding themes across what people say (stories, feedback, café harvests), in the background."""

    class Status(models.TextChoices):
        QUEUED = "queued", _("Waiting to run")
        RUNNING = "running", _("Running")
        DONE = "done", _("Done")
        FAILED = "failed", _("Failed")

    status = models.CharField(max_length=8, choices=Status.choices, default=Status.QUEUED)
    seed = models.PositiveIntegerField(default=0)
    theme_count = models.PositiveSmallIntegerField(default=8)
    texts = models.PositiveIntegerField(default=0)
    # A fingerprint of the texts and settings: the same data and seed give the same themes.
    fingerprint = models.CharField(max_length=64, blank=True)
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    finished_at = models.DateTimeField(null=True, blank=True)
    error = models.TextField(blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]

    def __str__(self) -> str:
        return f"Theme run {self.pk}"


class FoundTheme(models.Model):
    run = models.ForeignKey(ThemeRun, on_delete=models.CASCADE, related_name="themes")
    position = models.PositiveSmallIntegerField()
    label = models.CharField(max_length=200)
    terms = models.JSONField(default=list)
    size = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["run", "position"]

    def __str__(self) -> str:
        return self.label


class FoundThemeMember(models.Model):
    """What a found theme is drawn from: a story or a piece of feedback (and later a World Café harvest)."""

    class Source(models.TextChoices):
        STORY = "story", _("Story")
        FEEDBACK = "feedback", _("Feedback to a manager")
        HARVEST = "harvest", _("World Café harvest")

    theme = models.ForeignKey(FoundTheme, on_delete=models.CASCADE, related_name="members")
    source = models.CharField(max_length=10, choices=Source.choices)
    source_id = models.PositiveIntegerField()
    weight = models.FloatField(default=0.0)

    class Meta:
        ordering = ["theme", "-weight", "pk"]
        indexes = [models.Index(fields=["source", "source_id"])]

    def __str__(self) -> str:
        return f"{self.source} {self.source_id} in {self.theme_id}"


class StorySearchEntry(models.Model):
    """What story search looks in: one row per published story, holding its search terms (stemmed in Python by
    stories.search, so PostgreSQL's GIN index and SQLite's FTS5 table match the same rows). A story that is not
    published, or was withdrawn, has no row, so it cannot be found."""

    story = models.OneToOneField(Story, primary_key=True, on_delete=models.CASCADE, related_name="+")
    document = models.TextField()

    def __str__(self) -> str:
        return f"Search terms of story {self.story_id}"
