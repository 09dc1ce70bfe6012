#!/usr/bin/env python3
"""Run authentik property-mapping expressions the way authentik runs them, for many users at once.

Reproduces (authentik source: authentik/core/expression/evaluator.py, authentik/lib/sync/mapper.py, authentik/providers/saml/processors/assertion.py):
  * BaseEvaluator.wrap_expression: the expression is indented 4 spaces inside
    ``def handler(<context keys>):`` followed by ``result = handler(<context keys>)``; keys are sanitised
    (``[:.-]`` -> ``_``) and kept in context insertion order.
  * compile(wrapped, filename=<mapping name>, "exec"); exec(code, globals, locals) with globals = the
    evaluator globals (stubs below; Python adds full ``__builtins__``) and locals = the context.
  * SAML NameID (AssertionProcessor.get_name_id): context ``user, http_request, request, provider``;
    text starts as ``user.uid``; a non-None value becomes ``str(value)``; an exception leaves ``user.uid``.
  * SCIM user (PropertyMappingManager + BaseOutgoingSyncClient.to_schema): handler compiled with
    ``request, provider, connection`` (no bare ``user``); mappings run in name order; ``None`` results are
    skipped; results are deep-merged (dicts recurse, lists append, sets union, anything else overrides);
    an empty merge is StopSync; ``SkipObject`` skips the user; any other exception is StopSync;
    top-level ``None`` values are removed; ``schemas`` starts with the core user schema; ``externalId``
    defaults to ``str(user.uid)``.

Input (stdin, JSON):
  {"nameIdExpression": str, "scimUserExpression": str, "users": [...],
   optional "scimUserMappings": [{"name": str, "expression": str}, ...] (replaces scimUserExpression),
   optional "nameIdMappingName", "provider": {...}}
A JSON list of such objects is a batch (several configurations, one process): the output is then
``{"batch": [<output of each>]}``.
``--users FILE`` reads the users from FILE instead (a list, or an authentik API page ``{"results": [...]}``).
Users are plain JSON objects with authentik API field names: username, email, name, is_active, type, pk,
uid, uuid, attributes, avatar, path, groups / groups_obj.

Output (stdout, JSON): {"results": [{"username", "uid", "skipped", "reason"?, "nameId", "nameIdFallback",
"nameIdError"?, "scimBody"?, "error"?, "warnings": [...]}, ...]}
or {"compileError": "..."} (exit status 2) when an expression does not compile.
"""
from __future__ import annotations

import argparse
import hashlib
import ipaddress
import json
import re
import sys
import textwrap
import unicodedata
import uuid as uuid_module
from typing import Any

CORE_USER_SCHEMA = "urn:ietf:params:scim:schemas:core:2.0:User"
ARG_SANITIZE = re.compile(r"[:.-]")
# Stand-in for authentik's install_unique_identifier, used only when a user has no "uid" of its own.
INSTALL_ID = "authentik-eval-harness"


# --------------------------------------------------------------------------------------------------
# Control-flow exceptions (authentik.lib.sync.mapper / core.expression.exceptions)
# --------------------------------------------------------------------------------------------------
class ControlFlowException(Exception):
    """authentik's ControlFlowException: passes through PropertyMapping.evaluate untouched."""


class SkipObjectException(ControlFlowException):
    """Exposed to expressions as the global ``SkipObject``."""


class StopSync(Exception):
    """What the SCIM sync raises for that object when mappings fail or produce nothing."""


# --------------------------------------------------------------------------------------------------
# Model stand-ins: just enough surface for expressions (authentik source: authentik/core/models.py, User)
# --------------------------------------------------------------------------------------------------
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


class QuerySet:
    """A tiny Django-QuerySet look-alike over a list (filter by exact field values)."""

    def __init__(self, items: list):
        self._items = list(items)

    def all(self) -> "QuerySet":
        return QuerySet(self._items)

    def filter(self, **filters: Any) -> "QuerySet":
        def keep(item: Any) -> bool:
            for key, wanted in filters.items():
                field, _, op = key.partition("__")
                value = getattr(item, field, None)
                if op in ("", "exact"):
                    if value != wanted:
                        return False
                elif op == "iexact":
                    if str(value).lower() != str(wanted).lower():
                        return False
                elif op == "in":
                    if value not in wanted:
                        return False
                else:
                    raise NotImplementedError(f"lookup {key!r} is not modelled by the harness")
            return True

        return QuerySet([i for i in self._items if keep(i)])

    def exists(self) -> bool:
        return bool(self._items)

    def count(self) -> int:
        return len(self._items)

    def first(self) -> Any:
        return self._items[0] if self._items else None

    def order_by(self, *fields: str) -> "QuerySet":
        items = self._items
        for field in reversed(fields):
            reverse = field.startswith("-")
            items = sorted(items, key=lambda i: getattr(i, field.lstrip("-")), reverse=reverse)
        return QuerySet(items)

    def values_list(self, field: str, flat: bool = False) -> list:
        return [getattr(i, field) for i in self._items]

    def __iter__(self):
        return iter(self._items)

    def __len__(self) -> int:
        return len(self._items)

    def __bool__(self) -> bool:
        return bool(self._items)


