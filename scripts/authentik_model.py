"""In-memory stand-ins for the parts of authentik that the generated mappings touch.

What this replaces (the harness cannot run authentik): authentik's Django models ``authentik.core.models.User`` and
``authentik.providers.scim.models.SCIMProviderUser`` with their ORM managers, Django's cache
(``django.core.cache.cache``) and the event store behind ``ak_create_event``. It is checked against their published
contract as far as the mappings use it:

* The ORM: ``filter``/``exclude`` with the lookups ``exact``, ``iexact``, ``icontains`` and ``in`` over ``__`` paths
  (``provider__pk``), chained lazily; ``values_list(*fields, flat=)``; iteration runs ONE query, and a queryset
  given to ``__in`` is a subquery of the outer one, not a query of its own (Django's QuerySet API reference).
  ``icontains`` is what Django emits on PostgreSQL, ``UPPER(col::text) LIKE UPPER(%s)``; ``iexact`` likewise with
  ``=``. Python's ``str.upper`` stands in for PostgreSQL's ``UPPER``. Every executed query is counted, so tests can
  hold the mappings to their query budget.
* ``User``: the fields authentik's API returns (authentik/core/models.py): not-null CharFields are ``""``, never
  ``None``; ``uid`` is sha256 of "<pk>-<install id>".
* ``SCIMProviderUser``: ``provider``, ``user``, ``scim_id`` and ``attributes`` (the SCIM response authentik stores,
  authentik/providers/scim/clients/users.py).
* The cache: ``get(key, default=None)``, ``set(key, value, timeout)``, ``delete(key)``, with a simulated clock.
"""
from __future__ import annotations

import bisect
import hashlib
import sys
import types
import uuid as uuid_module
from typing import Any, Callable

INSTALL_ID = "authentik-eval-harness"


class QueryLog:
    """Counts the SQL queries the ORM stand-in would run."""

    def __init__(self) -> None:
        self.count = 0


QUERIES = QueryLog()

# (table, field path) -> [(value, row)]: column values read once per table state (the stand-in's only "index").
# A row added or removed changes the key (the table's length); a changed field value needs Directory.changed().
COLUMNS: dict = {}


def _column(table: list, path: list[str]) -> list:
    key = (id(table), len(table), tuple(path))
    col = COLUMNS.get(key)
    if col is None:
        col = COLUMNS[key] = [(_resolve(row, path), row) for row in table]
    return col


def _resolve(item: Any, path: list[str]) -> Any:
    for part in path:
        item = getattr(item, part, None)
    return item


def _icontains_rows(table: list, path: list[str], up: str) -> list:
    """``path__icontains=up`` over a whole table, exactly as the generic test (``up in str(v).upper()``, None never
    matches), but searched in one upper-cased text of the column (values joined by NUL) with ``str.find``: the
    duplicate-identity query runs once per user, and a per-row test made a 10,000-user sync quadratic in Python."""
    col = _column(table, path)
    key = ("icontains", id(table), len(table), tuple(path))
    index = COLUMNS.get(key)
    if index is None:
        texts = ["" if value is None else str(value).upper() for value, _ in col]
        starts, position = [], 0
        for text in texts:
            starts.append(position)
            position += len(text) + 1
        index = COLUMNS[key] = ("\x00".join(texts), starts)
    text, starts = index
    found = []
    at = text.find(up)
    while at != -1:
        row = bisect.bisect_right(starts, at) - 1
        if col[row][0] is not None:
            found.append(col[row][1])
        # The next match can only be in a later value (up holds no NUL, so no match spans two values).
        at = text.find(up, starts[row + 1]) if row + 1 < len(starts) else -1
    return found


def _select(rows: list, full_table: bool, key: str, wanted: Any, keep: bool) -> list:
    """Rows for which the lookup ``path__op=wanted`` holds (``keep``) or does not hold."""
    parts = key.split("__")
    op = parts[-1] if parts[-1] in ("exact", "iexact", "icontains", "in") else "exact"
    path = parts[:-1] if op != "exact" or parts[-1] == "exact" else parts
    if op == "exact":
        test = lambda v: v == wanted  # noqa: E731
    elif op == "iexact":
        up = str(wanted).upper()
        test = lambda v: v is not None and str(v).upper() == up  # noqa: E731
    elif op == "icontains":
        up = str(wanted).upper()
        test = lambda v: v is not None and up in str(v).upper()  # noqa: E731
    else:
        members = list(wanted)
        test = lambda v: v in members  # noqa: E731
    if full_table and op == "icontains" and keep and up and "\x00" not in up:
        return _icontains_rows(rows, path, up)
    if full_table:
        return [row for value, row in _column(rows, path) if test(value) == keep]
    return [row for row in rows if test(_resolve(row, path)) == keep]


