"""The demo database: seeded once per worker, shared by the tests that ask for it.

Seeding the demo and rendering its PDFs take longer than most tests, and most tests that use
the demo only read it or change it a little. So each pytest worker keeps one demo at a time in
an open transaction (an outer atomic block) and every test that asks for it runs, as any
pytest-django test, in a savepoint inside it that is rolled back afterwards: every test starts
from the same demo, whatever the test before it changed.

Which demo a test gets: the fixture it asks for (`demo`, `matrix_scene`) and, for `demo`, the
module's or test's marker `@pytest.mark.demo(history=True)` (or `registry=True`: the history and
the registry corpus). Before each test's own
transaction opens (the hook in tests/conftest.py), `DemoDatabase.prepare` makes the database
hold exactly that: it keeps the demo that is there when it is the one asked for, rolls it back
when the test asks for another one or for none (so no demo data reaches a test that did not ask
for it), and seeds the one asked for. Tests that need a committed database (transactional
tests: the browser tests) find no demo transaction open; they seed their own.

The demo's files (the PDFs a scene renders) are written to a directory of its own and linked
into each test's MEDIA_ROOT, so a test that writes files leaves nothing for the next one.
"""

import shutil
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

from django.core.cache import cache
from django.db import DEFAULT_DB_ALIAS, connections, transaction
from django.test.utils import override_settings
from django.utils import translation

from agreements.models import Agreement
from demo.registry import AGREEMENTS
from demo.scenario import DEMO_AGREEMENT_TITLE, seed_demo

# A demo kind: its builder seeds the database (inside the demo's transaction, with MEDIA_ROOT
# its own directory) and returns the facts tests need to find their way: ids, never objects.
BUILDERS: dict[str, Callable[[], dict]] = {}


def builder(kind: str):
    def register(build: Callable[[], dict]) -> Callable[[], dict]:
        BUILDERS[kind] = build
        return build

    return register


@builder("demo")
def _plain() -> dict:
    """The demo agreement: a complete draft of nine parties, never adopted."""
    seed_demo()
    return {"agreement_id": Agreement.objects.get(title=DEMO_AGREEMENT_TITLE).pk}


@builder("demo+history")
def _with_history() -> dict:
    """The demo with its history: versions 1 and 2, signed by every party and published."""
    seed_demo(history=True)
    return {"agreement_id": Agreement.objects.get(title=DEMO_AGREEMENT_TITLE).pk}


@builder("demo+registry")
def _with_registry() -> dict:
    """The demo with its history and the registry corpus beside it (demo/registry/): what
    `make run` shows in the registry, without the draft under discussion. Opt-in (the marker
    `@pytest.mark.demo(registry=True)`): seeding the corpus costs a worker a few seconds, which
    the tests of one agreement need not pay. `registry` maps each spec's key to its agreement."""
    seed_demo(history=True, registry=True)
    titles = {spec.title: spec.key for spec in AGREEMENTS}
    found = Agreement.objects.filter(title__in=titles).values_list("title", "pk")
    return {
        "agreement_id": Agreement.objects.get(title=DEMO_AGREEMENT_TITLE).pk,
        "registry": {titles[title]: pk for title, pk in found},
    }


@builder("matrix-scene")
def _matrix_scene() -> dict:
    from tests.support.scenes import build_matrix_scene

    return build_matrix_scene()


def kind_of(fixturenames, marker) -> str | None:
    """The demo a test asks for: by its fixtures, and the `demo` marker for `demo`."""
    if "matrix_scene" in fixturenames:
        return "matrix-scene"
    if "demo" in fixturenames:
        kwargs = marker.kwargs if marker is not None else {}
        if kwargs.get("registry", False):
            return "demo+registry"
        return "demo+history" if kwargs.get("history", False) else "demo"
    return None


