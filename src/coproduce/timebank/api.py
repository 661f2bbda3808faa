"""The timebank's JSON API, version 1: balances and transfers for programs that act for a person.

Views stay thin: they check the same rules as the pages (request.user.has_perm), call the same services, and turn
what those say into JSON. Every error is {"message": ..., "code": ...}, plus "errors" by field for bad input.
"""

from __future__ import annotations

from typing import Any

from django.http import Http404, HttpRequest, JsonResponse
from django.urls import Resolver404, resolve
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiExample, OpenApiParameter, OpenApiResponse, extend_schema
from rest_framework import exceptions, serializers, status
from rest_framework.generics import GenericAPIView
from rest_framework.pagination import PageNumberPagination
from rest_framework.permissions import BasePermission
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView, exception_handler

from coproduce.people.models import Person
from coproduce.timebank.models import Account, Category, Entry, Transfer
from coproduce.timebank.selectors.api import account_visible, entries_for_account
from coproduce.timebank.services.accounts import account_for_person
from coproduce.timebank.services.api_transfers import CLIENT_KEY_MAX, client_key_valid, help_received_record
from coproduce.timebank.services.ledger import (
    MAX_MINUTES_PER_LEG,
    BalanceLimitError,
    IdempotencyConflictError,
    LedgerError,
    account_limit,
    minutes_as_text,
    timebank_settings,
)

IDEMPOTENCY_HEADER = "Idempotency-Key"


# --- errors ------------------------------------------------------------------------------------------------------


class ApiError(exceptions.APIException):
    """An error the API answers with a chosen status, message and code."""

    def __init__(self, message: str, *, status_code: int, code: str) -> None:
        super().__init__(detail=message, code=code)
        self.status_code = status_code


def api_exception_handler(exc: Exception, context: dict[str, Any]) -> Response | None:
    """DRF's handler, reshaped so every error reads the same way and says in plain words what went wrong."""
    if isinstance(exc, Http404):
        exc = exceptions.NotFound(_("There is nothing here, or it is not yours to see."))
    response = exception_handler(exc, context)
    if response is None:
        return None
    if isinstance(exc, exceptions.ValidationError):
        errors = response.data if isinstance(response.data, dict) else {"non_field_errors": response.data}
        response.data = {
            "message": _("Some of what was sent needs fixing; see the errors for each field."),
            "code": "invalid",
            "errors": errors,
        }
    elif isinstance(exc, exceptions.APIException):
        detail = exc.detail
        response.data = {"message": str(detail), "code": getattr(detail, "code", exc.default_code)}
    return response


def api_not_found(request: HttpRequest, path: str = "") -> JsonResponse:
    """Any address under /api/v1/ that is not an endpoint answers in JSON too, not with an HTML page."""
    message = _("There is no such address in the API. The list of what there is: /api/v1/docs/")
    if not request.path.endswith("/"):
        try:
            slashed = resolve(request.path + "/")
        except Resolver404:
            slashed = None
        # This catch-all stands in for Django's redirect to the address with a slash, so say it in words instead.
        if slashed is not None and slashed.func is not api_not_found:
            message = _("Every address in the API ends with a slash: %(path)s") % {"path": request.path + "/"}
    return JsonResponse({"message": message, "code": "not_found"}, status=404)


class ErrorSerializer(serializers.Serializer):
    message = serializers.CharField(help_text=gettext_lazy("What went wrong, in plain words, to show to a person."))
    code = serializers.CharField(help_text=gettext_lazy("A short, stable word for programs to check."))


class ValidationErrorSerializer(ErrorSerializer):
    errors = serializers.DictField(
        child=serializers.ListField(child=serializers.CharField()),
        help_text=gettext_lazy("For each field that needs fixing, what to fix."),
    )


def _error(description: str, message: str, code: str) -> OpenApiResponse:
    return OpenApiResponse(
        response=ErrorSerializer,
        description=description,
        examples=[OpenApiExample(code, value={"message": message, "code": code})],
    )


NOT_SIGNED_IN = _error(
    "No key, a wrong key, or a revoked key.",
    "That key is not valid, or it has been revoked.",
    "authentication_failed",
)
NOT_FOUND = _error(
    "The account does not exist, or it is not yours to see (the two look the same, on purpose).",
    "There is nothing here, or it is not yours to see.",
    "not_found",
)


# --- permissions -------------------------------------------------------------------------------------------------


