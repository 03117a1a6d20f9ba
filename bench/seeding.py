"""Seed a benchmark database with N agreements through PostgreSQL COPY (bench/registry.py).

Per agreement: 1-8 parties, 2-3 mandates, three versions, 3-5 decisions, one evaluation,
signatures and about 10 audit events, in Dutch (bench/corpus.py). Statuses are spread as in a
live registry: 4% concepts (no version yet), 4% adopted but not signed by every party, 3%
terminated, the rest signed, in force, not yet in force or expired by their dates.

Rows are made as model instances, 2,000 agreements at a time, and written with COPY (psycopg
3's `cursor.copy`), one transaction per chunk. The triggers of migrations 0006 and 0011 run as
on any write: COPY fires the statement triggers of mandates and decisions, which fill the
agreement's `search_related` (and so its search vector), and the lexicon triggers add every
new lexeme. Foreign keys are deferred to the end of each transaction, so an agreement can name
its current version before that version is written.

Two readers are made: one of Provincie Noord-Brabant, party to about 80% of the agreements,
and one of Gemeente Bernheze, party to about 1%.
"""

import hashlib
import json
import random
from datetime import UTC, date, datetime, timedelta
from typing import Any

from django.db import connection, models, transaction

from accounts.models import AuditEvent, Layer, Membership, Organisation, Role, User
from agreements.models import (
    Agreement,
    Decision,
    Evaluation,
    Mandate,
    MandateBasis,
    Party,
    Signature,
    SignatureMethod,
    Theme,
    Version,
)
from bench.corpus import (
    DECISIONS,
    FUNCTIONS,
    GEMEENTEN,
    KINDS,
    MINISTERIES,
    PARTNERS,
    PROVINCIES,
    RESULTS,
    STEPS,
    SUBJECTS,
    TASKS,
    TOPICS,
    WATER_DECISIONS,
    WATER_SUBJECT,
    WATER_WHY,
    WATERSCHAPPEN,
    WHYS,
)

CHUNK = 2000
READER = "lezer@brabant.bench.nl"
SMALL_READER = "lezer@bernheze.bench.nl"
EPOCH = datetime(2021, 1, 1, 9, 0, tzinfo=UTC)
# The order of writing: each table's statement triggers see the rows written before it.
MODELS = [Agreement, Party, Mandate, Decision, Version, Signature, Evaluation, AuditEvent]


def organisations() -> dict[str, list[Organisation]]:
    """396 organisations: 12 provincies, 342 gemeenten, 21 waterschappen, 5 ministeries and 16
    partners. The first gemeente is Bernheze (GM0001)."""
    rows: list[Organisation] = []
    provinces = {}
    for code, name in PROVINCIES:
        province = Organisation(
            code=code, name=name, official_name=f"Provincie {name}", layer=Layer.PROVINCIE
        )
        provinces[code] = province
        rows.append(province)
    for number in range(342):
        base = GEMEENTEN[number % len(GEMEENTEN)]
        name = base if number < len(GEMEENTEN) else f"{base}-{number // len(GEMEENTEN)}"
        rows.append(
            Organisation(
                code=f"GM{number + 1:04d}",
                name=name,
                official_name=f"Gemeente {name}",
                layer=Layer.GEMEENTE,
                province=provinces["PV30"]
                if number < 47
                else provinces[PROVINCIES[number % 12][0]],
            )
        )
    for number, name in enumerate(WATERSCHAPPEN):
        rows.append(
            Organisation(
                code=f"ws{number + 600:04d}",
                name=name,
                official_name=name if name.startswith("Wetterskip") else f"Waterschap {name}",
                layer=Layer.WATERSCHAP,
            )
        )
    for code, name in MINISTERIES:
        rows.append(
            Organisation(
                code=code, name=name, official_name=f"Ministerie van {name}", layer=Layer.RIJK
            )
        )
    for name, kind in PARTNERS:
        rows.append(
            Organisation(name=name, official_name=name, layer=Layer.PARTNER, partner_kind=kind)
        )
    Organisation.objects.bulk_create(rows)
    by_layer: dict[str, list[Organisation]] = {}
    for row in rows:
        by_layer.setdefault(row.layer, []).append(row)
    return by_layer


