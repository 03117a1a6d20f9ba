"""The request of a page that only a logged-in person reaches.

Django types `request.user` as `User | AnonymousUser`. Behind `@login_required` (and behind the
API's `IsAuthenticated`) it is always a `User`: such views take an `AuthenticatedRequest`, the
pattern django-stubs documents, so that they pass `request.user` to the domain functions, which
take a `User`, without a cast. Public pages keep `HttpRequest`. It lives in accounts, the lowest
app, so that the pages of every app (accounts and notifications too) can use it.

Here too, for the same reason: a page of a long list (`page_of`) and a page that searches
(`render_search_page`, with templates/_search_page.html).
"""

from typing import Any

from django import forms
from django.core.paginator import Page, Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from .models import User

# The query parameter of the page number (templates/_pagination.html links with it).
PAGE = "pagina"


class AuthenticatedRequest(HttpRequest):
    """Only for type annotations: Django still passes an `HttpRequest`."""

    user: User


def page_of(request: HttpRequest, paginator: Paginator) -> Page:
    """The page of the list that the request asks for (the first, or the last, when it asks for
    none or for one that is not there)."""
    return paginator.get_page(request.GET.get(PAGE))


def render_search_page(
    request: HttpRequest, template: str, form: forms.Form, page: Page, **context: Any
) -> HttpResponse:
    """A page that searches: the form, a page of what it found, and the search (the request's
    parameters but the page number) for the links to the other pages."""
    query = request.GET.copy()
    query.pop(PAGE, None)
    return render(
        request, template, {"form": form, "page": page, "query": query.urlencode(), **context}
    )
