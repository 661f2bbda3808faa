"""A service's public response to a story: what it says, whether a change is planned or made, and the action in a
plan that carries the change.

A service answers a story once and changes that answer rather than adding another (the database holds it to one
per service per story), so the story reads as a conversation, not a pile of replies. Only its author changes it,
and the words before every change are kept in the audit log.

Linking an action: either one the service's organisation already has (in one of its plans, or given to it), or a
new one made there and then in the organisation's "Changes from stories" plan for the service, made the first time
it is needed. A new action's source is the story, so the action's "Came from" leads back to it.

Services do not check permissions (views do); they check that what they are given makes sense and say what is wrong
in words meant for the person who typed it.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from coproduce.core.email import email_on_commit
from coproduce.core.services import audit_record, audited_with_key, place_get
from coproduce.organisations.models import Service
from coproduce.people.models import Person
from coproduce.plans.models import Action, Plan
from coproduce.plans.services import PlanError, action_add, plan_create
from coproduce.stories.models import Response, Story

BODY_MAX = 5000


class ResponseError(ValueError):
    """Something that cannot be saved as given. `field` names the form field it is about, or is None."""

    def __init__(self, message: str, *, field: str | None = None) -> None:
        super().__init__(message)
        self.field = field


@dataclass(frozen=True)
class NewAction:
    """An action to add to the service's "Changes from stories" plan, as the plan form asks for one."""

    what: str
    owner_person: Person | None = None
    due_on: date | None = None
    how: str = ""


def changes_plan_title(service: Service) -> str:
    return _("Changes from stories — %(service)s") % {"service": service.name}


def _checked(*, body: str, change: str) -> str:
    body = body.strip()
    if not body:
        raise ResponseError(_("Write your response to the story."), field="body")
    if len(body) > BODY_MAX:
        raise ResponseError(
            _("Your response can be up to %(limit)s characters. It has %(count)s: please shorten it.")
            % {"limit": f"{BODY_MAX:,}", "count": f"{len(body):,}"},
            field="body",
        )
    if change not in Response.Change.values:
        raise ResponseError(_("Choose one of the answers listed."), field="change")
    return body


def action_belongs_to(action: Action, service: Service) -> bool:
    """An action of the service's organisation: in one of its plans, or given to it."""
    organisation_id = service.organisation_id
    return action.plan.organisation_id == organisation_id or action.owner_organisation_id == organisation_id


def _changes_plan(*, actor: Person, service: Service) -> Plan:
    """The organisation's plan for changes that come from stories about this service, made the first time. The
    service's row is locked first, so two people answering at once share one plan rather than making two."""
    Service.objects.select_for_update().filter(pk=service.pk).first()
    title = changes_plan_title(service)
    plan = (
        Plan.objects.filter(organisation_id=service.organisation_id, service=service, title=title)
        .order_by("pk")
        .first()
    )
    if plan is not None:
        return plan
    return plan_create(
        actor=actor,
        title=title,
        summary=_("What %(service)s is changing because of what people have said in their stories.")
        % {"service": service.name},
        organisation=service.organisation,
        service=service,
    )


def _linked_action(
    *,
    actor: Person,
    story: Story,
    service: Service,
    action: Action | None,
    new_action: NewAction | None,
    site_url: str,
) -> Action | None:
    if action is not None and new_action is not None:
        raise ResponseError(_("Choose an existing action or describe a new one, not both."), field="link")
    if action is not None:
        if not action_belongs_to(action, service):
            raise ResponseError(
                _("That action is not one of %(organisation)s’s. Choose one of theirs, or add a new one.")
                % {"organisation": service.organisation.name},
                field="action",
            )
        return action
    if new_action is None:
        return None
    try:
        return action_add(
            actor=actor,
            plan=_changes_plan(actor=actor, service=service),
            what=new_action.what,
            how=new_action.how,
            owner_person=new_action.owner_person,
            owner_organisation=service.organisation,
            due_on=new_action.due_on,
            source=story,
            site_url=site_url,
        )
    except PlanError as exc:
        # The plan's own fields have the same names as this form's new-action fields.
        raise ResponseError(str(exc), field=exc.field) from exc


