"""The offers and requests board: what people and organisations offer and need, and answering a listing."""

from __future__ import annotations

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from coproduce.core.email import site_url
from coproduce.core.permissions import check_perm, require_perm, signed_in_person
from coproduce.timebank.forms_board import AnswerForm, BoardFilterForm, ListingForm
from coproduce.timebank.models import Account, Listing
from coproduce.timebank.selectors.board import (
    acting_organisations,
    board_listings,
    listing_detail,
    people_sharing_profiles,
)
from coproduce.timebank.services.accounts import account_for_organisation, account_for_person
from coproduce.timebank.services.board import ListingError, listing_close, listing_create
from coproduce.timebank.services.exchanges import ExchangeError, account_acts_for, exchange_propose

LISTINGS_PER_PAGE = 25


def _sharing(listings: list[Listing]) -> frozenset[int]:
    return people_sharing_profiles(
        listing.account.person_id for listing in listings if listing.account.kind == Account.Kind.PERSON
    )


@require_perm("timebank.use")
def board(request: HttpRequest) -> HttpResponse:
    form = BoardFilterForm(request.GET or None)
    page = Paginator(board_listings(**form.filters()), LISTINGS_PER_PAGE).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "timebank/board_list.html",
        {
            "form": form,
            "page": page,
            "sharing": _sharing(list(page.object_list)),
            "query": query.urlencode(),
            "filtered": bool(form.is_bound and form.filters()),
        },
    )


@require_perm("timebank.use")
def listing_new(request: HttpRequest) -> HttpResponse:
    person = signed_in_person(request)
    organisations = acting_organisations(person)
    kind = request.GET.get("kind")
    initial = {"kind": kind} if kind in Listing.Kind.values else {}
    profile = getattr(person, "profile", None)
    if profile is not None and profile.neighbourhood_id:
        initial["neighbourhood"] = profile.neighbourhood_id
    form = ListingForm(request.POST or None, organisations=organisations, initial=initial)
    if request.method == "POST" and form.is_valid():
        organisation = form.organisation()
        account = account_for_organisation(organisation) if organisation else account_for_person(person)
        check_perm(request, "timebank.act_for_account", account)
        try:
            listing = listing_create(
                actor=person,
                account=account,
                kind=form.cleaned_data["kind"],
                title=form.cleaned_data["title"],
                description=form.cleaned_data["description"],
                category=form.cleaned_data["category"],
                neighbourhood=form.cleaned_data["neighbourhood"],
                idempotency_key=form.cleaned_data["idempotency_key"],
            )
        except ListingError as exc:
            form.add_error(None, str(exc))
        else:
            messages.success(request, _("It is on the board. We will tell you when someone answers."))
            return redirect("timebank:listing", listing_id=listing.pk)
    return render(request, "timebank/board_form.html", {"form": form})


def _listing(listing_id: int) -> Listing:
    try:
        return listing_detail(listing_id)
    except Listing.DoesNotExist as exc:
        raise Http404 from exc


def _listing_page(request: HttpRequest, listing: Listing, form: AnswerForm | None = None) -> HttpResponse:
    person = signed_in_person(request)
    is_own = account_acts_for(person, listing.account)
    if form is None and not is_own and listing.is_open:
        form = AnswerForm(organisations=acting_organisations(person), listing=listing)
    return render(
        request,
        "timebank/board_listing.html",
        {"listing": listing, "is_own": is_own, "form": form, "sharing": _sharing([listing])},
    )


@require_perm("timebank.use")
def listing_page(request: HttpRequest, listing_id: int) -> HttpResponse:
    return _listing_page(request, _listing(listing_id))


@require_POST
@require_perm("timebank.use")
def listing_answer(request: HttpRequest, listing_id: int) -> HttpResponse:
    person = signed_in_person(request)
    listing = _listing(listing_id)
    form = AnswerForm(request.POST, organisations=acting_organisations(person), listing=listing)
    if form.is_valid():
        organisation = form.organisation()
        account = account_for_organisation(organisation) if organisation else account_for_person(person)
        check_perm(request, "timebank.act_for_account", account)
        try:
            exchange = exchange_propose(
                actor=person,
                listing=listing,
                account=account,
                description=form.cleaned_data["description"],
                idempotency_key=form.cleaned_data["idempotency_key"],
                site_url=site_url(request),
            )
        except ExchangeError as exc:
            form.add_error(None, str(exc))
        else:
            messages.success(request, _("We have let them know. You will see here when they answer."))
            return redirect("timebank:exchange", exchange_id=exchange.pk)
    return _listing_page(request, listing, form)


@require_POST
@require_perm("timebank.use")
def listing_close_view(request: HttpRequest, listing_id: int) -> HttpResponse:
    listing = _listing(listing_id)
    check_perm(request, "timebank.act_for_account", listing.account)
    listing_close(actor=signed_in_person(request), listing=listing)
    messages.success(request, _("“%(title)s” is off the board.") % {"title": listing.title})
    return redirect("timebank:listing", listing_id=listing.pk)