def document_for(agreement: Agreement, parties: list[Party], version: int, start, end) -> dict:
    return {
        "schema_version": 1,
        "task": {"title": agreement.title, "theme": agreement.theme, "task": agreement.task},
        "parties": [
            {
                "key": str(party.organisation_id),
                "organisation": {"name": party.organisation.name, "code": party.organisation.code},
            }
            for party in parties
        ],
        "term": {
            "start_date": start.isoformat(),
            "end_date": end.isoformat() if end else None,
            "next_evaluation": None,
        },
        "version": version,
    }


class Seeder:
    """Makes the rows of one agreement at a time into `rows` (model -> instances)."""

    def __init__(self, rng: random.Random, orgs: dict[str, list[Organisation]], editor: User):
        self.rng = rng
        self.orgs = orgs
        self.brabant = next(o for o in orgs[Layer.PROVINCIE] if o.code == "PV30")
        self.bernheze = orgs[Layer.GEMEENTE][0]
        self.others = orgs[Layer.GEMEENTE][1:]
        self.editor = editor
        self.label = f"{editor.full_name} <{editor.email}>"
        self.today = date.today()
        self.rows: dict[type[models.Model], list[models.Model]] = {m: [] for m in MODELS}

    def members(self, number: int, theme: str) -> list[Organisation]:
        rng = self.rng
        members = rng.sample(self.others, rng.randint(1, 4))
        # Exactly 1%, so that even 100 agreements have one for the small reader.
        if number % 100 == 50:
            members.insert(0, self.bernheze)
        if rng.random() < 0.8:
            members.insert(0, self.brabant)
        if theme == Theme.KLIMAATADAPTATIE or rng.random() < 0.2:
            members.append(rng.choice(self.orgs[Layer.WATERSCHAP]))
        if rng.random() < 0.3:
            members.append(rng.choice(self.orgs[Layer.PARTNER]))
        if rng.random() < 0.1:
            members.append(rng.choice(self.orgs[Layer.RIJK]))
        return members

    def agreement(self, number: int) -> None:
        rng, rows = self.rng, self.rows
        theme = list(TOPICS)[number % len(TOPICS)]
        topic = rng.choice(TOPICS[theme])
        members = self.members(number, theme)
        water = any(m.layer == Layer.WATERSCHAP for m in members)
        start = date(2020, 1, 1) + timedelta(days=rng.randint(0, 365 * 7))
        end = start + timedelta(days=365 * rng.randint(2, 8))
        year = end.year
        place = next((m.name for m in members if m.layer == Layer.GEMEENTE), "de regio")
        kind = rng.random()
        concept, unsigned = kind < 0.04, 0.04 <= kind < 0.08
        # Created over 900 days; changed at the last version, or lately while a concept.
        created = EPOCH + timedelta(days=number % 900, minutes=number % 1440)
        agreement = Agreement(
            title=f"{rng.choice(KINDS)} {topic} {place} {start.year}",
            theme=theme,
            task=" ".join(s.format(topic=topic, year=year) for s in rng.sample(TASKS, 2)),
            why=" ".join([*rng.sample(WHYS, 2), *([WATER_WHY] if water else [])]),
            intended_result=" ".join(
                s.format(topic=topic, year=year) for s in rng.sample(RESULTS, 2)
            ),
            start_date=start,
            end_date=end,
            next_evaluation=self.today + timedelta(days=rng.randint(-60, 700))
            if rng.random() < 0.7
            else None,
            draft_open=concept or rng.random() < 0.1,
            terminated_on=start + timedelta(days=400)
            if not concept and rng.random() < 0.03
            else None,
            revision=rng.randint(5, 40),
            created_by=self.editor,
            created_at=created,
            updated_at=created,
        )
        rows[Agreement].append(agreement)
        own = [
            Party(agreement=agreement, organisation=organisation, position=position)
            for position, organisation in enumerate(members)
        ]
        rows[Party].extend(own)
        subjects = [*SUBJECTS, WATER_SUBJECT] if water else SUBJECTS
        for position in range(rng.randint(2, 3)):
            rows[Mandate].append(
                Mandate(
                    agreement=agreement,
                    party=rng.choice(own),
                    position=position,
                    function=rng.choice(FUNCTIONS),
                    subject=rng.choice(subjects).format(topic=topic),
                    basis=MandateBasis.COLLEGEBESLUIT,
                    basis_date=start - timedelta(days=30),
                    basis_reference=f"B&W {start.year}-{rng.randint(1, 999)}",
                )
            )
        adopted = [] if concept else self.versions(agreement, own, number, place, unsigned)
        if concept:
            agreement.updated_at = EPOCH + timedelta(days=900 + number % 700)
        self.decisions(agreement, adopted, topic, water, start, end)
        self.events(agreement, number, adopted)

    def versions(
        self, agreement: Agreement, own: list[Party], number: int, place: str, unsigned: bool
    ) -> list[Version]:
        rng, start, end = self.rng, agreement.start_date, agreement.end_date
        assert start is not None
        adopted, signed = [], None
        for version_number in (1, 2, 3):
            version_start = start + timedelta(days=365 * (version_number - 1))
            document = document_for(agreement, own, version_number, version_start, end)
            canonical = json.dumps(
                document, sort_keys=True, ensure_ascii=False, separators=(",", ":")
            )
            at = EPOCH + timedelta(days=number % 900 + 200 * version_number)
            version = Version(
                agreement=agreement,
                number=version_number,
                document=document,
                schema_version=1,
                sha256=hashlib.sha256(canonical.encode()).hexdigest(),
                adopted_by=self.editor,
                adopted_by_label=self.label,
                adopted_at=at,
                note="" if version_number == 1 else "Looptijd en mandaten bijgewerkt na evaluatie",
                title=agreement.title,
                theme=agreement.theme,
                start_date=version_start,
                end_date=end,
            )
            self.rows[Version].append(version)
            adopted.append(version)
            # Every party signs versions 1 and 2; version 3 awaits signatures in 30%.
            if unsigned or (version_number == 3 and rng.random() >= 0.7):
                continue
            signed = version
            self.rows[Signature].extend(
                Signature(
                    version=version,
                    organisation=party.organisation,
                    method=SignatureMethod.DIGITAL,
                    signatory_name="Ondertekenaar",
                    signatory_function="Burgemeester",
                    basis="Collegebesluit",
                    place=place,
                    signed_on=at.date(),
                    recorded_at=at + timedelta(days=14),
                )
                for party in own
            )
        in_force = signed or adopted[-1]
        agreement.current_version = adopted[-1]
        agreement.current_adopted_at = adopted[-1].adopted_at
        agreement.signed_version = signed
        agreement.in_force_start = in_force.start_date
        agreement.in_force_end = in_force.end_date
        agreement.updated_at = adopted[-1].adopted_at + timedelta(days=signed is not None)
        return adopted

    def decisions(self, agreement, adopted, topic, water, start, end) -> None:
        rng = self.rng
        decided = [*DECISIONS, *WATER_DECISIONS] if water else DECISIONS
        for index in range(rng.randint(3, 5)):
            on = start + timedelta(days=90 * (index + 1))
            self.rows[Decision].append(
                Decision(
                    agreement=agreement,
                    version=adopted[min(index, 2)] if adopted else None,
                    decided_on=on,
                    table_name=rng.choice(
                        ["Stuurgroep", "Ambtelijk kernteam", "Bestuurlijk overleg"]
                    ),
                    what=rng.choice(decided).format(topic=topic, year=end.year, end=end.year),
                    reference=f"BL-{start.year}-{index + 1:02d}",
                    recorded_by=self.editor,
                    recorded_at=datetime.combine(on, datetime.min.time(), UTC),
                )
            )
        if adopted:
            self.rows[Evaluation].append(
                Evaluation(
                    agreement=agreement,
                    version=adopted[-1],
                    held_on=start + timedelta(days=365),
                    content_score=rng.randint(2, 5),
                    content_note="De resultaten liggen grotendeels op schema.",
                    process_score=rng.randint(2, 5),
                    process_note="De tafels komen op tijd bijeen; de besluitenlijsten zijn "
                    "volledig.",
                    relationship_score=rng.randint(2, 5),
                    relationship_note="Open gesprekken, ook als het schuurt.",
                    recorded_by=self.editor,
                    recorded_at=EPOCH + timedelta(days=365),
                )
            )

    def events(self, agreement: Agreement, number: int, adopted: list[Version]) -> None:
        target: dict[str, Any] = {
            "object_type": "agreements.agreement",
            "object_id": str(agreement.pk),
            "object_label": agreement.title[:250],
            "actor": self.editor,
            "actor_label": self.label,
            "organisation": self.brabant,
        }
        events = self.rows[AuditEvent]
        events.append(
            AuditEvent(
                at=agreement.created_at,
                action="agreement.created",
                changes={"title": [None, agreement.title]},
                **target,
            )
        )
        for revision, step in enumerate(self.rng.sample(STEPS, 4), start=1):
            events.append(
                AuditEvent(
                    at=EPOCH + timedelta(days=number % 900, hours=revision),
                    action="agreement.step_saved",
                    changes={"step": [step, step], "revision": [revision - 1, revision]},
                    **target,
                )
            )
        for version in adopted:
            if version.number > 1:
                events.append(
                    AuditEvent(
                        at=version.adopted_at - timedelta(days=30),
                        action="draft.started",
                        changes={"based_on": [None, version.number - 1]},
                        **target,
                    )
                )
            events.append(
                AuditEvent(
                    at=version.adopted_at,
                    action="version.adopted",
                    changes={
                        "version": [None, version.number],
                        "sha256": [None, version.sha256],
                        "note": [None, version.note],
                    },
                    **target,
                )
            )

    def write(self) -> int:
        """COPY the rows made so far, in one transaction; returns how many."""
        written = 0
        with transaction.atomic(), connection.cursor() as cursor:
            for model in MODELS:
                written += copy_rows(cursor.cursor, model, self.rows[model])
                self.rows[model] = []
        return written


