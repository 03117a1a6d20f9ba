import contextlib
import importlib
from copy import copy

import django.test.client
import pytest
from django.apps import apps
from django.conf import settings as django_settings
from django.db import DatabaseError
from django.test.utils import ContextList, override_settings

from tests.support.demo import DemoDatabase, kind_of

# --- Settings for the whole run ----------------------------------------------------------------


@pytest.fixture(scope="session")
def local_pki(tmp_path_factory):
    """The local test PKI (deploy/pki/), served on a free loopback port for the whole run: the
    seal certificate, the time-stamping service, OCSP and CRLs that sealing uses."""
    from tests.support.pki import LocalPki

    pki = LocalPki.start(tmp_path_factory.mktemp("pki"))
    yield pki
    pki.stop()


@pytest.fixture(scope="session", autouse=True)
def _test_settings(local_pki):
    """For every test, and for the demo seeded between tests:

    - the fast password hasher: demo seeding sets dozens of passwords, and the real hasher is
      slow on purpose;
    - static files through the finders: tests render templates without collectstatic;
    - PDFs sealed with the seal certificate of the local test PKI, timestamped by its TSA;
    - the production task queue besides the tests' immediate one: the admin's pages of queued
      tasks need it (tasks still run at once)."""
    with override_settings(
        PASSWORD_HASHERS=["django.contrib.auth.hashers.MD5PasswordHasher"],
        STORAGES={
            **django_settings.STORAGES,
            "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
        },
        LOCAL_PKI_DIR=local_pki.directory,
        LOCAL_PKI_URL=local_pki.url,
        SEAL_PKCS12_PATH=local_pki.seal_path,
        SEAL_PKCS12_PASSWORD="test-seal",
        SEAL_TSA_URL=local_pki.tsa_url(),
        SEAL_TRUST_ROOTS=[str(local_pki.root_path)],
        TASKS={
            **django_settings.TASKS,
            "database": {"BACKEND": "django_tasks_db.DatabaseBackend"},
        },
    ):
        yield


def _store_the_pages_context(store, signal, sender, template, context, **kwargs):
    """The test client's record of a response's templates and context, as Django's own
    (django.test.client.store_rendered_templates) but with a copy of the first context only:
    the context of the view's own template, which `response.context[...]` reads. Django copies
    the context of every template rendered, every include and field template too: on the
    builder's pages that was a third of the time a request takes in a test."""
    store.setdefault("templates", []).append(template)
    if "context" not in store:
        store["context"] = ContextList([copy(context)])


@pytest.fixture(scope="session", autouse=True)
def _light_template_capture():
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(django.test.client, "store_rendered_templates", _store_the_pages_context)
        yield


@pytest.fixture(autouse=True)
def _media_root(settings, tmp_path):
    """Keep uploaded and generated files out of the working tree."""
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture(autouse=True)
def _dutch():
    """Every test starts in Dutch: a request in English leaves English active in this thread
    (Django activates a language per request and never switches back)."""
    from django.utils import translation

    with translation.override("nl"):
        yield


@pytest.fixture(autouse=True)
def _empty_cache():
    """Every test starts with an empty cache: the shared demo's agreement has the same id and
    revision in every test, so a page cached by one test must not be served to the next."""
    from django.core.cache import cache

    cache.clear()


@pytest.fixture
def reference_data(transactional_db):
    """The role options and templates of migration 0002, for transactional tests.

    Transactional tests flush the database afterwards, so rows a data migration made are gone
    for every later one; load them again from the migration's own data.
    """
    migration = importlib.import_module("agreements.migrations.0002_reference_data")
    migration.create_reference_data(apps, None)


# --- PostgreSQL: the owner migrates, the tests act as the application (tests/support/database.py)


@pytest.fixture(scope="session")
def django_db_modify_db_settings(django_db_modify_db_settings, django_db_blocker):
    from tests.support import database

    if database.is_postgresql():
        # A test whose threads or processes wait for each other's row locks fails after two
        # minutes with the statement that waited, instead of holding its worker for ever.
        options = django_settings.DATABASES["default"].setdefault("OPTIONS", {})
        options["options"] = f"{options.get('options', '')} -c lock_timeout=120s".strip()
        with django_db_blocker.unblock():
            database.prepare_owner_setup()


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker):
    from tests.support import database

    if not database.is_postgresql():
        yield
        return
    with django_db_blocker.unblock():
        database.hand_over_to_application()
    with pytest.MonkeyPatch.context() as patch:
        from django.db.backends.postgresql.operations import DatabaseOperations

        patch.setattr(
            DatabaseOperations,
            "execute_sql_flush",
            database.flush_as_owner(DatabaseOperations.execute_sql_flush),
        )
        yield
    database.take_back_for_teardown()


