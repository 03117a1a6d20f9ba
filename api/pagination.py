from rest_framework.pagination import PageNumberPagination


class Pagination(PageNumberPagination):
    """`?page=2&pageSize=50`: 25 per page by default, at most 100 (camelCase, as the NLGov API
    Design Rules ask of query parameters)."""

    page_size = 25
    page_size_query_param = "pageSize"
    max_page_size = 100
