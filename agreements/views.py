"""Pages about agreements and the people who make them."""

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from .contacts import contacts_for_user


@login_required
def contact_book(request: HttpRequest) -> HttpResponse:
    """The people of every organisation the user collaborates with."""
    return render(
        request, "agreements/contact_book.html", {"organisations": contacts_for_user(request.user)}
    )
