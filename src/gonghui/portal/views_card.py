"""The e-member card (/m/card/), its QR code renewed while shown, its photo, and the public check."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods

from gonghui.core.downloads import file_response
from gonghui.core.forms import errors_to_form
from gonghui.portal.auth import member_view
from gonghui.portal.card import REFRESH_SECONDS, TOKEN_LIFETIME, card_token, check_token, qr_svg
from gonghui.portal.forms import CardPhotoForm
from gonghui.portal.services import remove_card_photo, set_card_photo


def _qr_context(request: HttpRequest) -> dict[str, object]:
    token = card_token(member=request.member, account=request.member_account)  # type: ignore[attr-defined]
    url = request.build_absolute_uri(reverse("portal:card-verify", args=[token]))
    return {
        "qr": qr_svg(url),
        "verify_url": url,
        "valid_until": timezone.localtime() + TOKEN_LIFETIME,
        "refresh_seconds": REFRESH_SECONDS,
    }


def _photo_key(account: object) -> str:
    name = getattr(account, "card_photo", None)
    return name.name.rsplit("/", 1)[-1] if name else ""


@member_view
@never_cache
@require_http_methods(["GET", "POST"])
def card(request: HttpRequest) -> HttpResponse:
    """The member's own card; a POST uploads or removes the photo on it."""
    account = request.member_account  # type: ignore[attr-defined]
    form = CardPhotoForm()
    if request.method == "POST":
        if "remove" in request.POST:
            remove_card_photo(account=account)
            return redirect("portal:card")
        form = CardPhotoForm(request.POST, request.FILES)
        if form.is_valid():
            try:
                set_card_photo(account=account, upload=form.cleaned_data["photo"])
            except ValidationError as exc:
                errors_to_form(form, exc)
            else:
                return redirect("portal:card")
    context = {
        "member": request.member,  # type: ignore[attr-defined]
        "photo_key": _photo_key(account),
        "form": form,
        **_qr_context(request),
    }
    return render(request, "portal/card.html", context, status=400 if form.errors else 200)


@member_view
@never_cache
@require_GET
def card_qr(request: HttpRequest) -> HttpResponse:
    """The card's QR code, fresh (the card page polls it)."""
    return render(request, "portal/_card_qr.html", _qr_context(request))


@member_view
@require_GET
def card_photo(request: HttpRequest, key: str) -> HttpResponse:
    """The signed-in member's own card photo; any other key (another account's photo) is a 404."""
    account = request.member_account  # type: ignore[attr-defined]
    if not key or key != _photo_key(account):
        raise Http404
    try:
        handle = account.card_photo.open("rb")
    except OSError as exc:
        raise Http404 from exc
    response = file_response(handle, filename=key, content_type=account.card_photo_type or "image/jpeg")
    response["Cache-Control"] = "private, max-age=86400"
    return response


@never_cache
@require_GET
def card_verify(request: HttpRequest, token: str) -> HttpResponse:
    """Public: whoever scans a card learns valid (masked name, union), expired or not valid."""
    response = render(request, "portal/card_verify.html", {"check": check_token(token)})
    response["X-Robots-Tag"] = "noindex, nofollow"
    response["Referrer-Policy"] = "no-referrer"
    return response