class User:
    """authentik.core.models.User, built from an API-shaped JSON object."""

    def __init__(self, data: dict):
        self.pk = data.get("pk", 0)
        self.id = self.pk
        self.username = data.get("username") or ""
        # Not-null CharFields in authentik: the empty string, never None.
        self.email = data.get("email") or ""
        self.name = data.get("name") or ""
        self.is_active = bool(data.get("is_active", True))
        self.type = data.get("type") or "internal"
        self.path = data.get("path") or "users"
        self.attributes = data.get("attributes") or {}
        self.avatar = data.get("avatar") or ""
        self.uuid = data.get("uuid") or str(uuid_module.uuid5(uuid_module.NAMESPACE_OID, f"user:{self.pk}"))
        self.uid = data.get("uid") or hashlib.sha256(f"{self.pk}-{INSTALL_ID}".encode()).hexdigest()
        self.is_superuser = bool(data.get("is_superuser", False))
        self.is_staff = self.is_superuser
        self.date_joined = data.get("date_joined")
        self.last_login = data.get("last_login")
        names = [g["name"] for g in data.get("groups_obj") or [] if isinstance(g, dict) and "name" in g]
        if not names:
            names = [g for g in data.get("groups") or [] if isinstance(g, str)]
        self._groups = [Group(n) for n in names]

    @property
    def groups(self) -> QuerySet:
        return QuerySet(self._groups)

    @property
    def ak_groups(self) -> QuerySet:  # deprecated alias since 2026.2, still works
        return self.groups

    def all_groups(self) -> QuerySet:
        seen, out = set(), []
        for group in self._groups:
            while group is not None and group.name not in seen:
                seen.add(group.name)
                out.append(group)
                group = group.parent
        return QuerySet(out)

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


class HttpRequest:
    """The Django request of a SAML sign-in: only what expressions commonly touch."""

    def __init__(self, user: User):
        self.user = user
        self.method = "POST"
        self.path = "/application/saml/aws/sso/binding/post/"
        self.META = {"REMOTE_ADDR": "192.0.2.10", "HTTP_USER_AGENT": "authentik-eval-harness"}
        self.GET: dict = {}
        self.POST: dict = {}
        self.COOKIES: dict = {}
        self.session: dict = {}


class PolicyRequest:
    """authentik.policies.types.PolicyRequest."""

    def __init__(self, user: User):
        self.user = user
        self.http_request: HttpRequest | None = None
        self.obj: Any = None
        self.context: dict = {}
        self.debug = False


class Mapping:
    def __init__(self, name: str, expression: str):
        self.name = name
        self.expression = expression


class Provider:
    def __init__(self, data: dict):
        self.__dict__.update(data)

    def __repr__(self) -> str:
        return f"<Provider {getattr(self, 'name', '?')}>"


# --------------------------------------------------------------------------------------------------
# Evaluator globals (BaseEvaluator._globals + SkipObject)
# --------------------------------------------------------------------------------------------------
class RecordingLogger:
    """Stands in for ak_logger (a structlog BoundLogger): records every call."""

    def __init__(self, sink: list, context: dict | None = None):
        self._sink = sink
        self._context = context or {}

    def bind(self, **kwargs: Any) -> "RecordingLogger":
        return RecordingLogger(self._sink, {**self._context, **kwargs})

    def _log(self, level: str, event: Any = None, *args: Any, **kwargs: Any) -> None:
        fields = {k: _jsonable(v) for k, v in {**self._context, **kwargs}.items()}
        self._sink.append({"level": level, "event": str(event), "fields": fields})

    def debug(self, *a: Any, **k: Any) -> None: self._log("debug", *a, **k)
    def info(self, *a: Any, **k: Any) -> None: self._log("info", *a, **k)
    def warning(self, *a: Any, **k: Any) -> None: self._log("warning", *a, **k)
    def warn(self, *a: Any, **k: Any) -> None: self._log("warning", *a, **k)
    def error(self, *a: Any, **k: Any) -> None: self._log("error", *a, **k)
    def exception(self, *a: Any, **k: Any) -> None: self._log("error", *a, **k)
    def critical(self, *a: Any, **k: Any) -> None: self._log("critical", *a, **k)


