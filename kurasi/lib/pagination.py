"""Pagination that stays fast on a province's registry.

Counting every match of a broad search over a million products costs more than showing the page
itself. Past the cap the count stops, the page says "more than 1.000", and people narrow the
search; the first cap / page-size pages stay reachable (KURASI_LIST_COUNT_CAP).
"""

from functools import cached_property

from django.conf import settings
from django.core.paginator import Paginator


class CappedPaginator(Paginator):
    def __init__(self, object_list, per_page, cap=None, **kwargs):
        super().__init__(object_list, per_page, **kwargs)
        self.cap = cap or settings.KURASI_LIST_COUNT_CAP

    @cached_property
    def count(self):
        if isinstance(self.object_list, list):  # already computed in memory (e.g. results)
            return len(self.object_list)
        # COUNT over "SELECT … LIMIT cap + 1": the database stops scanning at cap + 1 rows.
        return self.object_list.order_by()[: self.cap + 1].count()

    @property
    def is_capped(self):
        return self.count > self.cap

    @property
    def shown_count(self):
        return min(self.count, self.cap)
