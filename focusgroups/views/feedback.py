"""The participants' feedback page: public, without an account, made for a phone.

Spam protection, in the order it is checked: a rate limit per link and address (in the cache,
the address only as a hash and only for the window), a honeypot field people never see, and a
minimum time between showing the form and sending it (a signed time stamp in the form). Where
the link says "one answer per device", a signed cookie remembers that this browser answered.
The signed stamp also carries a random mark (nonce) of the form as shown: the same form sent
twice (a double tap, or a second tap after the first answer's page was lost, so the cookie never
arrived) is stored once and answered with the thanks page. The mark is recorded with the answer
under a unique constraint, not in the cache: the database refuses the second one across
processes and restarts, in the same transaction that stores the answer. Nothing here stores
who answered.
"""

import hashlib
import secrets
import time

from django.conf import settings
from django.core import signing
from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_protect

from core.errors import ApplicationError
from core.forms import form_add_service_error
from core.htmx import redirect
from core.http import client_address
from focusgroups import forms, services

STARTED_SALT = "focusgroups.feedback.started"
DEVICE_SALT = "focusgroups.feedback.device"
# A form sent faster than this is a bot's; one shown longer ago than the maximum is stale.
MIN_FILL_SECONDS = getattr(settings, "FEEDBACK_MIN_FILL_SECONDS", 3)
MAX_FORM_AGE_SECONDS = 60 * 60 * 24
# Answers per link and address within the window (a workshop shares one Wi-Fi address).
RATE_LIMIT = getattr(settings, "FEEDBACK_RATE_LIMIT", 30)
RATE_WINDOW_SECONDS = 60 * 60
DEVICE_COOKIE_AGE = 60 * 60 * 24 * 365


def _device_cookie(link) -> str:
    return f"gw_feedback_{link.pk}"


def _answered_here(request, link) -> bool:
    if not link.one_per_device:
        return False
    value = request.get_signed_cookie(_device_cookie(link), default=None, salt=DEVICE_SALT)
    return value == link.token


def _client_key(request, link) -> str:
    address = client_address(request)
    digest = hashlib.sha256(f"{settings.SECRET_KEY}:{address}".encode()).hexdigest()[:32]
    return f"focusgroups:feedback-rate:{link.token}:{digest}"


def _rate_limited(request, link) -> bool:
    """Count this attempt; True once the address has used up its answers for the window."""
    key = _client_key(request, link)
    cache.add(key, 0, RATE_WINDOW_SECONDS)
    try:
        count = cache.incr(key)
    except ValueError:  # expired between add and incr
        cache.set(key, 1, RATE_WINDOW_SECONDS)
        count = 1
    return count > RATE_LIMIT


def _started_stamp() -> str:
    return signing.dumps(
        {"shown": time.time(), "nonce": secrets.token_urlsafe(16)}, salt=STARTED_SALT
    )


def _read_stamp(value: str) -> tuple[float, str | None] | None:
    """(When the form was shown, its nonce); None for a missing, forged or stale stamp. A stamp
    of a form shown before nonces existed is a bare time and has no nonce."""
    try:
        stamp = signing.loads(value, salt=STARTED_SALT, max_age=MAX_FORM_AGE_SECONDS)
        if isinstance(stamp, dict):
            return float(stamp["shown"]), str(stamp["nonce"])
        return float(stamp), None
    except (signing.BadSignature, KeyError, TypeError, ValueError):
        return None


def _seconds_since_shown(value: str) -> float | None:
    """How long ago the form was shown; None for a missing, forged or stale stamp."""
    stamp = _read_stamp(value)
    return None if stamp is None else time.time() - stamp[0]


def _too_fast_or_stale(value: str) -> bool:
    seconds = _seconds_since_shown(value)
    return seconds is None or seconds < MIN_FILL_SECONDS


def _thanks(request, link):
    """The thanks page; with "one answer per device" the browser remembers that it answered."""
    token = link.token
    response = redirect(request, reverse("focusgroups:feedback-thanks", args=[token]))
    if link.one_per_device:
        response.set_signed_cookie(
            _device_cookie(link),
            token,
            salt=DEVICE_SALT,
            max_age=DEVICE_COOKIE_AGE,
            path=reverse("focusgroups:feedback-form", args=[token]),
            secure=request.is_secure(),
            httponly=True,
            samesite="Lax",
        )
    return response


def _page(request, template, context, status=200):
    response = render(request, f"focusgroups/{template}", context, status=status)
    response["Cache-Control"] = "no-store"
    response["X-Robots-Tag"] = "noindex"
    return response


def _unusable(request, link):
    """Unknown links answer 404, closed ones 410, both with a friendly page."""
    if link is None:
        return _page(request, "feedback_closed.html", {"unknown": True}, status=404)
    return _page(request, "feedback_closed.html", {"link": link, "unknown": False}, status=410)


@csrf_protect
def feedback_form(request, token):
    link = services.feedback_link_get(token=token)
    if link is None or not services.feedback_link_usable(link):
        return _unusable(request, link)
    prototype = link.prototype
    context = {"link": link, "prototype": prototype}
    if _answered_here(request, link):
        return _page(
            request,
            "feedback_done.html",
            {**context, "already": True},
            status=409 if request.method == "POST" else 200,
        )
    if request.method != "POST":
        form = forms.FeedbackForm(initial={"started": _started_stamp()})
        return _page(request, "feedback_form.html", {**context, "form": form})

    if _rate_limited(request, link):
        return _page(request, "feedback_done.html", {**context, "limited": True}, status=429)
    form = forms.FeedbackForm(request.POST)
    if form.is_valid():
        if form.cleaned_data["website"]:
            # A bot filled the invisible field: answer as if all went well, store nothing.
            return redirect(request, reverse("focusgroups:feedback-thanks", args=[token]))
        if _too_fast_or_stale(form.cleaned_data["started"]):
            form.add_error(
                None,
                _(
                    "That was very fast. Please check your answers and send the form again. "
                    "(This protects the form against automated spam.)"
                ),
            )
        else:
            try:
                services.feedback_submit(
                    link=link,
                    rating=form.cleaned_data["rating"],
                    went_well=form.cleaned_data["went_well"],
                    to_change=form.cleaned_data["to_change"],
                    consent=form.cleaned_data["consent"],
                    form_nonce=_read_stamp(form.cleaned_data["started"])[1],
                )
            except ApplicationError as error:
                if error.code == "already_received":
                    # The same form again: the first answer counts, this one stores nothing.
                    return _thanks(request, link)
                return _unusable(request, link)
            except ValidationError as error:
                form_add_service_error(form, error)
            else:
                return _thanks(request, link)
    if _seconds_since_shown(form.data.get("started", "")) is None:
        # A fresh stamp, so that a corrected answer is not refused again as stale.
        form.data = form.data.copy()
        form.data["started"] = _started_stamp()
    return _page(request, "feedback_form.html", {**context, "form": form}, status=422)


def feedback_thanks(request, token):
    link = services.feedback_link_get(token=token)
    if link is None:
        return _unusable(request, link)
    return _page(request, "feedback_done.html", {"link": link, "prototype": link.prototype})
