"""Factories are the test fixtures: each test makes exactly the rows it needs."""

from __future__ import annotations

import factory
from django.utils import timezone
from django.utils.text import slugify

from coproduce.organisations.models import Membership, Organisation, Role, Service
from coproduce.people.models import Person

PASSWORD = "correct horse battery staple"


class PersonFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Person
        skip_postgeneration_save = True

    preferred_name = factory.Faker("first_name")
    email = factory.Sequence(lambda n: f"person{n}@example.org")

    @factory.post_generation
    def password(self, create: bool, extracted: str | None, **kwargs: object) -> None:
        self.set_password(extracted or PASSWORD)
        if create:
            self.save(update_fields=["password"])


class OrganisationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Organisation

    name = factory.Sequence(lambda n: f"Organisation {n}")
    slug = factory.LazyAttribute(lambda o: slugify(o.name))
    kind = Organisation.Kind.CHARITY


class ServiceFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Service

    organisation = factory.SubFactory(OrganisationFactory)
    name = factory.Sequence(lambda n: f"Service {n}")
    slug = factory.LazyAttribute(lambda o: slugify(o.name))


class MembershipFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Membership

    person = factory.SubFactory(PersonFactory)
    organisation = factory.SubFactory(OrganisationFactory)
    role = Role.MEMBER


# Reflection rounds. The bundled frameworks are loaded by migrate, so tests pick one by its slug.
def bundled_framework(slug: str = "how-are-we-doing"):  # type: ignore[no-untyped-def]
    from coproduce.reflect.models import Framework

    return Framework.objects.filter(slug=slug, bundled=True).order_by("-loaded_at").first()


class ReflectionRoundFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "reflect.ReflectionRound"

    framework = factory.LazyFunction(bundled_framework)
    organisation = factory.SubFactory(OrganisationFactory)
    title = factory.Sequence(lambda n: f"Reflection round {n}")
    opened_by = factory.SubFactory(PersonFactory)


class ParticipantFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "reflect.Participant"

    round = factory.SubFactory(ReflectionRoundFactory)
    person = factory.SubFactory(PersonFactory)
    perspective = "staff"


class AnswerFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "reflect.Answer"

    participant = factory.SubFactory(ParticipantFactory)
    dimension = "rung"
    value = 1


class PlanFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "plans.Plan"

    title = factory.Sequence(lambda n: f"Plan {n}")
    created_by = factory.SubFactory(PersonFactory)


class ActionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "plans.Action"

    plan = factory.SubFactory(PlanFactory)
    what = factory.Sequence(lambda n: f"Action {n}")


# Stories. A published story that members can read, unless told otherwise.
class StoryFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "stories.Story"
        skip_postgeneration_save = True

    teller = factory.SubFactory(PersonFactory)
    title = factory.Sequence(lambda n: f"Story {n}")
    body = "It took three phone calls to get an answer, and then someone really listened."
    status = "published"
    reach = "members"
    published_at = factory.LazyFunction(timezone.now)

    @factory.post_generation
    def services(self, create: bool, extracted: list | None, **kwargs: object) -> None:  # type: ignore[type-arg]
        if create and extracted:
            self.services.set(extracted)
