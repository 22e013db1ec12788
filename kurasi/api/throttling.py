"""Rate limits per token (or per signed-in user) over a cache shared by every app process.

The rate and the cache are looked up at request time (DRF's own throttles read them at import),
so settings changes and tests take effect without reloading modules.
"""

from django.conf import settings
from django.core.cache import caches
from rest_framework.throttling import SimpleRateThrottle

from .models import ApiToken


class ApiRateThrottle(SimpleRateThrottle):
    scope = "api"

    def __init__(self):
        # Deliberately not calling super().__init__: it reads the rate from DRF's import-time copy.
        self.rate = self.get_rate()
        self.num_requests, self.duration = self.parse_rate(self.rate)

    @property
    def cache(self):
        return caches[settings.KURASI_API_RATE_CACHE]

    def get_rate(self):
        return settings.KURASI_API_RATE

    def get_cache_key(self, request, view):
        if isinstance(request.auth, ApiToken):
            ident = f"token-{request.auth.pk}"
        elif request.user and request.user.is_authenticated:
            ident = f"user-{request.user.pk}"
        else:
            ident = f"ip-{self.get_ident(request)}"
        return f"kurasi-api-rate:{ident}"