class MayUseTimebank(BasePermission):
    """The rule the timebank's pages use, asked of the person the key belongs to."""

    message = gettext_lazy("You may not use the timebank.")

    def has_permission(self, request: Request, view: APIView) -> bool:
        if not request.user or not request.user.is_authenticated:
            # 401 with a hint, rather than DRF's generic wording.
            raise exceptions.NotAuthenticated(_('Send your key as "Authorization: Token <your key>".'))
        return bool(request.user.has_perm("timebank.use"))


class TimebankApiView(GenericAPIView):
    permission_classes = [MayUseTimebank]

    def get_exception_handler(self) -> Any:
        return api_exception_handler


# --- balances ----------------------------------------------------------------------------------------------------


class BalanceSerializer(serializers.Serializer):
    account = serializers.IntegerField(help_text=gettext_lazy("The account’s id."))
    kind = serializers.ChoiceField(choices=Account.Kind.choices, help_text=gettext_lazy("Whose account it is."))
    name = serializers.CharField(help_text=gettext_lazy("The account’s name as the pages show it."))
    balance_minutes = serializers.IntegerField(
        help_text=gettext_lazy("Hours earned minus hours spent, in whole minutes. Below zero is allowed, to a limit.")
    )
    balance_text = serializers.CharField(help_text=gettext_lazy('The balance as people read it, such as "2h 30m".'))
    lowest_allowed_minutes = serializers.IntegerField(
        help_text=gettext_lazy("How low the balance may go without a facilitator’s approval, in minutes.")
    )


def _balance(account: Account) -> dict[str, Any]:
    return {
        "account": account.pk,
        "kind": account.kind,
        "name": str(account),
        "balance_minutes": account.balance_minutes,
        "balance_text": minutes_as_text(account.balance_minutes),
        "lowest_allowed_minutes": account_limit(account, timebank_settings().min_balance_minutes),
    }


BALANCE_EXAMPLE = OpenApiExample(
    "Rosa’s balance",
    value={
        "account": 12,
        "kind": "person",
        "name": "Rosa",
        "balance_minutes": 150,
        "balance_text": "2h 30m",
        "lowest_allowed_minutes": -600,
    },
    response_only=True,
)


class MyBalanceView(TimebankApiView):
    @extend_schema(
        operation_id="balance_mine",
        summary="Your balance",
        description=(
            "The balance of the account that belongs to the person whose key is used: in minutes, as text, "
            "and how low it may go."
        ),
        responses={200: OpenApiResponse(BalanceSerializer, description="Your balance."), 401: NOT_SIGNED_IN},
        examples=[BALANCE_EXAMPLE],
        tags=["Balances"],
    )
    def get(self, request: Request) -> Response:
        return Response(_balance(account_for_person(request.user)))


class AccountBalanceView(TimebankApiView):
    @extend_schema(
        operation_id="balance_of_account",
        summary="An account’s balance",
        description=(
            "The balance of one account you may see: your own; an organisation’s or one of its services’ if you "
            "are its staff, admin or facilitator; and the community pot, which everyone may see. Any other "
            "account answers 404, the same as one that does not exist."
        ),
        parameters=[OpenApiParameter("account_id", OpenApiTypes.INT, OpenApiParameter.PATH, description="The id.")],
        responses={
            200: OpenApiResponse(BalanceSerializer, description="The account’s balance."),
            401: NOT_SIGNED_IN,
            404: NOT_FOUND,
        },
        examples=[BALANCE_EXAMPLE],
        tags=["Balances"],
    )
    def get(self, request: Request, account_id: int) -> Response:
        account = account_visible(viewer=request.user, account_id=account_id)
        if account is None:
            raise Http404
        return Response(_balance(account))


# --- transfers ---------------------------------------------------------------------------------------------------


class EntrySideSerializer(serializers.Serializer):
    account = serializers.IntegerField(source="account_id", help_text=gettext_lazy("Your account’s id."))
    minutes = serializers.IntegerField(
        help_text=gettext_lazy("Above zero: time you gave (hours earned). Below zero: time you received (spent).")
    )
    minutes_text = serializers.SerializerMethodField(help_text=gettext_lazy('The same, as people read it: "−1h 30m".'))

    def get_minutes_text(self, entry: Entry) -> str:
        return minutes_as_text(entry.minutes)


class CategorySerializer(serializers.Serializer):
    id = serializers.IntegerField()
    name = serializers.CharField()


class TransferSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    kind = serializers.ChoiceField(choices=Transfer.Kind.choices, help_text=gettext_lazy("What sort of transfer."))
    description = serializers.CharField(help_text=gettext_lazy("What the time was for."))
    category = CategorySerializer(allow_null=True)
    occurred_on = serializers.DateField(help_text=gettext_lazy("The day the help happened."))
    created_at = serializers.DateTimeField(help_text=gettext_lazy("When it was recorded."))
    reverses = serializers.IntegerField(
        source="reverses_id",
        allow_null=True,
        help_text=gettext_lazy("For a correction: the transfer it puts right."),
    )
    entries = EntrySideSerializer(
        many=True,
        source="mine",
        help_text=gettext_lazy("Your side of the transfer. Other people’s sides are theirs to see."),
    )


