"""The offers and requests board's pages: filters, putting something up, answering, closing, and who sees what."""

from __future__ import annotations

import pytest
from django.urls import reverse

from coproduce.organisations.models import Role
from coproduce.timebank.models import Exchange, Listing
from coproduce.timebank.services.accounts import account_for_organisation
from tests.factories import MembershipFactory, OrganisationFactory, PersonFactory
from tests.people.profiles_helpers import fill_everything, neighbourhood
from tests.timebank.exchanges_helpers import category, key, listing_for

pytestmark = pytest.mark.django_db


def _form(**overrides: object) -> dict[str, object]:
    data: dict[str, object] = {
        "idempotency_key": key(),
        "kind": "offer",
        "title": "Bike repairs",
        "description": "Saturday mornings.",
        "category": category("DIY and repairs").pk,
        "neighbourhood": "",
    }
    data.update(overrides)
    return data


@pytest.mark.parametrize(
    "url",
    [
        reverse("timebank:board"),
        reverse("timebank:listing-new"),
        reverse("timebank:exchanges"),
        reverse("timebank:pot"),
        reverse("timebank:broker"),
        reverse("timebank:group"),
    ],
)
def test_visitors_are_sent_to_sign_in(client, url):
    response = client.get(url)
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("accounts:sign-in"))


def test_a_visitor_is_sent_to_sign_in_from_a_listing(client, person):
    listing = listing_for(person)
    response = client.get(reverse("timebank:listing", args=[listing.pk]))
    assert response.status_code == 302 and reverse("accounts:sign-in") in response["Location"]


def test_the_timebank_is_in_the_header_for_people_signed_in(client, client_for, person):
    assert ">Timebank<" not in client.get("/").content.decode()
    assert ">Timebank<" in client_for(person).get("/").content.decode()


def test_the_board_says_who_what_and_where_and_links_only_to_shared_profiles(client_for, person):
    sharer = PersonFactory(preferred_name="Kwame")
    fill_everything(sharer)
    private = PersonFactory(preferred_name="Gloria")
    organisation = OrganisationFactory(name="Hollybank Garden")
    staff = MembershipFactory(organisation=organisation, role=Role.STAFF).person
    listing_for(sharer, kind="offer", title="Bike repairs", neighbourhood=neighbourhood("Fold Green"))
    listing_for(private, kind="request", title="Help with my hedge")
    listing_for(staff, account=account_for_organisation(organisation), kind="offer", title="Grow with us")

    page = client_for(person).get(reverse("timebank:board")).content.decode()

    assert "Bike repairs" in page and "Help with my hedge" in page and "Grow with us" in page
    assert f'href="{reverse("people:profile", args=[sharer.pk])}"' in page
    assert reverse("people:profile", args=[private.pk]) not in page and "Gloria" in page
    assert f'href="{reverse("organisations:detail", args=[organisation.slug])}"' in page
    assert "<dd>Fold Green</dd>" in page and "<dd>Gardening</dd>" in page
    assert "3 listings" in page


def test_the_board_filters_by_kind_category_and_neighbourhood(client_for, person):
    fold_green = neighbourhood("Fold Green")
    listing_for(person, kind="offer", title="Offer in Fold Green", neighbourhood=fold_green)
    listing_for(person, kind="request", title="Request in Fold Green", neighbourhood=fold_green)
    listing_for(person, kind="offer", title="Cooking offer", category_name="Cooking and food")
    client = client_for(person)

    offers = client.get(reverse("timebank:board"), {"kind": "offer"}).content.decode()
    assert "Offer in Fold Green" in offers and "Cooking offer" in offers and "Request in Fold Green" not in offers

    cooking = client.get(reverse("timebank:board"), {"category": category("Cooking and food").pk}).content.decode()
    assert "Cooking offer" in cooking and "Offer in Fold Green" not in cooking

    place = client.get(reverse("timebank:board"), {"neighbourhood": fold_green.pk, "kind": "request"}).content.decode()
    assert "Request in Fold Green" in place and "Offer in Fold Green" not in place