def copy_rows(cursor, model: type[models.Model], rows: list[models.Model]) -> int:
    """Write `rows` with one COPY. An auto-incrementing key is left to its sequence; other
    values are prepared by their fields as an INSERT would (JSON, for instance)."""
    fields = [f for f in model._meta.concrete_fields if not isinstance(f, models.AutoField)]
    plain = (
        models.UUIDField,
        models.CharField,
        models.TextField,
        models.IntegerField,
        models.DateField,
        models.BooleanField,
        models.ForeignKey,
    )
    prepared = [f for f in fields if not isinstance(f, plain)]
    columns = ", ".join(connection.ops.quote_name(f.column) for f in fields)
    table = connection.ops.quote_name(model._meta.db_table)
    with cursor.copy(f"COPY {table} ({columns}) FROM STDIN") as copy:
        for row in rows:
            copy.write_row(
                [
                    f.get_db_prep_save(getattr(row, f.attname), connection)
                    if f in prepared
                    else getattr(row, f.attname)
                    for f in fields
                ]
            )
    return len(rows)


def seed(count: int, rng: random.Random) -> tuple[User, int]:
    """Seed `count` agreements; returns the Noord-Brabant reader and the number of rows."""
    orgs = organisations()
    brabant = next(o for o in orgs[Layer.PROVINCIE] if o.code == "PV30")
    reader = User.objects.create_user(email=READER, password=None, full_name="Lezer Noord-Brabant")
    Membership.objects.create(user=reader, organisation=brabant, role=Role.LEZER)
    small = User.objects.create_user(email=SMALL_READER, password=None, full_name="Lezer Bernheze")
    Membership.objects.create(user=small, organisation=orgs[Layer.GEMEENTE][0], role=Role.LEZER)
    editor = User.objects.create_user(
        email="opsteller@brabant.bench.nl", password=None, full_name="Opsteller Noord-Brabant"
    )
    Membership.objects.create(user=editor, organisation=brabant, role=Role.OPSTELLER)
    seeder = Seeder(rng, orgs, editor)
    rows = 0
    for number in range(count):
        seeder.agreement(number)
        if (number + 1) % CHUNK == 0:
            rows += seeder.write()
    rows += seeder.write()
    # The triggers on mandates and decisions rewrote every agreement row twice while seeding;
    # compact the table as a long-lived one would be, and give the planner statistics.
    with connection.cursor() as cursor:
        cursor.execute("VACUUM FULL agreements_agreement")
        cursor.execute("VACUUM ANALYZE")
    return reader, rows