class QuerySet:
    """A lazy Django-QuerySet look-alike over a callable that lists the table."""

    def __init__(self, source: Callable[[], list], steps: tuple = (), values: tuple | None = None, flat: bool = False):
        self._source = source
        self._steps = steps
        self._values = values
        self._flat = flat
        self._cache: list | None = None

    def _chain(self, **changes: Any) -> "QuerySet":
        state = {"steps": self._steps, "values": self._values, "flat": self._flat, **changes}
        return QuerySet(self._source, state["steps"], state["values"], state["flat"])

    def all(self) -> "QuerySet":
        return self._chain()

    def filter(self, **lookups: Any) -> "QuerySet":
        return self._chain(steps=self._steps + (("filter", lookups),))

    def exclude(self, **lookups: Any) -> "QuerySet":
        return self._chain(steps=self._steps + (("exclude", lookups),))

    def values_list(self, *fields: str, flat: bool = False) -> "QuerySet":
        if flat and len(fields) != 1:
            raise TypeError("'flat' is not valid when values_list is called with more than one field.")
        return self._chain(values=fields, flat=flat)

    def _evaluate(self, count: bool = True) -> list:
        """Runs the query once and keeps the rows, like Django's result cache."""
        if self._cache is not None:
            return self._cache
        if not count:
            return self._run()
        QUERIES.count += 1
        self._cache = self._run()
        return self._cache

    def _run(self) -> list:
        table = self._source()
        items, full = table, True
        for kind, raw in self._steps:
            # A queryset given to __in is a subquery: part of the outer SQL statement, not a query of its own.
            lookups = {k: (v._run() if isinstance(v, QuerySet) else v) for k, v in raw.items()}
            if kind == "filter":
                for k, v in lookups.items():
                    items, full = _select(items, full, k, v, True), False
            else:  # exclude(a=1, b=2) drops rows matching all of them
                drop = items
                for k, v in lookups.items():
                    drop, full_drop = _select(drop, full and drop is items, k, v, True), False
                dropped = {id(r) for r in drop}
                items, full = [r for r in items if id(r) not in dropped], False
        if self._values is None:
            return items
        rows = [tuple(_resolve(i, f.split("__")) for f in self._values) for i in items]
        return [r[0] for r in rows] if self._flat else rows

    def exists(self) -> bool:
        return bool(self._evaluate())

    def count(self) -> int:
        return len(self._evaluate())

    def first(self) -> Any:
        items = self._evaluate()
        return items[0] if items else None

    def __iter__(self):
        return iter(self._evaluate())

    def __len__(self) -> int:
        return len(self._evaluate())

    def __bool__(self) -> bool:
        return bool(self._evaluate())

    def __getitem__(self, index: Any) -> Any:
        return self._evaluate()[index]


class Group:
    def __init__(self, name: str, attributes: dict | None = None, parent: "Group | None" = None):
        self.name = name
        self.pk = str(uuid_module.uuid5(uuid_module.NAMESPACE_OID, "group:" + name))
        self.group_uuid = self.pk
        self.attributes = attributes or {}
        self.parent = parent
        self.is_superuser = False

    def __repr__(self) -> str:
        return f"<Group {self.name}>"