def test_an_unknown_filter_says_so_and_still_shows_the_board(client_for, person):
    listing_for(person, title="Still here")
    page = client_for(person).get(reverse("timebank:board"), {"category": "99999", "kind": "swap"}).content.decode()
    assert "We could not find that kind of help" in page
    assert "Choose offers, requests or both" in page
    assert "Still here" in page


def test_closed_listings_and_closed_accounts_are_not_on_the_board(client_for, person):
    gone = listing_for(person, title="Taken down")
    gone.is_open = False
    gone.save()
    page = client_for(person).get(reverse("timebank:board")).content.decode()
    assert "Taken down" not in page
    assert "The board is empty" in page


def test_offer_something_starts_the_form_as_an_offer(client_for, person):
    page = client_for(person).get(reverse("timebank:listing-new") + "?kind=offer").content.decode()
    assert 'value="offer" checked' in page
    assert 'name="idempotency_key"' in page
    # Someone with no organisation is not asked who it is from.
    assert "Who is it from?" not in page


def test_putting_something_up_shows_its_page(client_for, person):
    response = client_for(person).post(reverse("timebank:listing-new"), _form())
    listing = Listing.objects.get()
    assert response.status_code == 302 and response["Location"] == reverse("timebank:listing", args=[listing.pk])
    assert listing.kind == "offer" and listing.account.person == person


def test_the_same_post_twice_makes_one_listing(client_for, person):
    client = client_for(person)
    data = _form()
    client.post(reverse("timebank:listing-new"), data)
    client.post(reverse("timebank:listing-new"), data)
    assert Listing.objects.count() == 1


def test_bad_input_keeps_everything_typed_and_says_what_to_fix(client_for, person):
    data = _form(title="T" * 130, description="<script>alert('hi')</script>", kind="", category="")
    response = client_for(person).post(reverse("timebank:listing-new"), data)
    page = response.content.decode()
    assert response.status_code == 200
    assert "There is a problem" in page
    assert "The title can be up to 120 characters. It has 130: please shorten it." in page
    assert "Choose whether you are offering something or asking for something." in page
    assert "Choose the kind of help it is." in page
    assert "T" * 130 in page
    assert "&lt;script&gt;alert(&#x27;hi&#x27;)&lt;/script&gt;" in page and "<script>alert" not in page
    assert 'maxlength="120"' not in page
    assert not Listing.objects.exists()


def test_html_in_a_listing_is_shown_as_text(client_for, person):
    client = client_for(person)
    client.post(reverse("timebank:listing-new"), _form(title="<b>Bold</b> offer", description="<img src=x>"))
    listing = Listing.objects.get()
    page = client.get(reverse("timebank:listing", args=[listing.pk])).content.decode()
    assert "&lt;b&gt;Bold&lt;/b&gt; offer" in page and "&lt;img src=x&gt;" in page


def test_staff_can_list_for_their_organisation_and_others_cannot(client_for, person):
    organisation = OrganisationFactory(name="Shared Table")
    staff = MembershipFactory(organisation=organisation, role=Role.STAFF).person
    choice = f"organisation-{organisation.pk}"

    page = client_for(staff).get(reverse("timebank:listing-new")).content.decode()
    assert "Who is it from?" in page and "Shared Table" in page
    client_for(staff).post(reverse("timebank:listing-new"), _form(on_behalf_of=choice))
    assert Listing.objects.get().account.organisation == organisation

    # A volunteer is not asked who it is from: what they put up is their own, whatever the form says.
    volunteer = MembershipFactory(organisation=organisation, role=Role.VOLUNTEER).person
    client_for(volunteer).post(reverse("timebank:listing-new"), _form(on_behalf_of=choice))
    assert Listing.objects.filter(account=account_for_organisation(organisation)).count() == 1
    assert Listing.objects.filter(account__person=volunteer).count() == 1


def test_someone_not_at_the_organisation_cannot_list_for_it(client_for, person):
    organisation = OrganisationFactory()
    MembershipFactory(person=person, organisation=OrganisationFactory(), role=Role.STAFF)
    response = client_for(person).post(
        reverse("timebank:listing-new"), _form(on_behalf_of=f"organisation-{organisation.pk}")
    )
    assert response.status_code == 200
    assert "Choose who it is from" in response.content.decode()
    assert not Listing.objects.exists()


