"""Pages about agreements: the list, the builder's steps, and the contact book."""

from uuid import UUID

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db.models import OuterRef, Q, QuerySet
from django.http import FileResponse, Http404, HttpRequest, HttpResponse, StreamingHttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.functional import SimpleLazyObject, cached_property
from django.utils.text import slugify
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from accounts.audit import csv_response, csv_rows
from accounts.models import AuditEvent, Organisation, User

from . import archive, builder, comment_views, comments, publication, records, signing, versioning
from .completeness import check_document, checklist, is_complete
from .contacts import contacts_for_user
from .diagrams import compare_structure, structure
from .diff import compare
from .document import build_document, load_agreement
from .forms import (
    ASPECTS,
    ActionFormSet,
    AddPartyForm,
    AdoptForm,
    AsOfForm,
    CompareForm,
    DecisionForm,
    EvaluationForm,
    NewAgreementForm,
    PublishForm,
    RegistryFilterForm,
    SignForm,
    VerifyForm,
)
from .models import (
    Agreement,
    DecisionAttachment,
    Evaluation,
    PdfStatus,
    PublishedVersion,
    Signature,
    Version,
)
from .overview import registry_overview
from .pdf import agreement_html, render_draft_pdf, render_pdf, signature_blocks
from .permissions import (
    can_record,
    editable_by,
    get_agreement_for_user,
    get_editable_agreement_for_user,
    get_precompiled_agreement_for_user,
    get_recordable_agreement_for_user,
    visible_agreement,
    visible_agreements,
)
from .precompiled import STAND_IN_ID, STAND_IN_UUID, Precompiled
from .presentation import readable
from .reminders import due_items, due_soon
from .seal import verify_pdf
from .search import count_up_to, find_agreements
from .status import STATUS_FIELDS, Status, status_of
from .step_pages import PAGES
from .steps import STEP_BY_SLUG, STEPS
from .timeline import timeline

HOME_DUE_LIMIT = 10


@login_required
def home(request: HttpRequest) -> HttpResponse:
    """The start page: the user's organisations and what comes due for their agreements."""
    return render(
        request,
        "agreements/home.html",
        {
            "memberships": request.user.memberships.select_related("organisation"),
            # In SQL and capped: the start page of a busy province's reader stays fast.
            "due": due_soon(
                visible_agreements(request.user), today=timezone.localdate(), limit=HOME_DUE_LIMIT
            ),
        },
    )


@login_required
def contact_book(request: HttpRequest) -> HttpResponse:
    """The people of every organisation the user collaborates with."""
    return render(
        request, "agreements/contact_book.html", {"organisations": contacts_for_user(request.user)}
    )


REGISTRY_PAGE_SIZE = 25


class CappedPaginator(Paginator):
    """Counts matches only up to REGISTRY_COUNT_CAP.

    Counting every hit of a broad search costs more than the page itself at 10,000
    agreements; nobody pages through a thousand results.
    """

    @cached_property
    def count(self) -> int:
        return count_up_to(self.object_list, REGISTRY_COUNT_CAP + 1)

    @property
    def capped(self) -> bool:
        return self.count > REGISTRY_COUNT_CAP


REGISTRY_COUNT_CAP = 1000


@login_required
def agreement_list(request: HttpRequest) -> HttpResponse:
    """The registry: the agreements the user may see, searched, filtered, sorted and paged."""
    form = RegistryFilterForm(request.GET)
    form.is_valid()  # errors show on their fields; the valid filters still apply
    agreements = find_agreements(request.user, today=timezone.localdate(), **form.filters())
    page = CappedPaginator(agreements, REGISTRY_PAGE_SIZE).get_page(request.GET.get("pagina"))
    page.object_list = list(page.object_list)
    for agreement in page.object_list:
        agreement.status_label = Status(agreement.status).label
    query = request.GET.copy()
    query.pop("pagina", None)
    return render(
        request,
        "agreements/agreement_list.html",
        {"form": form, "page": page, "query": query.urlencode()},
    )