class DemoDatabase:
    """At most one demo per worker, in an outer transaction that tests run inside."""

    def __init__(self, blocker, media_base: Path):
        self._blocker = blocker  # pytest-django's: the database is closed outside tests
        self._media_base = media_base
        self._atomic: transaction.Atomic | None = None
        self._connection = None  # the one the demo was seeded on
        self.kind: str | None = None
        self.facts: dict = {}
        # A transactional test flushes every table on its way out, the rows of the data
        # migrations too (role options, templates); they are put back before the next test,
        # so every test starts from the database as the migrations left it.
        self.flushed = False

    @property
    def media_root(self) -> Path:
        return self._media_base / (self.kind or "none")

    def prepare(self, kind: str | None, *, transactional: bool = False) -> None:
        """Before a test's own transaction: the database holds the demo `kind`, or none."""
        if self.kind is not None and not self._still_open():
            # Something closed the connection, and with it ended the demo's transaction.
            self._atomic, self._connection, self.kind, self.facts = None, None, None, {}
        if transactional and kind is not None:
            raise RuntimeError(
                "The shared demo lives in a transaction that is never committed, so a "
                "transactional test (a browser test) cannot see it: call seed_demo() in the "
                "test instead of asking for the demo fixture."
            )
        if transactional or kind != self.kind:
            self.close()
        if self.flushed:  # by the transactional test before: the demo is closed
            self._restore_reference_data()
        if transactional:
            self.flushed = True  # by this test, on its way out
        elif kind is not None and kind != self.kind:
            self._open(kind)

    def _still_open(self) -> bool:
        connection = connections[DEFAULT_DB_ALIAS]
        if connection is not self._connection:
            raise RuntimeError(
                "This thread sees another database connection than the one the demo was "
                "seeded on (Playwright's event loop gives it one of its own): close the demo "
                "(DemoDatabase.close) before starting Playwright."
            )
        return bool(connection.atomic_blocks) and connection.atomic_blocks[0] is self._atomic

    def _open(self, kind: str) -> None:
        media = self._media_base / kind
        shutil.rmtree(media, ignore_errors=True)
        media.mkdir(parents=True)
        with self._blocker.unblock():
            connection = connections[DEFAULT_DB_ALIAS]
            assert not connection.in_atomic_block, "the demo must be the outermost transaction"
            self._connection = connection
            self._atomic = transaction.atomic(using=DEFAULT_DB_ALIAS)
            self._atomic.__enter__()
            self.kind = kind
            try:
                with override_settings(MEDIA_ROOT=media), translation.override("nl"):
                    self.facts = BUILDERS[kind]()
            except BaseException:
                self.close()
                raise
        cache.clear()

    def close(self) -> None:
        """Roll the demo back: the database is as the migrations left it."""
        if self.kind is None:
            return
        if self._still_open():
            with self._blocker.unblock():
                transaction.set_rollback(True, using=DEFAULT_DB_ALIAS)
                self._atomic.__exit__(None, None, None)
        self._atomic, self._connection, self.kind, self.facts = None, None, None, {}
        cache.clear()

    def _restore_reference_data(self) -> None:
        import importlib

        from django.apps import apps

        migration = importlib.import_module("agreements.migrations.0002_reference_data")
        with self._blocker.unblock():
            migration.create_reference_data(apps, None)
        self.flushed = False

    @contextmanager
    def using(self, kind: str) -> Iterator[dict]:
        """For a fixture wider than a test (a PDF rendered once per module): the demo `kind`,
        in a savepoint rolled back afterwards; yields its facts."""
        self.prepare(kind)
        with (
            self._blocker.unblock(),
            override_settings(MEDIA_ROOT=self.media_root),
            translation.override("nl"),
            transaction.atomic(),
        ):
            yield self.facts
            transaction.set_rollback(True)

    def link_files_into(self, media_root: Path) -> None:
        """The demo's files, for a test with its own MEDIA_ROOT: linked, not copied (storage
        never writes over a file, and removing one removes only the test's link)."""
        for source in self.media_root.rglob("*"):
            if source.is_file():
                target = media_root / source.relative_to(self.media_root)
                target.parent.mkdir(parents=True, exist_ok=True)
                target.symlink_to(source)