class HelpReceivedSerializer(serializers.Serializer):
    to_person = serializers.IntegerField(
        help_text=gettext_lazy("The id of the person who helped you. They receive the hours."),
    )
    minutes = serializers.IntegerField(
        min_value=1,
        max_value=MAX_MINUTES_PER_LEG,
        help_text=gettext_lazy("How long they helped you for, in whole minutes (90 for an hour and a half)."),
        error_messages={
            "min_value": gettext_lazy("Enter a time of at least 1 minute."),
            "max_value": gettext_lazy("That is more than a week of time in one go. Check it, or split it up."),
            "invalid": gettext_lazy("Enter the time as a whole number of minutes, such as 90."),
        },
    )
    description = serializers.CharField(
        max_length=300,
        help_text=gettext_lazy("What they helped with, in a few words. Both of you see it on your statements."),
        error_messages={
            "blank": gettext_lazy("Say what the help was."),
            "max_length": gettext_lazy("Keep the description to 300 characters or fewer."),
        },
    )
    category = serializers.PrimaryKeyRelatedField(
        queryset=Category.objects.all(),
        required=False,
        allow_null=True,
        help_text=gettext_lazy("Optional: the id of a category, such as Gardening."),
        error_messages={"does_not_exist": gettext_lazy("There is no category with that id.")},
    )
    occurred_on = serializers.DateField(
        required=False,
        help_text=gettext_lazy("Optional: the day it happened, as YYYY-MM-DD. Today if left out."),
        error_messages={"invalid": gettext_lazy("Enter the date as YYYY-MM-DD, such as 2026-03-14.")},
    )

    def validate_to_person(self, value: int) -> Person:
        person = Person.objects.filter(pk=value, is_active=True).first()
        if person is None:
            raise serializers.ValidationError(_("There is no one with that id who can receive hours."))
        if person.pk == self.context["request"].user.pk:
            raise serializers.ValidationError(_("You cannot give time to yourself."))
        return person

    def validate_occurred_on(self, value: Any) -> Any:
        if value > timezone.localdate():
            raise serializers.ValidationError(_("The day it happened cannot be in the future."))
        return value


class TransferPagination(PageNumberPagination):
    page_size = 25
    page_size_query_param = "page_size"
    max_page_size = 100


IDEMPOTENCY_PARAMETER = OpenApiParameter(
    IDEMPOTENCY_HEADER,
    OpenApiTypes.STR,
    OpenApiParameter.HEADER,
    required=True,
    description=(
        f"Required. A key you make up for this one piece of help, such as a UUID (1 to {CLIENT_KEY_MAX} visible "
        "characters, no spaces). Send the same key again if you are not sure the first try arrived: the time is "
        "counted once, and you get the same transfer back with 200. The same key with different details is "
        "refused with 409."
    ),
)

TRANSFER_EXAMPLE = {
    "id": 4812,
    "kind": "direct",
    "description": "Helped me fill in the blue badge form",
    "category": {"id": 1, "name": "Admin and paperwork"},
    "occurred_on": "2026-03-14",
    "created_at": "2026-03-14T15:02:11Z",
    "reverses": None,
    "entries": [{"account": 12, "minutes": -90, "minutes_text": "−1h 30m"}],
}


def _with_my_side(transfer: Transfer, account: Account) -> Transfer:
    transfer.mine = list(transfer.entries.filter(account=account))  # type: ignore[attr-defined]
    return transfer


