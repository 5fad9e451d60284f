from rest_framework import pagination


class PageNumberPagination(pagination.PageNumberPagination):
    """`?page=` and `?page_size=` (at most 200); the answer says how many there are in all."""

    page_size_query_param = "page_size"
    max_page_size = 200
