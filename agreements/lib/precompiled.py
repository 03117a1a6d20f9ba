"""Queries compiled to SQL once per process and then run with new values.

Django builds and compiles a queryset anew on every call. For the agreement page's one query
(the agreement if the user may see it, with the user's right to edit and the number of
signatures) that took 2 ms of Python per request, where running the SQL takes 0.3 ms; under
load it was most of the page's cost (docs/benchmarks.md, "Under load").

`Precompiled` keeps the rules where they are: it builds the queryset with the ORM, from the
same functions every other page uses (`permissions.visible_to`, ...), once, with stand-in
values that cannot occur in real data. It keeps the SQL, the positions of the stand-ins among
its parameters and the ORM's converters for the selected columns; each run swaps the real
values in, executes the SQL and converts the row exactly as the ORM would. If the query no
longer carries a stand-in as a parameter (the rule changed shape), compiling fails loudly
rather than running a query that ignores the value. Tests hold every precompiled query to the
answers of its queryset (tests/agreements/lib/test_precompiled.py).
"""

import threading
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any, Generic, TypeVar, cast
from uuid import UUID

from django.db import connections, router
from django.db.models import Model, QuerySet


class StandInMissing(RuntimeError):
    """The compiled query does not use a value it was built with."""


@dataclass(frozen=True)
class _Compiled:
    sql: str
    params: tuple[Any, ...]
    # For each stand-in: where it sits among the parameters, and how the driver got it there.
    positions: dict[str, list[tuple[int, Callable[[Any], Any]]]]
    columns: list[str]
    converters: dict
    compiler: Any


# Values no row can hold: a negative id and a UUID of version 0.
STAND_IN_ID = -918_273_645
STAND_IN_UUID = UUID("00000000-0000-0000-0000-5ba9d1e0c0de")

# What `first` returns: the model, or the model with the annotations of `build`'s queryset
# (`WithAnnotations[Agreement, ...]`), as `build` declares it.
_Row = TypeVar("_Row", bound=Model)


class Precompiled(Generic[_Row]):
    """One row of `model`, selected by `build(**stand_ins)` and read as an instance of it.

    `build` returns a queryset of `model`; `fields` are the model fields to read (the others
    stay deferred) and `annotations` the annotations to set as attributes. `stand_ins` name
    the arguments of `build` and the stand-in each is compiled with.
    """

    def __init__(
        self,
        model: type[Model],
        build: Callable[..., QuerySet[_Row]],
        *,
        fields: Sequence[str],
        annotations: Sequence[str] = (),
        stand_ins: dict[str, Any],
    ):
        self.model = model
        self.build = build
        self.fields = tuple(dict.fromkeys(fields))
        self.annotations = tuple(annotations)
        self.stand_ins = stand_ins
        self._compiled: dict[str, _Compiled] = {}
        self._lock = threading.Lock()

    def queryset(self, **values) -> QuerySet:
        """The queryset this query stands for, with real values (for tests and fallbacks)."""
        return self.build(**values).values(*self.fields, *self.annotations)

    def _compile(self, alias: str) -> _Compiled:
        queryset = self.queryset(**self.stand_ins)[:1]
        compiler = queryset.query.get_compiler(using=alias)
        sql, params = compiler.as_sql()
        positions = {
            name: [
                (i, form)
                for i, param in enumerate(params)
                for form in _forms(stand_in)
                if _same(param, form(stand_in))
            ]
            for name, stand_in in self.stand_ins.items()
        }
        missing = [name for name, found in positions.items() if not found]
        if missing:
            raise StandInMissing(f"{self.model.__name__}: {', '.join(missing)}")
        columns = [alias for _expression, _sql, alias in compiler.select]
        converters = compiler.get_converters([expression for expression, *_ in compiler.select])
        return _Compiled(sql, tuple(params), positions, columns, converters, compiler)

    def compiled(self, alias: str) -> _Compiled:
        # Keyed by database alias: SQLite and PostgreSQL compile differently.
        if alias not in self._compiled:
            with self._lock:
                if alias not in self._compiled:
                    self._compiled[alias] = self._compile(alias)
        return self._compiled[alias]

    def first(self, **values) -> _Row | None:
        """The row for these values as a `model` instance, or None."""
        alias = router.db_for_read(self.model)
        compiled = self.compiled(alias)
        params = list(compiled.params)
        for name, places in compiled.positions.items():
            for index, form in places:
                params[index] = form(values[name])
        connection = connections[alias]
        with connection.cursor() as cursor, connection.execute_wrapper(_prepared):
            cursor.execute(compiled.sql, params)
            row = cursor.fetchone()
        if row is None:
            return None
        if compiled.converters:
            row = next(iter(compiled.compiler.apply_converters([row], compiled.converters)))
        by_name = dict(zip(compiled.columns, row, strict=True))
        names = [
            field.attname for field in self.model._meta.concrete_fields if field.attname in by_name
        ]
        instance = self.model.from_db(alias, names, [by_name[name] for name in names])
        for name in self.annotations:
            setattr(instance, name, by_name[name])
        # A `model` with the annotations set: the row `build`'s queryset declares.
        return cast(_Row, instance)


def _prepared(execute, sql, params, many, context):
    """Run the statement as a prepared one where the driver can (psycopg with server-side
    parameters, settings.PG_PREPARED_STATEMENTS): PostgreSQL plans it once per connection.

    Only precompiled queries are prepared. A prepared statement gets a generic plan after five
    runs, which suits a lookup by key but not every query (the registry's search got twice as
    slow), so nothing else is."""
    connection = context["connection"]
    if connection.vendor != "postgresql" or not connection.settings_dict["OPTIONS"].get(
        "server_side_binding"
    ):
        return execute(sql, params, many, context)
    # As Django's own execute: refuse inside a broken transaction, and raise Django's errors
    # (which also mark a dropped connection for closing at the end of the request).
    connection.validate_no_broken_transaction()
    with connection.wrap_database_errors:
        return context["cursor"].cursor.execute(sql, params, prepare=True)


def _forms(value: Any) -> list[Callable[[Any], Any]]:
    """The forms in which a driver may receive the value: SQLite gets a UUID as hex."""
    if isinstance(value, UUID):
        return [lambda v: v, lambda v: UUID(str(v)).hex, lambda v: str(v)]
    return [lambda v: v]


def _same(param: Any, stand_in: Any) -> bool:
    # Parameters may be wrapped for the driver (psycopg's Int4 is an int); compare by value and
    # type family, so that True never matches 1.
    if isinstance(stand_in, bool) or isinstance(param, bool):
        return param is stand_in
    return param == stand_in