@pytest.mark.parametrize(("kind", "button"), [("request", "I can help"), ("offer", "I’d like this")])
def test_a_listing_page_offers_the_right_answer(client_for, person, kind, button):
    listing = listing_for(person, kind=kind)
    page = client_for(PersonFactory()).get(reverse("timebank:listing", args=[listing.pk])).content.decode()
    assert button in page
    assert "Take it off the board" not in page


def test_answering_proposes_an_exchange_once(client_for, person):
    listing = listing_for(person, kind="request")
    helper = PersonFactory()
    client = client_for(helper)
    data = {"idempotency_key": key(), "description": "Cutting the hedge"}
    first = client.post(reverse("timebank:listing-answer", args=[listing.pk]), data)
    second = client.post(reverse("timebank:listing-answer", args=[listing.pk]), data)
    exchange = Exchange.objects.get()
    assert first["Location"] == second["Location"] == reverse("timebank:exchange", args=[exchange.pk])
    assert exchange.giver.person == helper and exchange.receiver.person == person
    assert exchange.status == Exchange.Status.PROPOSED and exchange.description == "Cutting the hedge"


def test_an_over_long_answer_keeps_what_was_typed(client_for, person):
    listing = listing_for(person)
    response = client_for(PersonFactory()).post(
        reverse("timebank:listing-answer", args=[listing.pk]), {"idempotency_key": key(), "description": "w" * 301}
    )
    page = response.content.decode()
    assert response.status_code == 200 and "can be up to 300 characters" in page and "w" * 301 in page
    assert not Exchange.objects.exists()


def test_you_cannot_answer_your_own_listing(client_for, person):
    listing = listing_for(person)
    page = client_for(person).get(reverse("timebank:listing", args=[listing.pk])).content.decode()
    assert "I can help" not in page and "Take it off the board" in page
    response = client_for(person).post(
        reverse("timebank:listing-answer", args=[listing.pk]), {"idempotency_key": key(), "description": ""}
    )
    assert "This is your own listing" in response.content.decode()
    assert not Exchange.objects.exists()


def test_only_the_lister_can_take_it_down(client_for, person):
    listing = listing_for(person)
    assert client_for(PersonFactory()).post(reverse("timebank:listing-close", args=[listing.pk])).status_code == 403
    listing.refresh_from_db()
    assert listing.is_open
    response = client_for(person).post(reverse("timebank:listing-close", args=[listing.pk]))
    assert response.status_code == 302
    listing.refresh_from_db()
    assert not listing.is_open
    page = client_for(PersonFactory()).get(reverse("timebank:listing", args=[listing.pk])).content.decode()
    assert "taken off the board" in page and "I can help" not in page


def test_an_unknown_listing_is_not_found(client_for, person):
    assert client_for(person).get(reverse("timebank:listing", args=[999999])).status_code == 404


def _board_with(count: int) -> None:
    for n in range(count):
        someone = PersonFactory()
        if n % 2:
            fill_everything(someone)
        organisation = OrganisationFactory()
        listing_for(someone, title=f"Listing {n}", neighbourhood=neighbourhood(f"Place {n}"))
        staff = MembershipFactory(organisation=organisation, role=Role.STAFF).person
        listing_for(staff, account=account_for_organisation(organisation), kind="offer", title=f"Org listing {n}")


def test_the_board_does_not_ask_more_of_the_database_as_it_grows(client_for, person, django_assert_max_num_queries):
    client = client_for(person)
    _board_with(2)
    client.get(reverse("timebank:board"))
    with django_assert_max_num_queries(30) as few:
        client.get(reverse("timebank:board"))
    _board_with(10)
    with django_assert_max_num_queries(len(few.captured_queries)):
        page = client.get(reverse("timebank:board")).content.decode()
    assert "24 listings" in page


@pytest.mark.parametrize("bad_key", ["", "not-a-key", "x" * 200])
def test_a_missing_or_tampered_form_key_is_refused_plainly(client_for, person, bad_key):
    response = client_for(person).post(reverse("timebank:listing-new"), _form(idempotency_key=bad_key))
    page = response.content.decode()
    assert "This form was missing a hidden part" in page and 'value="Bike repairs"' in page
    assert not Listing.objects.exists()