class User:
    """authentik.core.models.User, built from an API-shaped JSON object."""

    def __init__(self, data: dict):
        self.update(data, initial=True)

    def update(self, data: dict, initial: bool = False) -> None:
        if initial:
            self.pk = data.get("pk", 0)
            self.id = self.pk
        get = (lambda k, d=None: data.get(k, d)) if initial else (lambda k, d=None: data.get(k, getattr(self, k, d)))
        self.username = get("username") or ""
        # Not-null CharFields in authentik: the empty string, never None.
        self.email = get("email") or ""
        self.name = get("name") or ""
        self.is_active = bool(get("is_active", True))
        self.type = get("type") or "internal"
        self.path = get("path") or "users"
        self.attributes = get("attributes") or {}
        self.avatar = get("avatar") or ""
        self.uuid = get("uuid") or str(uuid_module.uuid5(uuid_module.NAMESPACE_OID, f"user:{self.pk}"))
        self.uid = get("uid") or hashlib.sha256(f"{self.pk}-{INSTALL_ID}".encode()).hexdigest()
        self.is_superuser = bool(get("is_superuser", False))
        self.is_staff = self.is_superuser
        if initial or "groups_obj" in data or "groups" in data:
            names = [g["name"] for g in data.get("groups_obj") or [] if isinstance(g, dict) and "name" in g]
            if not names:
                names = [g for g in data.get("groups") or [] if isinstance(g, str)]
            self._groups = [Group(n) for n in names]

    @property
    def groups(self) -> QuerySet:
        return QuerySet(lambda: self._groups)

    @property
    def ak_groups(self) -> QuerySet:  # deprecated alias since 2026.2, still works
        return self.groups

    def all_groups(self) -> QuerySet:
        def walk() -> list:
            seen, out = set(), []
            for group in self._groups:
                while group is not None and group.name not in seen:
                    seen.add(group.name)
                    out.append(group)
                    group = group.parent
            return out

        return QuerySet(walk)

    def locale(self, request: Any = None) -> str:
        if request is not None and getattr(request, "LANGUAGE_CODE", None):
            return request.LANGUAGE_CODE
        return (self.attributes.get("settings") or {}).get("locale", "")

    def group_attributes(self, request: Any = None) -> dict:
        merged: dict = {}
        for group in sorted(self._groups, key=lambda g: g.name):
            merged.update(group.attributes)
        merged.update(self.attributes)
        return merged

    def __str__(self) -> str:
        return self.username

    def __repr__(self) -> str:
        return f"<User {self.username}>"


class Provider:
    def __init__(self, data: dict):
        self.__dict__.update(data)

    def __repr__(self) -> str:
        return f"<Provider {getattr(self, 'name', '?')}>"


class SCIMProviderUser:
    """authentik.providers.scim.models.SCIMProviderUser: the link of one user to one remote (AWS) user."""

    def __init__(self, provider: Provider, user: User, scim_id: str, attributes: dict):
        self.provider = provider
        self.user = user
        self.scim_id = scim_id
        self.attributes = attributes


class Cache:
    """django.core.cache.cache with a simulated clock (seconds)."""

    def __init__(self) -> None:
        self.now = 0.0
        self._data: dict = {}
        self.writes = 0

    def get(self, key: str, default: Any = None) -> Any:
        value, expires = self._data.get(key, (default, None))
        if expires is not None and expires <= self.now:
            self._data.pop(key, None)
            return default
        return value

    def set(self, key: str, value: Any, timeout: float | None = 300) -> None:
        self.writes += 1
        self._data[key] = (value, None if timeout is None else self.now + timeout)

    def delete(self, key: str) -> None:
        self._data.pop(key, None)


class Directory:
    """authentik's database as far as the mappings see it: users, SCIM links, the cache."""

    def __init__(self, users: list[User]):
        self.users = users
        self.links: list[SCIMProviderUser] = []
        self.cache = Cache()
        self.events: list[dict] = []

    def link_for(self, provider: Provider, user: User) -> SCIMProviderUser | None:
        return next((l for l in self.links if l.user is user and l.provider.pk == provider.pk), None)

    @staticmethod
    def changed() -> None:
        """A table changed: forget the column cache."""
        COLUMNS.clear()

    def install(self) -> None:
        """Makes ``from authentik.core.models import User`` etc. resolve to this directory (sys.modules)."""
        def module(name: str, **attrs: Any) -> None:
            mod = types.ModuleType(name)
            mod.__dict__.update(attrs)
            sys.modules[name] = mod

        user_model = type("User", (), {"objects": QuerySet(lambda: self.users)})
        link_model = type("SCIMProviderUser", (), {"objects": QuerySet(lambda: self.links)})
        for name in ("authentik", "authentik.core", "authentik.providers", "authentik.providers.scim"):
            module(name)
        module("authentik.core.models", User=user_model)
        module("authentik.providers.scim.models", SCIMProviderUser=link_model)
        # Only the cache module is replaced: Django's validators stay the real ones.
        module("django.core.cache", cache=self.cache)
