"""Finding and reading agreements: the start page, the contact book, the registry, the
agreement page (one query, cached fragments), the briefing and the overview.
"""

from functools import cache as cache_once
from typing import TYPE_CHECKING, Any, TypedDict
from uuid import UUID

from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.core.cache import cache
from django.db import connections
from django.db.models import OuterRef, QuerySet
from django.http import HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.functional import cached_property
from django.utils.translation import get_language

from accounts.http import PAGE, AuthenticatedRequest, page_of, render_search_page
from accounts.models import Role, User
from agreements.document.build import build_document, load_agreement
from agreements.document.completeness import check_document, is_complete
from agreements.document.diagrams.structure import Structure, structure
from agreements.document.presentation import readable
from agreements.lib.precompiled import STAND_IN_ID, STAND_IN_UUID, Precompiled
from agreements.models import Agreement
from agreements.permissions import (
    editable_by,
    get_agreement_for_user,
    get_precompiled_agreement_for_user,
    recordable_by,
    visible_agreement,
    visible_agreements,
)
from agreements.printing.briefing import briefing_for
from agreements.printing.forms import BriefingDayForm
from agreements.records.reminders import due_soon
from agreements.registry.contacts import contacts_for_user
from agreements.registry.forms import RegistryFilterForm
from agreements.registry.highlights import highlights, suggestion
from agreements.registry.overview import registry_overview
from agreements.registry.paging import RecentFirstPaginator
from agreements.registry.results import SearchResults, count_up_to
from agreements.registry.rows import ROW_FIELDS, registry_rows
from agreements.registry.search import find_agreements
from agreements.registry.search_sqlite import LIMITATIONS
from agreements.versions import signing
from agreements.versions.status import STATUS_FIELDS, status_of

if TYPE_CHECKING:
    from django_stubs_ext import WithAnnotations

HOME_DUE_LIMIT = 10


@login_required
def home(request: AuthenticatedRequest) -> HttpResponse:
    """The start page: the user's organisations and what comes due for their agreements."""
    memberships = list(request.user.memberships.select_related("organisation"))
    today = timezone.localdate()
    return render(
        request,
        "agreements/home.html",
        {
            "memberships": memberships,
            # Only opstellers start an agreement (drafting_organisations); no link for others.
            "may_draft": any(m.role == Role.OPSTELLER for m in memberships),
            # In SQL and capped: the start page of a busy province's reader stays fast.
            "due": due_soon(visible_agreements(request.user), today=today, limit=HOME_DUE_LIMIT),
            "today": today,  # a due item before it has passed
        },
    )


@login_required
def contact_book(request: AuthenticatedRequest) -> HttpResponse:
    """The people of every organisation the user collaborates with."""
    return render(
        request, "agreements/contact_book.html", {"organisations": contacts_for_user(request.user)}
    )


REGISTRY_PAGE_SIZE = 25


class CappedPaginator(RecentFirstPaginator):
    """Counts matches only up to REGISTRY_COUNT_CAP, and sorts those within it (paging.py).

    Counting every hit of a broad search costs more than the page itself at 10,000
    agreements; nobody pages through a thousand results.
    """

    def __init__(self, results: "QuerySet[Agreement] | SearchResults", per_page: int) -> None:
        # Django pages any sliceable object with a count() (docs: Paginator.object_list), as
        # SearchResults is; django-stubs' protocol also demands len() and indexing by number.
        super().__init__(results, per_page)  # type: ignore[arg-type]
        self.results = results
        self.few = REGISTRY_COUNT_CAP

    @cached_property
    def count(self) -> int:
        return count_up_to(self.results, REGISTRY_COUNT_CAP + 1)

    @property
    def capped(self) -> bool:
        return self.count > REGISTRY_COUNT_CAP


REGISTRY_COUNT_CAP = 1000


@login_required
def agreement_list(request: AuthenticatedRequest) -> HttpResponse:
    """The registry: the agreements the user may see, searched, filtered, sorted and paged."""
    form = RegistryFilterForm(request.GET)
    form.is_valid()  # errors show on their fields; the valid filters still apply
    filters = form.filters()
    agreements = find_agreements(
        request.user, today=timezone.localdate(), with_parties=False, **filters
    ).only(*ROW_FIELDS)
    paginator = CappedPaginator(agreements, REGISTRY_PAGE_SIZE)
    page = page_of(request, paginator)
    shown = list(page.object_list)
    search, marks = {}, {}
    if isinstance(agreements, SearchResults):
        marks = highlights(agreements, shown)
        search = _search_help(request, agreements, filters["text"])
    page.object_list = registry_rows(shown, marks)
    return render_search_page(request, "agreements/agreement_list.html", form, page, **search)


# The registry's filters besides the search; a search that finds nothing suggests clearing them.
FILTERS = ("organisatie", "laag", "thema", "status", "jaar")


def _search_help(request: AuthenticatedRequest, results: SearchResults, text: str) -> dict:
    """What the page says about a search: a "Bedoelde je …?", whether the query held anything
    to search for, and what the embedded database cannot do."""
    suggested = suggestion(results, text)
    query = request.GET.copy()
    query.pop(PAGE, None)
    query["q"] = suggested
    return {
        "searched": True,
        "unsearchable": not results.searchable,
        "suggestion": suggested,
        "suggestion_query": query.urlencode(),
        "filtered": any(request.GET.get(name) for name in FILTERS),
        "embedded_limits": LIMITATIONS
        if connections[results.matches.db].vendor == "sqlite"
        else "",
    }