def _unavailable(name: str):
    def stub(*args: Any, **kwargs: Any) -> Any:
        raise RuntimeError(f"{name} needs a live authentik; the harness does not model it")

    stub.__name__ = name
    return stub


def _list_flatten(value: Any) -> Any:
    """BaseEvaluator.expr_flatten: first element of a list, None for an empty list, else the value."""
    if isinstance(value, list):
        return value[0] if value else None
    return value


def _slugify(value: Any) -> str:
    """django.utils.text.slugify (allow_unicode=False)."""
    value = unicodedata.normalize("NFKD", str(value)).encode("ascii", "ignore").decode("ascii")
    value = re.sub(r"[^\w\s-]", "", value.lower())
    return re.sub(r"[-\s]+", "-", value).strip("-_")


def _ak_is_group_member(user: User, **group_filters: Any) -> bool:
    return user.all_groups().filter(**group_filters).exists()


def make_globals(warnings: list, filename: str) -> dict:
    return {
        "ak_call_policy": _unavailable("ak_call_policy"),
        "ak_create_event": lambda action, **kwargs: None,
        "ak_create_jwt": _unavailable("ak_create_jwt"),
        "ak_create_jwt_raw": _unavailable("ak_create_jwt_raw"),
        "ak_is_group_member": _ak_is_group_member,
        "ak_logger": RecordingLogger(warnings, {"mapping": filename}),
        "ak_send_email": _unavailable("ak_send_email"),
        "ak_user_by": _unavailable("ak_user_by"),
        "ak_user_has_authenticator": _unavailable("ak_user_has_authenticator"),
        "ip_address": ipaddress.ip_address,
        "ip_network": ipaddress.ip_network,
        "list_flatten": _list_flatten,
        "regex_match": lambda value, regex: re.search(regex, value) is not None,
        "regex_replace": lambda value, regex, repl: re.sub(regex, repl, value),
        "requests": _unavailable("requests"),
        "resolve_dns": _unavailable("resolve_dns"),
        "reverse_dns": _unavailable("reverse_dns"),
        "slugify": _slugify,
        "SkipObject": SkipObjectException,
    }


# --------------------------------------------------------------------------------------------------
# The evaluation recipe
# --------------------------------------------------------------------------------------------------
def sanitize_arg(name: str) -> str:
    return ARG_SANITIZE.sub("_", name)


def compile_mapping(expression: str, context_keys: list[str], filename: str):
    """wrap_expression + compile, exactly as BaseEvaluator does."""
    signature = ",".join(k for k in (sanitize_arg(k) for k in context_keys) if k)
    wrapped = f"def handler({signature}):\n" + textwrap.indent(expression, "    ") + f"\nresult = handler({signature})"
    return compile(wrapped, filename, "exec")


def run_compiled(code: Any, context: dict, warnings: list, filename: str) -> Any:
    local_vars = {sanitize_arg(k): v for k, v in context.items()}
    exec(code, make_globals(warnings, filename), local_vars)  # noqa: S102 - that is the point
    return local_vars["result"]


def deep_merge(base: Any, new: Any) -> Any:
    """deepmerge.always_merger.merge: dicts recurse, lists append, sets union, else override."""
    if isinstance(base, dict) and isinstance(new, dict):
        for key, value in new.items():
            base[key] = deep_merge(base[key], value) if key in base else value
        return base
    if isinstance(base, list) and isinstance(new, list):
        return base + new
    if isinstance(base, set) and isinstance(new, set):
        return base | new
    return new


def _jsonable(value: Any) -> Any:
    if value is None or isinstance(value, (bool, int, float, str)):
        return value
    if isinstance(value, dict):
        return {str(k): _jsonable(v) for k, v in value.items()}
    if isinstance(value, (list, tuple, set)):
        return [_jsonable(v) for v in value]
    return str(value)


def describe(exc: BaseException) -> str:
    return f"{type(exc).__name__}: {exc}"


