"""Reads for the JSON API."""

from __future__ import annotations

from typing import Any

from django.db.models import F, QuerySet

from coproduce.timebank.models import Account, ApiToken, Entry


def account_visible(*, viewer: Any, account_id: int) -> Account | None:
    """The account, if `viewer` may see its statement on the pages; None when it does not exist or they may not, so
    the two cannot be told apart. The same rule as the statement page, so the API and the pages never disagree."""
    account = Account.objects.select_related("person", "organisation", "service").filter(pk=account_id).first()
    if account is None or not viewer.has_perm("timebank.view_statement", account):
        return None
    return account


def entries_for_account(account: Account) -> QuerySet[Entry]:
    """One account's side of each of its transfers, newest first (entry ids grow as entries are written, and the
    (account, id) index serves this order however long the ledger gets)."""
    return Entry.objects.filter(account=account).select_related("transfer__category").order_by("-id")


def api_tokens_for(person: Any) -> QuerySet[ApiToken]:
    """A person's keys, live ones first, newest first."""
    return ApiToken.objects.filter(person=person).order_by(F("revoked_at").desc(nulls_first=True), "-created_at")