@pytest.fixture(autouse=True)
def _database_owner(request):
    """`@pytest.mark.database_owner`: the test acts as the database's owner, for what only the
    owner does (restoring a backup: docs/deploy.md)."""
    from tests.support import database

    if request.node.get_closest_marker("database_owner") is None or not database.is_postgresql():
        yield
        return
    request.getfixturevalue("_django_db_helper")  # inside the test's transaction
    database.set_role(database.database_roles.owner_role())
    yield
    with contextlib.suppress(DatabaseError):  # a failed transaction: its rollback does it
        database.set_role(database.database_roles.app_role())


# --- The demo, once per worker -----------------------------------------------------------------


@pytest.fixture(scope="session")
def demo_database(django_db_setup, django_db_blocker, tmp_path_factory):
    """The worker's demo database (tests/support/demo.py); rolled back at the end."""
    database = DemoDatabase(django_db_blocker, tmp_path_factory.mktemp("demo-media"))
    yield database
    database.close()


def _is_transactional(item) -> bool:
    """As pytest-django decides it: the test runs in a TransactionTestCase."""
    from pytest_django.fixtures import validate_django_db

    marker = item.get_closest_marker("django_db")
    transactional, reset_sequences = (
        validate_django_db(marker)[:2] if marker is not None else (False, False)
    )
    names = item.fixturenames
    return bool(
        transactional
        or reset_sequences
        or "transactional_db" in names
        or "live_server" in names
        or "django_db_reset_sequences" in names
    )


# The order in which tests run: the matrix's scene first, then the tests without a demo (the
# browser tests before the others), then those of the plain demo and of the demo with its
# history. The longest run first, so that at the end the workers share out quick tests.
KIND_ORDER = {"matrix-scene": 0, None: 1, "demo": 2, "demo+history": 3, "demo+registry": 4}


# The modules whose tests share the matrix's scene (tests/support/scenes.py).
SCENE_MODULES = {
    "tests/test_permission_matrix.py",
    "tests/test_every_form_is_robust.py",
    "tests/test_every_surface_speaks_dutch.py",
}

# Tests that one worker runs together, because what they share costs seconds to make on each
# worker that runs one of them: a module's own fixture of sealed PDFs, certificates or servers
# (scope="module"), or the demo with the registry corpus (the two modules that ask for it).
TOGETHER = {
    "tests/agreements/printing/test_archive.py": "archive",
    "tests/agreements/printing/test_briefing_pdf.py": "briefing_pdf",
    "tests/agreements/printing/test_convenant.py": "convenant",
    "tests/agreements/printing/test_seal_lta.py": "seal_lta",
    "tests/agreements/printing/test_storage.py": "storage",
    "tests/agreements/printing/test_verify.py": "verify",
    "tests/accounts/test_oidc.py": "oidc",
    "tests/api/test_design_rules.py": "design_rules",
    "tests/agreements/registry/test_search_quality.py": "demo+registry",
    "tests/demo/test_registry_corpus.py": "demo+registry",
}


