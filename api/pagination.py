from django.core.paginator import InvalidPage
from django.utils.translation import gettext as _
from rest_framework.exceptions import NotFound, ValidationError
from rest_framework.pagination import PageNumberPagination

from agreements.registry.paging import RecentFirstPaginator


def _whole_number(request, name: str, low: int, high: int | None, message: str) -> int | None:
    """The query parameter `name` as a whole number from `low` to `high`; absent is None,
    anything else invalid input (400, /core/error-handling/invalid-input)."""
    value = request.query_params.get(name)
    if value is None:
        return None
    if not value.isdecimal() or int(value) < low or (high is not None and int(value) > high):
        raise ValidationError({name: [message]}, code="invalid")
    return int(value)


class Pagination(PageNumberPagination):
    """`?page=2&pageSize=50`: 25 per page by default, at most 100 (camelCase, as the NLGov API
    Design Rules ask of query parameters). A page or size that is no whole number in range is
    400; a page past the last is 404. The registry's few are sorted, not walked (its paging)."""

    django_paginator_class = RecentFirstPaginator

    page_size = 25
    page_size_query_param = "pageSize"
    max_page_size = 100
    page_query_description = "Het nummer van de pagina, vanaf 1."
    page_size_query_description = "Het aantal per pagina, 1 tot en met 100 (standaard 25)."

    def get_page_size(self, request) -> int:
        size = _whole_number(
            request,
            self.page_size_query_param,
            1,
            self.max_page_size,
            _("Geef een aantal per pagina van 1 tot en met %(most)d.")
            % {"most": self.max_page_size},
        )
        return size or self.page_size

    def paginate_queryset(self, queryset, request, view=None):
        self.request = request
        number = _whole_number(
            request, self.page_query_param, 1, None, _("Geef een paginanummer vanaf 1.")
        )
        paginator = self.django_paginator_class(queryset, self.get_page_size(request))
        try:
            self.page = paginator.page(number or 1)
        except InvalidPage:
            raise NotFound(
                _("Pagina %(number)d bestaat niet; de laatste is %(last)d.")
                % {"number": number, "last": paginator.num_pages}
            ) from None
        return list(self.page)

    def get_schema_operation_parameters(self, view):
        parameters = super().get_schema_operation_parameters(view)
        for parameter in parameters:
            parameter["schema"]["minimum"] = 1
            if parameter["name"] == self.page_size_query_param:
                parameter["schema"]["maximum"] = self.max_page_size
        return parameters