def name_id_for(user: User, code: Any, name: str, provider: Provider, warnings: list) -> dict:
    """AssertionProcessor.get_name_id with a NameID property mapping."""
    request = PolicyRequest(user)
    http_request = HttpRequest(user)
    request.http_request = http_request
    request.obj = Mapping(name, "")
    request.context = {"provider": provider}
    context = {"user": user, "http_request": http_request, "request": request, "provider": provider}
    try:
        value = run_compiled(code, context, warnings, name)
    except Exception as exc:  # authentik logs an event and keeps user.uid
        return {"nameId": user.uid, "nameIdFallback": True, "nameIdError": describe(exc)}
    if value is None:
        return {"nameId": user.uid, "nameIdFallback": True}
    return {"nameId": str(value), "nameIdFallback": False}


def scim_body_for(user: User, mappings: list[tuple[str, Any]], provider: Provider, warnings: list) -> dict:
    """PropertyMappingManager.iter_eval + BaseOutgoingSyncClient.to_schema + SCIMUserClient.to_schema."""
    merged: dict = {}
    for name, code in mappings:
        request = PolicyRequest(user)
        request.obj = Mapping(name, "")
        request.context = {"provider": provider, "connection": None}
        context = {"request": request, "provider": provider, "connection": None}
        try:
            value = run_compiled(code, context, warnings, name)
        except SkipObjectException as exc:
            return {"skipped": True, "reason": str(exc.args[0]) if exc.args else ""}
        except Exception as exc:
            return {"skipped": False, "error": f"StopSync: mapping {name!r} failed: {describe(exc)}"}
        if value is None:
            continue
        merged = deep_merge(merged, value)
    if not merged:
        return {"skipped": False, "error": "StopSync: No mappings configured"}
    if not isinstance(merged, dict):
        return {"skipped": False, "error": f"StopSync: mappings returned {type(merged).__name__}, not a dict"}
    body = {k: v for k, v in merged.items() if v is not None}  # delete_none_values: top level only
    schemas = [CORE_USER_SCHEMA] + [s for s in body.pop("schemas", None) or [] if s != CORE_USER_SCHEMA]
    if not body.get("externalId"):
        body["externalId"] = str(user.uid)
    return {"skipped": False, "scimBody": _jsonable({"schemas": schemas, **body})}


def evaluate(payload: dict, users: list[dict]) -> list[dict]:
    provider_data = payload.get("provider") or {}
    saml_provider = Provider({"name": "aws-identity-center", **provider_data.get("saml", {})})
    scim_provider = Provider({"name": "aws-identity-center-scim", "compatibility_mode": "aws", **provider_data.get("scim", {})})

    name_id_name = payload.get("nameIdMappingName") or "AWS Identity Center: NameID"
    name_id_code = compile_mapping(payload["nameIdExpression"], ["user", "http_request", "request", "provider"], name_id_name)

    scim_sources = payload.get("scimUserMappings") or [
        {"name": "AWS Identity Center: SCIM user", "expression": payload["scimUserExpression"]}
    ]
    # Name order; the manager compiles with user=None, request=None, so the signature is request + keys.
    scim_mappings = [
        (m["name"], compile_mapping(m["expression"], ["request", "provider", "connection"], m["name"]))
        for m in sorted(scim_sources, key=lambda m: m["name"])
    ]

    results = []
    for data in users:
        user = User(data)
        warnings: list = []
        entry: dict = {"username": user.username, "uid": user.uid}
        entry.update(scim_body_for(user, scim_mappings, scim_provider, warnings))
        entry.update(name_id_for(user, name_id_code, name_id_name, saml_provider, warnings))
        entry["warnings"] = warnings
        results.append(entry)
    return results


def run_payload(payload: dict, users_override: list | None) -> dict:
    users = users_override if users_override is not None else payload.get("users") or []
    try:
        return {"results": evaluate(payload, users)}
    except SyntaxError as exc:  # authentik re-raises compile errors: nothing is evaluated
        return {"compileError": describe(exc)}


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--users", help="JSON file of authentik users (list or API page with 'results')")
    args = parser.parse_args(argv)
    payload = json.load(sys.stdin.buffer)  # bytes: independent of the locale
    users = None
    if args.users:
        with open(args.users, encoding="utf-8") as handle:
            loaded = json.load(handle)
        users = loaded.get("results", []) if isinstance(loaded, dict) else loaded
    # ASCII-escaped output: independent of the locale.
    if isinstance(payload, list):  # a batch: several configurations, one process
        json.dump({"batch": [run_payload(p, users) for p in payload]}, sys.stdout)
        return 0
    out = run_payload(payload, users)
    json.dump(out, sys.stdout)
    return 2 if "compileError" in out else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
