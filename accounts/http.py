"""The request of a page that only a logged-in person reaches.

Django types `request.user` as `User | AnonymousUser`. Behind `@login_required` (and behind the
API's `IsAuthenticated`) it is always a `User`: such views take an `AuthenticatedRequest`, the
pattern django-stubs documents, so that they pass `request.user` to the domain functions, which
take a `User`, without a cast. Public pages keep `HttpRequest`. It lives in accounts, the lowest
app, so that the pages of every app (accounts and notifications too) can use it.
"""

from django.http import HttpRequest

from .models import User


class AuthenticatedRequest(HttpRequest):
    """Only for type annotations: Django still passes an `HttpRequest`."""

    user: User