@login_required
def agreement_new(request: HttpRequest) -> HttpResponse:
    """Start a draft, empty or from a template."""
    form = NewAgreementForm(request.POST or None, user=request.user)
    if not form.fields["organisation"].queryset.exists():
        raise Http404
    if request.method == "POST" and form.is_valid():
        agreement = builder.create_agreement(
            title=form.cleaned_data["title"],
            organisation=form.cleaned_data["organisation"],
            template=form.cleaned_data["template"],
            acting_user=request.user,
        )
        messages.success(
            request, _("De afspraak is aangemaakt. Vul de stappen in, in je eigen tempo.")
        )
        return redirect("agreement_step", agreement_id=agreement.pk, step_slug="opgave")
    return render(request, "agreements/agreement_new.html", {"form": form})


def _live_document(agreement: Agreement) -> dict:
    """The readable document of the agreement as it stands, and whether it is complete.

    Building it reads every draft row (about 30 ms for the demo); it is cached under a key
    that every save, adoption, amendment and signature changes, and per language.
    """
    key = ":".join(
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
    live = cache.get(key)
    if live is None:
        document = build_document(load_agreement(agreement.pk))
        live = {
            "key": key,
            "readable": readable(document),
            "complete": is_complete(check_document(document)),
            "structure": structure(document),
        }
        cache.set(key, live, settings.DOCUMENT_CACHE_SECONDS)
    return live


# What the agreement page reads of the agreement on every request; the rest comes from cache.
PAGE_KEY_FIELDS = (
    "title",
    "revision",
    "draft_open",
    "current_version_id",
    "signed_version_id",
    *STATUS_FIELDS,
)


def _page_agreement(user_id: int, agreement_id: UUID) -> QuerySet[Agreement]:
    user = User(pk=user_id)
    return visible_agreement(
        user,
        agreement_id,
        Agreement.objects.annotate(
            user_can_edit=editable_by(user),
            signature_count=signing.signature_count(OuterRef("current_version_id")),
        ),
    )


# The agreement page's one query, compiled once per process (precompiled.py): building it
# with the ORM cost six times as much as running it.
PAGE_AGREEMENT = Precompiled(
    Agreement,
    _page_agreement,
    fields=("id", *PAGE_KEY_FIELDS),
    annotations=("user_can_edit", "signature_count"),
    stand_ins={"user_id": STAND_IN_ID, "agreement_id": STAND_IN_UUID},
)


@login_required
def agreement_detail(request: HttpRequest, agreement_id: UUID) -> HttpResponse:
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
    # Only what a cache miss (or the editing buttons of an open draft) needs is computed.
    live = SimpleLazyObject(lambda: _live_document(agreement))
    return render(
        request,
        "agreements/agreement_detail.html",
        {
            "agreement": agreement,
            "page_key": page_key,
            "status": status,
            "can_edit": agreement.user_can_edit,
            "live": live,
            "versions": agreement.versions.order_by("-number").only(
                "number", "adopted_at", "adopted_by_label", "note", "agreement_id"
            ),
            "signing": lambda: signing.current_signature_overview(agreement),
            "page_cache_seconds": settings.DOCUMENT_CACHE_SECONDS,
        },
    )


def _progress(agreement: Agreement, current: str, user=None):
    """Each step with its status (and the user's open comment threads, one grouped query),
    the findings of the whole agreement, and the document."""
    document = build_document(load_agreement(agreement.pk))
    findings = check_document(document)
    threads = comments.open_counts(user, agreement) if user is not None else {}
    steps = [
        {
            "step": step,
            "current": step.slug == current,
            "problems": sum(1 for f in findings if f.step == step.slug and f.is_required),
            "open_threads": threads.get(step.slug, 0),
        }
        for step in STEPS
    ]
    return steps, findings, document


def _neighbours(slug: str):
    index = [step.slug for step in STEPS].index(slug)
    previous = STEPS[index - 1] if index > 0 else None
    following = STEPS[index + 1] if index < len(STEPS) - 1 else None
    return previous, following


def _target_after_save(request: HttpRequest, slug: str) -> str:
    goto = request.POST.get("goto", "")
    if goto in STEP_BY_SLUG:
        return goto
    previous, following = _neighbours(slug)
    if "previous" in request.POST and previous:
        return previous.slug
    if "next" in request.POST and following:
        return following.slug
    return slug


def _posted_revision(request: HttpRequest) -> int:
    try:
        return int(request.POST.get("revision", ""))
    except ValueError:
        return -1


def _party_search(agreement: Agreement, query: str):
    # PostgreSQL refuses NUL in text and SQLite LIKE patterns over 50,000 bytes; no name is
    # longer than 250 characters anyway.
    query = query.replace("\x00", "").strip()[:250]
    if len(query) < 2:
        return []
    existing = agreement.parties.values("organisation_id")
    return list(
        Organisation.objects.filter(
            Q(name__icontains=query) | Q(official_name__icontains=query) | Q(code__iexact=query)
        )
        .exclude(pk__in=existing)
        .filter(end_date__isnull=True)
        .order_by("name")[:10]
    )


@login_required
def agreement_step(request: HttpRequest, agreement_id: UUID, step_slug: str) -> HttpResponse:
    """One step of the builder: GET shows it, POST saves it and moves on."""
    agreement = get_editable_agreement_for_user(request, agreement_id)
    step = STEP_BY_SLUG.get(step_slug)
    if step is None:
        raise Http404
    if step.slug == "controle":
        return _check_page(request, agreement)
    if not agreement.draft_open:
        messages.info(request, builder.DRAFT_CLOSED_MESSAGE)
        return redirect("agreement_detail", agreement_id=agreement.pk)
    page_factory = PAGES[step.slug]
    conflict = None
    revision = agreement.revision
    if request.method == "POST":
        page = page_factory(agreement, request.POST)
        if page.is_valid():
            try:
                builder.save_step(
                    agreement=agreement,
                    step=step,
                    expected_revision=_posted_revision(request),
                    acting_user=request.user,
                    write=page.write,
                )
            except builder.StaleRevision as stale:
                conflict = stale
                revision = stale.current_revision
            except builder.DraftClosed as closed:
                messages.error(request, closed.messages[0])
                return redirect("agreement_detail", agreement_id=agreement.pk)
            else:
                messages.success(
                    request, _("Stap ‘%(step)s’ is opgeslagen.") % {"step": step.title}
                )
                return redirect(
                    "agreement_step",
                    agreement_id=agreement.pk,
                    step_slug=_target_after_save(request, step.slug),
                )
        else:
            revision = _posted_revision(request)
    else:
        page = page_factory(agreement, None)
    steps, findings, _document = _progress(agreement, step.slug, request.user)
    previous, following = _neighbours(step.slug)
    context = {
        "agreement": agreement,
        "step": step,
        "steps": steps,
        "page": page,
        "forms": page.forms,
        "findings": [f for f in findings if f.step == step.slug],
        "revision": revision,
        "conflict": conflict,
        "has_form": True,
        "previous": previous,
        "following": following,
        **page.extra,
        **comment_views.step_panel(request, agreement, step.slug),
    }
    if step.slug == "partijen":
        query = request.GET.get("zoek", "")
        context["query"] = query
        context["results"] = _party_search(agreement, query)
        if request.GET.get("fragment") == "resultaten":
            return render(request, "agreements/steps/_party_results.html", context)
    status = 409 if conflict else 200
    return render(request, f"agreements/steps/{step.slug}.html", context, status=status)


def _check_page(request: HttpRequest, agreement: Agreement) -> HttpResponse:
    steps, findings, document = _progress(agreement, "controle", request.user)
    items = checklist(findings)
    return render(
        request,
        "agreements/steps/controle.html",
        {
            "agreement": agreement,
            "step": STEP_BY_SLUG["controle"],
            "steps": steps,
            "items": [
                (step, [item for item in items if item.step == step.slug]) for step in STEPS[:-1]
            ],
            "complete": is_complete(findings),
            "required_missing": sum(1 for f in findings if f.is_required),
            "advice": sum(1 for f in findings if not f.is_required),
            "previous": STEPS[-2],
            "document": document,
            **comment_views.check_context(request, agreement, steps),
        },
    )


@login_required
@require_POST
def agreement_add_party(request: HttpRequest, agreement_id: UUID) -> HttpResponse:
    """Add an organisation from the registry as a party."""
    agreement = get_editable_agreement_for_user(request, agreement_id)
    form = AddPartyForm(request.POST)
    url = reverse("agreement_step", args=[agreement.pk, "partijen"])
    if not form.is_valid():
        messages.error(request, _("Kies een organisatie uit de zoekresultaten."))
        return redirect(url)
    organisation = Organisation.objects.filter(
        pk=form.cleaned_data["organisation"], end_date__isnull=True
    ).first()
    if organisation is None:
        messages.error(request, _("Kies een organisatie uit de zoekresultaten."))
        return redirect(url)
    if agreement.parties.filter(organisation=organisation).exists():
        messages.error(
            request, _("%(organisation)s is al partij.") % {"organisation": organisation}
        )
        return redirect(url)

    try:
        builder.add_party(
            agreement=agreement,
            organisation=organisation,
            step=STEP_BY_SLUG["partijen"],
            expected_revision=_posted_revision(request),
            acting_user=request.user,
        )
    except builder.DraftClosed as closed:
        messages.error(request, closed.messages[0])
    except builder.StaleRevision:
        messages.error(
            request,
            _(
                "Iemand anders heeft de afspraak intussen gewijzigd. Bekijk de partijen en "
                "voeg %(organisation)s opnieuw toe als dat nog nodig is."
            )
            % {"organisation": organisation},
        )
    else:
        messages.success(
            request,
            _("%(organisation)s is toegevoegd als partij.") % {"organisation": organisation},
        )
    return redirect(url)


@login_required
@require_POST
def agreement_model_ladder(request: HttpRequest, agreement_id: UUID) -> HttpResponse:
    """Add the model escalation ladder of the Aanwijzingen voor convenanten."""
    agreement = get_editable_agreement_for_user(request, agreement_id)
    if agreement.escalation_steps.exists():
        messages.error(request, _("Er is al een escalatieladder; pas die aan in deze stap."))
        return redirect("agreement_step", agreement_id=agreement.pk, step_slug="escalatie")
    try:
        builder.save_step(
            agreement=agreement,
            step=STEP_BY_SLUG["escalatie"],
            expected_revision=_posted_revision(request),
            acting_user=request.user,
            write=lambda: builder.add_escalation_steps(
                agreement=agreement, steps=builder.MODEL_LADDER
            ),
        )
    except builder.DraftClosed as closed:
        messages.error(request, closed.messages[0])
    except builder.StaleRevision:
        messages.error(
            request, _("Iemand anders heeft de afspraak intussen gewijzigd; probeer het opnieuw.")
        )
    else:
        messages.success(request, _("De modelladder is toegevoegd; pas de treden aan waar nodig."))
    return redirect("agreement_step", agreement_id=agreement.pk, step_slug="escalatie")


def _version_or_404(agreement: Agreement, number: int) -> Version:
    return get_object_or_404(Version, agreement=agreement, number=number)


@login_required
def agreement_adopt(request: HttpRequest, agreement_id: UUID) -> HttpResponse:
    """Adopt the complete draft as the next version."""
    agreement = get_editable_agreement_for_user(request, agreement_id)
    form = AdoptForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            version = versioning.adopt_version(
                agreement=agreement, acting_user=request.user, note=form.cleaned_data["note"]
            )
        except ValidationError as error:
            form.add_error("note" if "toelichting" in error.messages[0] else None, error)
        else:
            messages.success(
                request, _("Versie %(number)d is vastgesteld.") % {"number": version.number}
            )
            return redirect("agreement_detail", agreement_id=agreement.pk)
    findings = check_document(build_document(load_agreement(agreement.pk)))
    return render(
        request,
        "agreements/agreement_adopt.html",
        {
            "agreement": agreement,
            "form": form,
            "complete": is_complete(findings),
            "previous": versioning.latest_version(agreement),
            **comment_views.adopt_context(request, agreement),
        },
    )


@login_required
@require_POST
def agreement_amend(request: HttpRequest, agreement_id: UUID) -> HttpResponse:
    """Open a new draft from the latest version."""
    agreement = get_editable_agreement_for_user(request, agreement_id)
    try:
        versioning.open_amendment(agreement=agreement, acting_user=request.user)
    except ValidationError as error:
        messages.error(request, error.messages[0])
        return redirect("agreement_detail", agreement_id=agreement.pk)
    messages.success(
        request,
        _("Er is een nieuw concept geopend. De vastgestelde versie blijft gelden tot de volgende."),
    )
    return redirect("agreement_step", agreement_id=agreement.pk, step_slug="opgave")


@login_required
def version_detail(request: HttpRequest, agreement_id: UUID, number: int) -> HttpResponse:
    """One adopted version, exactly as it was adopted, with who has signed it."""
    agreement = get_agreement_for_user(request, agreement_id)
    version = _version_or_404(agreement, number)
    is_current = agreement.current_version_id == version.pk
    overview = signing.signature_overview(version)
    unsigned = {entry.organisation_id for entry in overview if entry.signature is None}
    return render(
        request,
        "agreements/version_detail.html",
        {
            "agreement": agreement,
            "version": version,
            "readable": readable(version.document),
            "structure": structure(version.document),
            "signatures": overview,
            "fully_signed": not unsigned,
            "is_current": is_current,
            "can_sign": is_current
            and signing.organisations_user_may_sign_for(
                request.user, version, unsigned_only=True
            ).exists(),
            "can_record_paper": is_current
            and signing.organisations_user_may_sign_for(
                request.user, version, paper=True, unsigned_only=True
            ).exists(),
            "published": PublishedVersion.objects.filter(version=version).first(),
            "can_publish": publication.organisations_user_may_publish_for(
                request.user, version
            ).exists(),
        },
    )


@login_required
def version_sign(
    request: HttpRequest, agreement_id: UUID, number: int, paper: bool = False
) -> HttpResponse:
    """Sign the current version for a party (or record its paper signature with the scan)."""
    agreement = get_agreement_for_user(request, agreement_id)
    version = _version_or_404(agreement, number)
    organisations = signing.organisations_user_may_sign_for(
        request.user, version, paper=paper, unsigned_only=True
    )
    if agreement.current_version_id != version.pk or not organisations.exists():
        raise Http404
    user = request.user
    form = SignForm(
        request.POST or None,
        request.FILES or None,
        organisations=organisations,
        decisions=agreement.decisions.all(),
        paper=paper,
        initial={}
        if paper
        else {"signatory_name": user.full_name, "signatory_function": user.function},
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            signing.sign_version(
                version=version,
                organisation=data["organisation"],
                acting_user=user,
                signatory_name=data["signatory_name"],
                signatory_function=data["signatory_function"],
                basis=data["basis"],
                place=data["place"],
                decision=data["decision"],
                scan=data.get("scan"),
                signed_on=data.get("signed_on"),
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(
                request,
                _("De handtekening van %(name)s onder versie %(number)d is vastgelegd.")
                % {"name": data["organisation"].name, "number": version.number},
            )
            return redirect("version_detail", agreement_id=agreement.pk, number=version.number)
    return render(
        request,
        "agreements/version_sign.html",
        {"agreement": agreement, "version": version, "form": form, "paper": paper},
    )


@login_required
def version_publish(request: HttpRequest, agreement_id: UUID, number: int) -> HttpResponse:
    """Publish a version in the public register (Woo), when its parties agreed it is public."""
    agreement = get_agreement_for_user(request, agreement_id)
    version = _version_or_404(agreement, number)
    organisations = publication.organisations_user_may_publish_for(request.user, version)
    if not organisations.exists():
        raise Http404
    form = PublishForm(request.POST or None, organisations=organisations)
    if request.method == "POST" and form.is_valid():
        try:
            publication.publish_version(
                version=version,
                organisation=form.cleaned_data["organisation"],
                acting_user=request.user,
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(
                request,
                _("Versie %(number)d staat nu in het openbare register.")
                % {"number": version.number},
            )
            return redirect("version_detail", agreement_id=agreement.pk, number=version.number)
    return render(
        request,
        "agreements/version_publish.html",
        {"agreement": agreement, "version": version, "form": form},
    )


@login_required
def signature_scan(request: HttpRequest, agreement_id: UUID, signature_id: UUID) -> FileResponse:
    """Download the scan of a paper signature; only members of the parties get it."""
    agreement = get_agreement_for_user(request, agreement_id)
    signature = get_object_or_404(
        Signature, pk=signature_id, version__agreement=agreement, method="papier"
    )
    return FileResponse(
        signature.scan.open("rb"),
        as_attachment=True,
        filename=f"handtekening-{signature.organisation.code or 'partij'}.pdf",
        content_type="application/pdf",
    )


@login_required
def version_compare(request: HttpRequest, agreement_id: UUID) -> HttpResponse:
    """Two versions side by side, section by section."""
    agreement = get_agreement_for_user(request, agreement_id)
    numbers = list(agreement.versions.values_list("number", flat=True))
    form = CompareForm(request.GET or None, numbers=numbers)
    sections = comparison = None
    old = new = None
    if form.is_valid():
        old = _version_or_404(agreement, form.cleaned_data["van"])
        new = _version_or_404(agreement, form.cleaned_data["naar"])
        sections = compare(old.document, new.document)
        comparison = compare_structure(old.document, new.document, numbers=(old.number, new.number))
    return render(
        request,
        "agreements/version_compare.html",
        {
            "agreement": agreement,
            "form": form,
            "sections": sections,
            "comparison": comparison,
            "old": old,
            "new": new,
        },
    )


@login_required
def agreement_as_of(request: HttpRequest, agreement_id: UUID) -> HttpResponse:
    """What had the parties agreed on a given date?"""
    agreement = get_agreement_for_user(request, agreement_id)
    form = AsOfForm(request.GET or None)
    version = None
    if form.is_valid():
        version = versioning.version_on(agreement, form.cleaned_data["datum"])
    return render(
        request,
        "agreements/agreement_as_of.html",
        {
            "agreement": agreement,
            "form": form,
            "version": version,
            "readable": readable(version.document) if version else None,
        },
    )


@login_required
def decision_list(request: HttpRequest, agreement_id: UUID) -> HttpResponse:
    """The besluitenlijst: every decision taken under the agreement, and a form to add one."""
    agreement = get_agreement_for_user(request, agreement_id)
    may_record = can_record(request.user, agreement)
    form = None
    if may_record:
        form = DecisionForm(
            request.POST or None,
            request.FILES or None,
            tables=list(agreement.tables.values_list("name", flat=True)),
            mandates=[str(m) for m in agreement.mandates.all()],
        )
        if request.method == "POST" and form.is_valid():
            records.record_decision(
                agreement=agreement, acting_user=request.user, **form.cleaned_data
            )
            messages.success(request, _("Het besluit is vastgelegd."))
            return redirect("decision_list", agreement_id=agreement.pk)
    elif request.method == "POST":
        raise Http404
    decisions = agreement.decisions.select_related("version", "recorded_by").prefetch_related(
        "attachments"
    )
    return render(
        request,
        "agreements/decision_list.html",
        {"agreement": agreement, "decisions": decisions, "form": form},
    )


@login_required
def decision_attachment(
    request: HttpRequest, agreement_id: UUID, attachment_id: int
) -> FileResponse:
    """Download an attachment; only members of the agreement's parties get it."""
    agreement = get_agreement_for_user(request, agreement_id)
    attachment = get_object_or_404(
        DecisionAttachment, pk=attachment_id, decision__agreement=agreement
    )
    return FileResponse(
        attachment.file.open("rb"),
        as_attachment=True,
        filename=attachment.name,
        content_type="application/pdf",
    )


@login_required
def evaluation_new(request: HttpRequest, agreement_id: UUID) -> HttpResponse:
    """Record how the collaboration goes, with follow-up actions and their owners."""
    agreement = get_recordable_agreement_for_user(request, agreement_id)
    form = EvaluationForm(request.POST or None)
    actions = ActionFormSet(request.POST or None, prefix="actions")
    if request.method == "POST" and form.is_valid() and actions.is_valid():
        data = form.cleaned_data
        evaluation = records.record_evaluation(
            agreement=agreement,
            acting_user=request.user,
            held_on=data["held_on"],
            scores={
                aspect: (data[f"{aspect}_score"], data[f"{aspect}_note"]) for aspect in ASPECTS
            },
            actions=[
                records.ActionInput(**action.cleaned_data)
                for action in actions
                if action.has_changed() and action.cleaned_data
            ],
            leads_to_amendment=data["leads_to_amendment"],
        )
        messages.success(request, _("De evaluatie is vastgelegd."))
        return redirect("evaluation_detail", agreement_id=agreement.pk, evaluation_id=evaluation.pk)
    return render(
        request,
        "agreements/evaluation_new.html",
        {"agreement": agreement, "form": form, "actions": actions},
    )


@login_required
def evaluation_detail(
    request: HttpRequest, agreement_id: UUID, evaluation_id: UUID
) -> HttpResponse:
    """One evaluation with its scores and follow-up actions."""
    agreement = get_agreement_for_user(request, agreement_id)
    evaluation = get_object_or_404(
        Evaluation.objects.select_related("version", "recorded_by").prefetch_related("actions"),
        pk=evaluation_id,
        agreement=agreement,
    )
    return render(
        request,
        "agreements/evaluation_detail.html",
        {"agreement": agreement, "evaluation": evaluation},
    )


@login_required
def agreement_timeline(request: HttpRequest, agreement_id: UUID) -> HttpResponse:
    """One chronological story of everything that happened to the agreement."""
    agreement = get_agreement_for_user(request, agreement_id)
    return render(
        request,
        "agreements/agreement_timeline.html",
        {"agreement": agreement, "entries": timeline(agreement, viewer=request.user)},
    )


@login_required
def agreement_briefing(request: HttpRequest, agreement_id: UUID) -> HttpResponse:
    """One page for someone new at the table: what, why, who owns and decides, whom to call."""
    agreement = get_agreement_for_user(request, agreement_id)
    version = versioning.latest_version(agreement)
    document = version.document if version else build_document(load_agreement(agreement.pk))
    return render(
        request,
        "agreements/agreement_briefing.html",
        {
            "agreement": agreement,
            "version": version,
            "readable": readable(document),
            "due": due_items(Agreement.objects.filter(pk=agreement.pk), timezone.localdate()),
        },
    )


@login_required
def agreement_briefing_pdf(request: HttpRequest, agreement_id: UUID) -> HttpResponse:
    """The briefing as a PDF to print or send ahead of a first meeting."""
    agreement = get_agreement_for_user(request, agreement_id)
    version = versioning.latest_version(agreement)
    document = version.document if version else build_document(load_agreement(agreement.pk))
    _html, pdf_bytes = render_pdf(
        "agreements/print/briefing.html",
        {
            "version": version,
            "readable": readable(document),
            "due": due_items(Agreement.objects.filter(pk=agreement.pk), timezone.localdate()),
        },
    )
    response = HttpResponse(pdf_bytes, content_type="application/pdf")
    response["Content-Disposition"] = 'inline; filename="briefing.pdf"'
    return response


def _pdf_filename(version: Version) -> str:
    return f"{slugify(version.title)[:80]}-versie-{version.number}.pdf"


@login_required
def version_pdf(request: HttpRequest, agreement_id: UUID, number: int) -> HttpResponse:
    """The version's archival PDF: sealed once every party has signed; rendered once."""
    agreement = get_agreement_for_user(request, agreement_id)
    version = _version_or_404(agreement, number)
    archived = archive.request_pdf(version=version, kind=archive.kind_for(version))
    if archived.status == PdfStatus.READY:
        return FileResponse(
            archived.file.open("rb"),
            as_attachment=True,
            filename=_pdf_filename(version),
            content_type="application/pdf",
        )
    return render(
        request,
        "agreements/version_pdf_pending.html",
        {"agreement": agreement, "version": version, "archived": archived},
        status=202 if archived.status == PdfStatus.PENDING else 503,
    )


@login_required
def draft_pdf(request: HttpRequest, agreement_id: UUID) -> HttpResponse:
    """The draft as it stands, marked CONCEPT on every page (rendered on request)."""
    agreement = get_agreement_for_user(request, agreement_id)
    _html, pdf_bytes = render_draft_pdf(agreement)
    response = HttpResponse(pdf_bytes, content_type="application/pdf")
    response["Content-Disposition"] = (
        f'inline; filename="{slugify(agreement.title)[:80]}-concept.pdf"'
    )
    return response


@login_required
def version_print_preview(request: HttpRequest, agreement_id: UUID, number: int) -> HttpResponse:
    """The print HTML in the browser, for working on the print template (DEBUG only)."""
    if not settings.DEBUG:
        raise Http404
    agreement = get_agreement_for_user(request, agreement_id)
    version = _version_or_404(agreement, number)
    sealed = archive.kind_for(version) == "verzegeld"
    return HttpResponse(
        agreement_html(
            version.document,
            version=version,
            signature_blocks=signature_blocks(version, signed=sealed),
            completion=sealed,
        )
    )


def verify(request: HttpRequest) -> HttpResponse:
    """Public: is this PDF a version from this registry, sealed, unchanged and in force?"""
    form = VerifyForm(request.POST or None, request.FILES or None)
    result = None
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        result = verify_pdf(upload.read())
    return render(request, "agreements/verify.html", {"form": form, "result": result})


@login_required
def agreement_audit_csv(request: HttpRequest, agreement_id: UUID) -> StreamingHttpResponse:
    """Every audit event of the agreement as CSV, oldest first, for the members of its parties."""
    agreement = get_agreement_for_user(request, agreement_id)
    events = (
        AuditEvent.objects.filter(
            object_type=Agreement._meta.label_lower, object_id=str(agreement.pk)
        )
        .select_related("organisation")
        .order_by("at", "id")
        .iterator(chunk_size=500)
    )
    return csv_response(csv_rows(events), f"audittrail-{slugify(agreement.title)[:80]}.csv")


@login_required
def overview(request: HttpRequest) -> HttpResponse:
    """The registry overview: counts, what comes due, and each organisation's agreements."""
    return render(
        request,
        "agreements/overview.html",
        {"overview": registry_overview(user=request.user, today=timezone.localdate())},
    )