@pytest.hookimpl(optionalhook=True)
def pytest_xdist_make_scheduler(config, log):
    """pytest-xdist's "load" distribution, except that the tests of the matrix's scene all go
    to the first worker, as the first it runs: it builds the scene, renders its PDFs and reads
    every page once, where every worker would do all that again. The other tests are handed
    out in chunks as "load" does: to the other workers, and to the first when it is done; a
    chunk that would end inside a group of TOGETHER takes the rest of the group along.
    (xdist's own "loadgroup" does not do here: it needs unique test ids, and the tests
    schemathesis makes share one.)"""
    if config.getoption("dist") != "load":
        return None
    from xdist.scheduler import LoadScheduling

    class SceneOnOneWorker(LoadScheduling):
        def schedule(self) -> None:
            if self.collection is not None or not self._check_nodes_have_same_collection():
                super().schedule()
                return
            collection = next(iter(self.node2collection.values()))
            scene = [i for i, nodeid in enumerate(collection) if _in_scene(nodeid)]
            if not scene or len(self.nodes) < 2 or len(scene) == len(collection):
                super().schedule()
                return
            # LoadScheduling.schedule, with the scene first to one worker.
            self.collection = collection
            self.pending[:] = [i for i in range(len(collection)) if i not in set(scene)]
            if self.maxschedchunk is None:
                self.maxschedchunk = len(collection)
            first, *others = self.nodes
            self.node2pending[first].extend(scene)
            first.send_runtest_some(scene)
            chunk = max(min(len(self.pending) // len(others) // 4, self.maxschedchunk), 2)
            for node in others:
                self._send_tests(node, chunk)

        def _send_tests(self, node, num: int) -> None:
            # The collection is in TOGETHER's groups' order (pytest_collection_modifyitems).
            num = min(num, len(self.pending))
            group = _together(self.collection[self.pending[num - 1]]) if num else None
            while group and num < len(self.pending):
                if _together(self.collection[self.pending[num]]) != group:
                    break
                num += 1
            super()._send_tests(node, num)

    return SceneOnOneWorker(config, log)


def _together(nodeid: str) -> str | None:
    return TOGETHER.get(nodeid.split("::")[0])


def _in_scene(nodeid: str) -> bool:
    return nodeid.split("::")[0] in SCENE_MODULES


@pytest.hookimpl(trylast=True)
def pytest_collection_modifyitems(items):
    """The tests of each demo together, across modules, otherwise in their order: a worker
    seeds each demo once (pytest-xdist hands every worker its tests in this order).

    A group of TOGETHER stays in one piece, at the head of the last demo its tests ask for:
    its tests without that demo run just before the worker seeds it for the group's others.

    After pytest-django's own order, which puts the transactional tests last because their
    flush would empty the database for the tests after them: here the demo database puts
    back what the migrations made after every flush (tests/support/demo.py)."""
    modules: dict[str, int] = {}
    kinds = {
        item: KIND_ORDER[kind_of(item.fixturenames, item.get_closest_marker("demo"))]
        for item in items
    }
    groups: dict[str, int] = {}  # a group's last demo
    for item, kind in kinds.items():
        if group := _together(item.nodeid):
            groups[group] = max(groups.get(group, kind), kind)
    first_seen = {group: position for position, group in enumerate(groups)}

    def place(indexed):
        index, item = indexed
        module = modules.setdefault(item.nodeid.split("::")[0], len(modules))
        if group := _together(item.nodeid):
            return groups[group], 0, first_seen[group], kinds[item], module, index
        browser = item.get_closest_marker("e2e") is not None
        return kinds[item], 1, not browser, module, 0, index

    items[:] = [item for _index, item in sorted(enumerate(items), key=place)]


@pytest.hookimpl(tryfirst=True)
def pytest_fixture_setup(fixturedef, request):
    """Just before a test's own transaction opens (pytest-django's _django_db_helper): the
    database holds the demo the test asks for, or no demo at all."""
    if fixturedef.argname != "_django_db_helper":
        return
    item = request.node
    demo_database = request.getfixturevalue("demo_database")
    demo_database.prepare(
        kind_of(item.fixturenames, item.get_closest_marker("demo")),
        transactional=_is_transactional(item),
    )


@pytest.fixture
def demo(demo_database, db, settings, request):
    """The demo agreement (with its history under `@pytest.mark.demo(history=True)`), shared
    by the worker's tests: changes are rolled back after each test."""
    from agreements.models import Agreement

    _check_prepared(demo_database, request)
    demo_database.link_files_into(settings.MEDIA_ROOT)
    return Agreement.objects.get(pk=demo_database.facts["agreement_id"])


@pytest.fixture
def registry_corpus(demo, demo_database) -> dict:
    """With `@pytest.mark.demo(registry=True)`: each spec's key of the registry corpus
    (demo/registry/) and the id of its agreement."""
    return dict(demo_database.facts["registry"])


@pytest.fixture
def registry_reader(registry_corpus):
    """A lezer of every organisation party to the registry corpus or the demo agreement: one
    login that sees the whole demo registry (for the search's query set)."""
    from accounts.models import Membership, Organisation, Role, User

    user = User.objects.create_user(
        email="lezer@register.example.nl", full_name="Rinske Register", function="onderzoeker"
    )
    parties = Organisation.objects.filter(agreement_parties__isnull=False).distinct()
    Membership.objects.bulk_create(
        Membership(user=user, organisation=organisation, role=Role.LEZER)
        for organisation in parties
    )
    return user


@pytest.fixture
def matrix_scene(demo_database, db, settings, request) -> dict:
    """The permission matrix's scene (tests/support/scenes.py): the ids for every URL."""
    _check_prepared(demo_database, request)
    demo_database.link_files_into(settings.MEDIA_ROOT)
    return dict(demo_database.facts)


def _check_prepared(demo_database, request) -> None:
    wanted = kind_of(request.node.fixturenames, request.node.get_closest_marker("demo"))
    assert wanted is not None and demo_database.kind == wanted, (
        f"the demo database holds {demo_database.kind!r}, this test asks for {wanted!r}: "
        "ask for the demo as an argument of the test or of its fixtures (or with "
        "@pytest.mark.usefixtures), not with request.getfixturevalue"
    )