def _tell_the_teller(*, response: Response, site_url: str) -> None:
    """Email the teller (and whoever gathered the story with them) that a service has answered. A teller without an
    account has no address here; their gatherer is told and can pass it on."""
    story = response.story
    people: dict[int, Person] = {}
    for person in (story.teller, story.gathered_by):
        if person is not None and person.is_active and person.closed_at is None and person.email:
            people[person.pk] = person
    if not people:
        return
    link = f"{site_url}{story.get_absolute_url()}"
    place = place_get()
    for person in people.values():
        email_on_commit(
            to=str(person.email),
            subject=_("%(service)s has answered the story “%(title)s”")
            % {"service": response.service.name, "title": story.title[:80]},
            template="stories/email/response_posted.txt",
            context={
                "person": person,
                "is_teller": person.pk == story.teller_id,
                "story": story,
                "response": response,
                "service": response.service,
                "link": link,
                "place": place,
            },
        )


def response_post(
    *,
    actor: Person,
    story: Story,
    service: Service,
    body: str,
    change: str = "",
    action: Action | None = None,
    new_action: NewAction | None = None,
    idempotency_key: str = "",
    site_url: str = "",
) -> Response:
    """Answer a published story for one of the services it names, optionally linking the change to an action. The
    teller and gatherer are emailed once it is saved."""
    body = _checked(body=body, change=change)
    with transaction.atomic():
        # Locking the story makes two answers for the same service at once queue, so the second finds the first.
        story = Story.objects.select_for_update().get(pk=story.pk)
        if story.status != Story.Status.PUBLISHED:
            raise ResponseError(_("This story is no longer published, so it cannot be answered."))
        if not story.services.filter(pk=service.pk).exists():
            raise ResponseError(_("This story does not name %(service)s.") % {"service": service.name}, field=None)
        existing = Response.objects.filter(story=story, service=service).first()
        if existing is not None:
            if idempotency_key and audited_with_key(
                action="stories.response_post", actor=actor, idempotency_key=idempotency_key
            ):
                return existing
            raise ResponseError(
                _("%(service)s has already answered this story. Change that response instead of adding another.")
                % {"service": service.name}
            )
        linked = _linked_action(
            actor=actor, story=story, service=service, action=action, new_action=new_action, site_url=site_url
        )
        response = Response.objects.create(
            story=story, service=service, author=actor, body=body, change=change, action=linked
        )
        detail: dict[str, Any] = {
            "story": story.pk,
            "service": service.pk,
            "change": change,
            "action": linked.pk if linked else None,
            "new_action": new_action is not None,
        }
        if idempotency_key:
            detail["key"] = idempotency_key
        audit_record(actor=actor, action="stories.response_post", target=response, detail=detail)
        _tell_the_teller(response=response, site_url=site_url)
    return response


def response_change(
    *,
    actor: Person,
    response: Response,
    body: str,
    change: str = "",
    action: Action | None = None,
    new_action: NewAction | None = None,
    site_url: str = "",
) -> Response:
    """Change a response's words, the change it reports, or its action. The words before are kept in the audit
    row. Changing nothing writes nothing; a response with an action keeps it unless another is chosen."""
    body = _checked(body=body, change=change)
    with transaction.atomic():
        response = (
            Response.objects.select_for_update(of=("self",))
            .select_related("story", "service__organisation")
            .get(pk=response.pk)
        )
        if response.story.status != Story.Status.PUBLISHED:
            raise ResponseError(_("This story is no longer published, so its responses cannot be changed."))
        linked = _linked_action(
            actor=actor,
            story=response.story,
            service=response.service,
            action=action,
            new_action=new_action,
            site_url=site_url,
        )
        wanted: dict[str, Any] = {"body": body, "change": change}
        if linked is not None:
            wanted["action_id"] = linked.pk
        changed = sorted(field for field, value in wanted.items() if getattr(response, field) != value)
        if not changed:
            return response
        before = {"body": response.body, "change": response.change, "action": response.action_id}
        for field in changed:
            setattr(response, field, wanted[field])
        response.edited_at = timezone.now()
        response.save()
        audit_record(
            actor=actor,
            action="stories.response_change",
            target=response,
            detail={"changed": [f.removesuffix("_id") for f in changed], "before": before},
        )
    return response
