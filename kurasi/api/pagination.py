"""Page-numbered lists with a capped page size and a capped count (like the pages' lists)."""

from django.conf import settings
from rest_framework.pagination import PageNumberPagination
from rest_framework.response import Response

from kurasi.lib.pagination import CappedPaginator

MAX_PAGE_SIZE = 100


class ApiPagination(PageNumberPagination):
    django_paginator_class = CappedPaginator
    page_size = 25
    page_size_query_param = "page_size"
    max_page_size = MAX_PAGE_SIZE

    def get_paginated_response(self, data):
        paginator = self.page.paginator
        return Response(
            {
                "count": paginator.shown_count,
                "count_is_capped": paginator.is_capped,
                "next": self.get_next_link(),
                "previous": self.get_previous_link(),
                "results": data,
            }
        )

    def get_paginated_response_schema(self, schema):
        return {
            "type": "object",
            "required": ["count", "count_is_capped", "next", "previous", "results"],
            "properties": {
                "count": {
                    "type": "integer",
                    "description": "Matches, counted up to KURASI_LIST_COUNT_CAP "
                    f"(default {settings.KURASI_LIST_COUNT_CAP}).",
                },
                "count_is_capped": {"type": "boolean"},
                "next": {"type": "string", "format": "uri", "nullable": True},
                "previous": {"type": "string", "format": "uri", "nullable": True},
                "results": schema,
            },
        }