class LiveDocument:
    """The readable document of the agreement as it stands, and whether it is complete, read
    from the cache only when the page asks for it.

    Building it reads every draft row (about 30 ms for the demo); it is cached under a key
    that every save, adoption, amendment and signature changes, and per language. Whether it
    is complete is cached apart under the same key: the editing buttons ask for it on every
    request of an editor, and unpickling the whole document for that one answer cost 1.4 ms
    (bench/page.py). A plain object, not a lazy dict: the page's title tag looks through every
    dict of the context for forms (error_summary.py), and a lazy object would be evaluated.
    """

    def __init__(self, agreement: Agreement) -> None:
        self.agreement = agreement
        self.key = ":".join(
            str(part)
            for part in (
                "agreement-document",
                agreement.pk,
                agreement.revision,
                agreement.draft_open,
                agreement.current_version_id,
                agreement.signed_version_id,
                get_language(),
            )
        )

    @cached_property
    def parts(self) -> dict[str, Any]:
        parts = cache.get(self.key)
        if parts is None:
            document = build_document(load_agreement(self.agreement.pk))
            parts = {
                "readable": readable(document),
                "complete": is_complete(check_document(document)),
                "structure": structure(document),
            }
            cache.set_many(
                {self.key: parts, f"{self.key}:complete": parts["complete"]},
                settings.DOCUMENT_CACHE_SECONDS,
            )
        return parts

    @cached_property
    def complete(self) -> bool:
        complete = cache.get(f"{self.key}:complete")
        return self.parts["complete"] if complete is None else complete

    @property
    def readable(self) -> dict[str, Any]:
        return self.parts["readable"]

    @property
    def structure(self) -> Structure:
        return self.parts["structure"]


# What the agreement page reads of the agreement on every request; the rest comes from cache.
PAGE_KEY_FIELDS = (
    "title",
    "revision",
    "draft_open",
    "current_version_id",
    "signed_version_id",
    *STATUS_FIELDS,
)


class _PageAnnotations(TypedDict):
    user_can_edit: bool
    user_may_record: bool
    signature_count: int  # under the current version


def _page_agreement(
    user_id: int, agreement_id: UUID
) -> "QuerySet[WithAnnotations[Agreement, _PageAnnotations]]":
    user = User(pk=user_id)
    return visible_agreement(
        user,
        agreement_id,
        Agreement.objects.annotate(
            user_can_edit=editable_by(user),
            user_may_record=recordable_by(user),
            signature_count=signing.signature_count(OuterRef("current_version_id")),
        ),
    )


# The agreement page's one query, compiled once per process (precompiled.py): building it
# with the ORM cost six times as much as running it. Its type is spelled out: inferred from
# _page_agreement, django-stubs loses the annotations (agreement.signature_count).
PAGE_AGREEMENT: "Precompiled[WithAnnotations[Agreement, _PageAnnotations]]" = Precompiled(
    Agreement,
    _page_agreement,
    fields=("id", *PAGE_KEY_FIELDS),
    annotations=("user_can_edit", "user_may_record", "signature_count"),
    stand_ins={"user_id": STAND_IN_ID, "agreement_id": STAND_IN_UUID},
)


@login_required
def agreement_detail(request: AuthenticatedRequest, agreement_id: UUID) -> HttpResponse:
    """The agreement as it now stands, readable by every member of its parties.

    Everything but the editing buttons is the same for every member, so the template caches
    it under `page_key`: the agreement's revision, versions, status and number of signatures
    under its current version, and the language. A request that finds it cached runs one query
    of its own (`PAGE_AGREEMENT`: the agreement with its signature count and the user's right
    to edit).
    """
    agreement = get_precompiled_agreement_for_user(request, agreement_id, PAGE_AGREEMENT)
    status = status_of(agreement, timezone.localdate())
    page_key = ":".join(
        str(part)
        for part in (
            agreement.pk,
            agreement.revision,
            agreement.draft_open,
            agreement.current_version_id,
            agreement.signed_version_id,
            status,
            agreement.signature_count,
            get_language(),
        )
    )
    # Only what a cache miss (or the editing buttons of an open draft) needs is read.
    live = LiveDocument(agreement)
    return render(
        request,
        "agreements/agreement_detail.html",
        {
            "agreement": agreement,
            "page_key": page_key,
            "status": status,
            "can_edit": agreement.user_can_edit,
            "live": live,
            # Read (once) only on a cache miss: even building the queryset cost 0.07 ms.
            "versions": cache_once(
                lambda: list(
                    agreement.versions.order_by("-number").only(
                        "number", "adopted_at", "adopted_by_label", "note", "agreement_id"
                    )
                )
            ),
            "signing": lambda: signing.current_signature_overview(agreement),
            "page_cache_seconds": settings.DOCUMENT_CACHE_SECONDS,
        },
    )


@login_required
def agreement_briefing(request: AuthenticatedRequest, agreement_id: UUID) -> HttpResponse:
    """One page for someone new at the table: the text in force on the day asked (`?op=`,
    default today), what and why, democratic control, decisions, mandates, roles, the ladder,
    the next evaluation and whom to call. A date that is no date is said beside the field, and
    the briefing of today shows meanwhile."""
    agreement = get_agreement_for_user(request, agreement_id)
    form = BriefingDayForm(request.GET or None)
    day = (form.cleaned_data["op"] if form.is_valid() else None) or timezone.localdate()
    return render(
        request,
        "agreements/agreement_briefing.html",
        {"agreement": agreement, "form": form, "briefing": briefing_for(agreement, day)},
    )


@login_required
def overview(request: AuthenticatedRequest) -> HttpResponse:
    """The registry overview: counts, what comes due, and each organisation's agreements."""
    today = timezone.localdate()
    return render(
        request,
        "agreements/overview.html",
        {"overview": registry_overview(user=request.user, today=today), "today": today},
    )