class TransfersView(TimebankApiView):
    pagination_class = TransferPagination
    serializer_class = HelpReceivedSerializer

    @extend_schema(
        operation_id="transfers_list",
        summary="Your transfers",
        description=(
            "Every transfer that touched your account, newest first, 25 to a page (ask for up to 100 with "
            "page_size). Each shows only your side: minutes above zero are time you gave, below zero time you "
            "received."
        ),
        parameters=[
            OpenApiParameter("page", OpenApiTypes.INT, description="Which page, from 1."),
            OpenApiParameter("page_size", OpenApiTypes.INT, description="How many to a page, up to 100."),
        ],
        responses={
            200: OpenApiResponse(TransferSerializer(many=True), description="One page of your transfers."),
            401: NOT_SIGNED_IN,
        },
        examples=[
            OpenApiExample(
                "A page of transfers",
                value=TRANSFER_EXAMPLE,
                response_only=True,
            )
        ],
        tags=["Transfers"],
    )
    def get(self, request: Request) -> Response:
        account = account_for_person(request.user)
        page = self.paginate_queryset(entries_for_account(account))
        transfers = []
        for entry in page:
            transfer = entry.transfer
            transfer.mine = [entry]  # one entry per account per transfer: the ledger refuses two
            transfers.append(transfer)
        return self.get_paginated_response(TransferSerializer(transfers, many=True).data)

    @extend_schema(
        operation_id="transfers_help_received",
        summary="Record help you received",
        description=(
            "Say that someone helped you, and for how long: the time moves from your account to theirs, an hour "
            "for an hour whatever the help was.\n\n"
            "Why this direction: through the API you can only thank someone else with your own hours. You can "
            "never add hours to your own balance, because that needs the person you helped to say so (or a time "
            "broker or facilitator, through the pages). So a lost or misused key can spend its owner’s hours, "
            "within their limit, but it can never create hours out of nothing.\n\n"
            "Your balance may not go below your limit (see lowest_allowed_minutes on your balance): if it "
            "would, the answer is 422 and nothing is recorded. Ask a facilitator, who can approve it on the pages."
        ),
        parameters=[IDEMPOTENCY_PARAMETER],
        request=HelpReceivedSerializer,
        responses={
            201: OpenApiResponse(TransferSerializer, description="Recorded."),
            200: OpenApiResponse(
                TransferSerializer, description="Already recorded with this Idempotency-Key; here it is again."
            ),
            400: OpenApiResponse(
                ValidationErrorSerializer,
                description="Something in the request needs fixing, or the Idempotency-Key header is missing.",
                examples=[
                    OpenApiExample(
                        "Bad input",
                        value={
                            "message": "Some of what was sent needs fixing; see the errors for each field.",
                            "code": "invalid",
                            "errors": {"minutes": ["Enter a time of at least 1 minute."]},
                        },
                    )
                ],
            ),
            401: NOT_SIGNED_IN,
            409: _error(
                "This Idempotency-Key was used before for something different.",
                "This Idempotency-Key was already used for a different transfer. Use a new key for new time.",
                "idempotency_conflict",
            ),
            422: _error(
                "The ledger refused it: your balance would go below your limit, or an account is closed.",
                "This would take Rosa below −10h. A facilitator needs to approve it.",
                "balance_limit",
            ),
        },
        examples=[
            OpenApiExample(
                "Help with a form",
                value={
                    "to_person": 31,
                    "minutes": 90,
                    "description": "Helped me fill in the blue badge form",
                    "category": 1,
                    "occurred_on": "2026-03-14",
                },
                request_only=True,
            ),
            OpenApiExample("The transfer", value=TRANSFER_EXAMPLE, response_only=True, status_codes=["201", "200"]),
        ],
        tags=["Transfers"],
    )
    def post(self, request: Request) -> Response:
        client_key = request.headers.get(IDEMPOTENCY_HEADER, "").strip()
        if not client_key:
            raise ApiError(
                _(
                    "Send an Idempotency-Key header with a key you make up for this piece of help, such as a "
                    "UUID. If you send the request again with the same key, the time is only counted once."
                ),
                status_code=status.HTTP_400_BAD_REQUEST,
                code="idempotency_key_missing",
            )
        if not client_key_valid(client_key):
            raise ApiError(
                _("The Idempotency-Key must be 1 to %(n)s visible characters with no spaces, such as a UUID.")
                % {"n": CLIENT_KEY_MAX},
                status_code=status.HTTP_400_BAD_REQUEST,
                code="idempotency_key_invalid",
            )
        form = HelpReceivedSerializer(data=request.data, context={"request": request})
        form.is_valid(raise_exception=True)
        data = form.validated_data
        try:
            recorded = help_received_record(
                receiver=request.user,
                helper=data["to_person"],
                minutes=data["minutes"],
                description=data["description"],
                category=data.get("category"),
                occurred_on=data.get("occurred_on"),
                client_key=client_key,
            )
        except IdempotencyConflictError as exc:
            raise ApiError(str(exc), status_code=status.HTTP_409_CONFLICT, code="idempotency_conflict") from exc
        except BalanceLimitError as exc:
            raise ApiError(str(exc), status_code=422, code="balance_limit") from exc
        except LedgerError as exc:
            raise ApiError(str(exc), status_code=422, code="refused") from exc
        body = TransferSerializer(_with_my_side(recorded.transfer, recorded.account)).data
        return Response(body, status=status.HTTP_201_CREATED if recorded.created else status.HTTP_200_OK)
