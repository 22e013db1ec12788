"""Failed logins per address: a slow-down, then a ceiling, but never a lock on every account.

Many people share one address (an office Wi-Fi on the curation day, a mobile carrier's NAT), so
an address is never locked the way an account is (axes locks per account). Instead, failed
password checks from an address are counted in a window of RATE_LIMITS["login_ip"]:

- up to KURASI_LOGIN_SLOW_AFTER failures: nothing changes;
- beyond that, each further attempt from the address must come a while after its last failure
  (KURASI_LOGIN_SLOW_FIRST seconds, doubling per failure, at most KURASI_LOGIN_SLOW_LONGEST);
- at the ceiling, attempts from the address wait for the window to end.

A held-back attempt is answered at once, never by sleeping in a worker: 429 with Retry-After and
the login page keeping the typed login, so the person only presses the button again. It checks
no password, so it is not counted. Successful logins and attempts refused because the account is
locked check no password either and are not counted: one person cannot push their office over.

Counters live in the shared "rates" cache. As with django-ratelimit, the database cache may lose
a count when two failures arrive at the same instant; Redis (REDIS_URL) is exact enough.
"""

import hashlib
import math
import re
import time
from functools import wraps

from django.conf import settings
from django.core.cache import caches
from django.shortcuts import render

from kurasi.lib.ratelimits import client_ip

from .forms import LoginForm

_UNITS = {"s": 1, "m": 60, "h": 3600, "d": 86400}
_RATE = re.compile(r"^\s*(\d+)\s*/\s*(\d*)\s*([smhd])\w*\s*$")


def parse_rate(rate: str) -> tuple[int, int]:
    """ "60/15m" → (60, 900): how many, in how many seconds."""
    match = _RATE.match(rate or "")
    if match is None:
        raise ValueError(f"Not a rate like '60/15m': {rate!r}")
    count, multiple, unit = match.groups()
    return int(count), int(multiple or 1) * _UNITS[unit]


def _cache():
    return caches["rates"]


def _key(address: str) -> str:
    return "kurasi-login-address:" + hashlib.sha256(address.encode()).hexdigest()


def _window(state, now):
    """The address's live counter, or None when there is none or its window has ended."""
    _ceiling, period = parse_rate(settings.RATE_LIMITS["login_ip"])
    if not state or now >= state["start"] + period:
        return None
    return state


def seconds_to_wait(address: str, now: float | None = None) -> int:
    """0 when the address may try now; otherwise whole seconds until it may."""
    now = time.time() if now is None else now
    state = _window(_cache().get(_key(address)), now)
    if state is None:
        return 0
    ceiling, period = parse_rate(settings.RATE_LIMITS["login_ip"])
    if state["count"] >= ceiling:
        return max(1, math.ceil(state["start"] + period - now))
    beyond = state["count"] - settings.KURASI_LOGIN_SLOW_AFTER
    if beyond < 0:
        return 0
    pause = min(
        settings.KURASI_LOGIN_SLOW_FIRST * 2 ** min(beyond, 30), settings.KURASI_LOGIN_SLOW_LONGEST
    )
    remaining = state["last"] + pause - now
    return max(1, math.ceil(remaining)) if remaining > 0 else 0


def record_failure(request) -> None:
    """Count one failed password check from the request's address (called by the backend)."""
    if request is None:
        return
    now = time.time()
    key = _key(client_ip(request))
    _ceiling, period = parse_rate(settings.RATE_LIMITS["login_ip"])
    state = _window(_cache().get(key), now) or {"start": now, "count": 0}
    state = {**state, "count": state["count"] + 1, "last": now}
    _cache().set(key, state, timeout=math.ceil(state["start"] + period - now) + 1)


def slowed_down(request, seconds: int):
    """The login page again, with what was typed (not the password) and when to try again."""
    typed = request.POST.get("username", "")[: LoginForm.base_fields["username"].max_length]
    context = {
        "form": LoginForm(request, initial={"username": typed}),
        "next": request.POST.get("next", ""),
        "wait_seconds": seconds,
        "wait_minutes": math.ceil(seconds / 60),
    }
    response = render(request, "accounts/login.html", context, status=429)
    response["Retry-After"] = str(seconds)
    return response


def guard_login(view):
    """`view` (the login page) with attempts from a failing address held back."""

    @wraps(view)
    def guarded(request, *args, **kwargs):
        if request.method == "POST":
            seconds = seconds_to_wait(client_ip(request))
            if seconds:
                return slowed_down(request, seconds)
        return view(request, *args, **kwargs)

    return guarded
