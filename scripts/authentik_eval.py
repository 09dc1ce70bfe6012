#!/usr/bin/env python3
"""Run authentik property-mapping expressions the way authentik runs them, inside a simulated authentik SCIM sync
against a simulated AWS Identity Store, for many users at once.

Reproduces (authentik source: authentik/core/expression/evaluator.py, authentik/lib/sync/mapper.py, authentik/providers/saml/processors/assertion.py):
  * BaseEvaluator.wrap_expression: the expression is indented 4 spaces inside
    ``def handler(<context keys>):`` followed by ``result = handler(<context keys>)``; keys are sanitised
    (``[:.-]`` -> ``_``) and kept in context insertion order.
  * compile(wrapped, filename=<mapping name>, "exec"); exec(code, globals, locals) with globals = the
    evaluator globals (stubs below; Python adds full ``__builtins__``) and locals = the context.
  * SAML NameID (providers/saml/processors/assertion.py get_name_id): context ``user, http_request, request,
    provider``; text starts as ``user.uid``; a non-None value becomes ``str(value)``; an exception keeps ``user.uid``.
  * SCIM user (PropertyMappingManager + BaseOutgoingSyncClient.to_schema): handler compiled with
    ``request, provider, connection`` (no bare ``user``); mappings run in name order; ``None`` results are
    skipped; results are deep-merged (dicts recurse, lists append, sets union, anything else overrides);
    an empty merge is StopSync; ``SkipObject`` skips the user; any other exception is StopSync.

authentik's SCIM client around the mappings (providers/scim/clients/users.py, lib/sync/outgoing/tasks.py):
  * the body loses its top-level ``None`` values and is parsed by the SCIM schema (scim_schema.py: pydantic, Django's
    validate_email); a failure is StopSync; ``schemas`` gains the core schema, ``externalId`` defaults to the uid;
  * no link yet: POST; on 409 it looks the AWS user up by userName and LINKS this authentik user to it;
  * a link: the body (with ``id``) is merged into what AWS answered last time (lists: unique append); no change, no
    request; else PUT, and AWS's answer is stored; 404 re-creates; 409 (userName taken) is only logged;
  * a full sync walks the in-scope users (service accounts out when the provider excludes them) by pk in pages of
    ``sync_page_size`` (100); SkipObject and HTTP 4xx continue with the next user; StopSync breaks out of the page.
The fake ORM, cache and event store the expressions see are in authentik_model.py; AWS is aws_identity_store.py.

Input (stdin, JSON):
  {"nameIdExpression": str, "scimUserExpression": str, "users": [...],
   optional "scimUserMappings": [{"name": str, "expression": str}, ...] (replaces scimUserExpression),
   optional "nameIdMappingName", "provider": {"saml": {...}, "scim": {"pk": int, ...}}, "pageSize": int,
   optional "excludeServiceAccounts": bool (the SCIM provider's scope; default true),
   optional "nameIds": false (do not evaluate the NameID mapping: nameId is then the uid, "nameIdSkipped": true),
   optional "steps": [{"sync": true} | {"update": [{"pk": .., field: value}]} | {"advanceHours": h} |
                      {"recreateProvider": {"pk": int, "nameIdExpression": str}}]   (default: one full sync)}
A JSON list of such objects is a batch (several configurations, one process): the output is then
``{"batch": [<output of each>]}``.
``--users FILE`` reads the users from FILE instead (a list, or an authentik API page ``{"results": [...]}``).

Output (stdout, JSON): {"results": [{"username", "uid", "pk", "skipped", "reason"?, "nameId", "nameIdFallback",
"nameIdError"?, "scimBody"?, "error"?, "warnings", "outcome", "awsUserName", "awsUserId", "signsInAs",
"syncDetail"}, ...], "runs": [{"pages", "abortedPages", "requests", "events"}], "events": [...],
"queries": {"scimMax", "nameIdMax"}} or {"compileError": "..."} (exit status 2).
"""
from __future__ import annotations

import argparse
import copy
import ipaddress
import json
import os
import re
import sys
import textwrap
import unicodedata
from typing import Any

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

try:
    from authentik_model import QUERIES, Directory, Provider, SCIMProviderUser, User  # noqa: E402
    from aws_identity_store import IdentityStore, ScimError  # noqa: E402
    from scim_schema import CORE_USER_SCHEMA, validate_user_body  # noqa: E402
except ImportError as exc:  # Django or pydantic missing: say how to install them
    sys.stderr.write(
        f"authentik_eval.py needs Django and pydantic ({exc}). Install the pinned versions once with:\n"
        '  python3 -m venv "${XDG_CACHE_HOME:-$HOME/.cache}/aws-identity-center-authentik/venv" && '
        '"${XDG_CACHE_HOME:-$HOME/.cache}/aws-identity-center-authentik/venv/bin/pip" install -r requirements-test.txt\n'
    )
    sys.exit(3)

ARG_SANITIZE = re.compile(r"[:.-]")
PAGE_SIZE = 100  # authentik's default sync_page_size
SERVICE_ACCOUNTS = ("service_account", "internal_service_account")


# --------------------------------------------------------------------------------------------------
# Control-flow exceptions (authentik.lib.sync.mapper / core.expression.exceptions)
# --------------------------------------------------------------------------------------------------
class ControlFlowException(Exception):
    """authentik's ControlFlowException: passes through PropertyMapping.evaluate untouched."""


class SkipObjectException(ControlFlowException):
    """Exposed to expressions as the global ``SkipObject``."""


class StopSync(Exception):
    """What the SCIM sync raises for that object when mappings fail or produce nothing."""


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


def make_globals(warnings: list, filename: str, events: list | None = None) -> dict:
    def create_event(action: str, **kwargs: Any) -> None:
        """ak_create_event: Event.new(action, app=<mapping name>, **context, **kwargs).save()."""
        if events is not None:
            events.append({"action": action, "app": filename, **{k: _jsonable(v) for k, v in kwargs.items()}})

    return {
        "ak_call_policy": _unavailable("ak_call_policy"),
        "ak_create_event": create_event,
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


def run_compiled(code: Any, context: dict, warnings: list, filename: str, events: list | None = None) -> Any:
    local_vars = {sanitize_arg(k): v for k, v in context.items()}
    exec(code, make_globals(warnings, filename, events), local_vars)  # noqa: S102 - that is the point
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


def merge_unique(base: Any, new: Any) -> Any:
    """authentik.lib.merge.MERGE_LIST_UNIQUE: dicts recurse, lists append the items not yet present, else override."""
    if isinstance(base, dict) and isinstance(new, dict):
        for key, value in new.items():
            base[key] = merge_unique(base[key], value) if key in base else value
        return base
    if isinstance(base, list) and isinstance(new, list):
        return base + [v for v in new if v not in base]
    return new


class SyncClient:
    """SCIMUserClient + SyncTasks.sync_objects for users, over a Directory and an IdentityStore."""

    def __init__(self, directory: Directory, aws: IdentityStore, mappings: list, provider: Provider):
        self.directory = directory
        self.aws = aws
        self.mappings = mappings
        self.provider = provider
        self.scim_queries = 0

    def to_schema(self, user: User, link: SCIMProviderUser | None, entry: dict) -> dict:
        merged: dict = {}
        for name, code in self.mappings:
            request = PolicyRequest(user)
            request.obj = Mapping(name, "")
            request.context = {"provider": self.provider, "connection": link}
            context = {"request": request, "provider": self.provider, "connection": link}
            QUERIES.count = 0
            try:
                value = run_compiled(code, context, entry["warnings"], name, self.directory.events)
            except SkipObjectException as exc:
                raise exc
            except Exception as exc:
                raise StopSync(f"StopSync: mapping {name!r} failed: {describe(exc)}") from exc
            finally:
                self.scim_queries = max(self.scim_queries, QUERIES.count)
            if value is None:
                continue
            merged = deep_merge(merged, value)
        if not merged:
            raise StopSync("StopSync: No mappings configured")
        if not isinstance(merged, dict):
            raise StopSync(f"StopSync: mappings returned {type(merged).__name__}, not a dict")
        raw = {k: v for k, v in merged.items() if v is not None}  # delete_none_values: top level only
        entry["scimBody"] = _jsonable(raw)
        body, problem = validate_user_body(raw)
        if problem is not None:
            raise StopSync(f"StopSync: {problem}")
        schemas = list(body.get("schemas") or [])
        if CORE_USER_SCHEMA not in schemas:
            schemas.insert(0, CORE_USER_SCHEMA)
        body["schemas"] = schemas
        if not body.get("externalId"):
            body["externalId"] = str(user.uid)
        entry["scimBody"] = _jsonable({"schemas": schemas, **{k: v for k, v in body.items() if k != "schemas"}})
        return body

    def write(self, user: User, entry: dict) -> None:
        link = self.directory.link_for(self.provider, user)
        body = self.to_schema(user, link, entry)
        if link is None:
            self.create(user, body, entry)
            return
        payload = {**body, "id": link.scim_id}
        known = link.attributes or {}
        if json.dumps(merge_unique(copy.deepcopy(known), payload), sort_keys=True) == json.dumps(known, sort_keys=True):
            entry["syncDetail"] = "unchanged: no request"
            return
        try:
            link.attributes = self.aws.put(link.scim_id, payload)
            entry["syncDetail"] = "updated (PUT)"
        except ScimError as exc:
            if exc.status == 404:
                self.directory.links.remove(link)
                self.create(user, body, entry)
                return
            entry["syncDetail"] = f"AWS rejected the update: {exc}"

    def create(self, user: User, body: dict, entry: dict) -> None:
        try:
            response = self.aws.create(body)
        except ScimError as exc:
            if exc.status != 409:
                entry["syncDetail"] = f"AWS rejected the user: {exc}"
                return
            found = self.aws.find_by_user_name(body["userName"])
            if not found:
                entry["syncDetail"] = f"AWS rejected the user: {exc}"
                return
            self.directory.links.append(SCIMProviderUser(self.provider, user, found[0]["id"], found[0]))
            entry["syncDetail"] = f"linked to the existing AWS user {found[0]['userName']!r} after 409"
            return
        self.directory.links.append(SCIMProviderUser(self.provider, user, response["id"], response))
        entry["syncDetail"] = "created (POST)"

    def full_sync(self, entries: dict, exclude_service_accounts: bool, page_size: int) -> dict:
        in_scope = sorted(
            (u for u in self.directory.users if not (exclude_service_accounts and u.type in SERVICE_ACCOUNTS)),
            key=lambda u: u.pk,
        )
        before = len(self.aws.requests)
        events_before = len(self.directory.events)
        aborted = []
        pages = [in_scope[i : i + page_size] for i in range(0, len(in_scope), page_size)]
        for number, page in enumerate(pages, start=1):
            for index, user in enumerate(page):
                entry = entries[user.pk]
                entry.update({"warnings": [], "skipped": False, "syncDetail": None, "changedSinceSync": False})
                for key in ("reason", "error", "scimBody"):
                    entry.pop(key, None)
                try:
                    self.write(user, entry)
                except SkipObjectException as exc:
                    entry["skipped"] = True
                    entry["reason"] = str(exc.args[0]) if exc.args else ""
                    entry["syncDetail"] = "skipped by the mapping"
                except StopSync as exc:
                    entry["error"] = str(exc)
                    entry["syncDetail"] = "stopped the sync of its page"
                    rest = page[index + 1 :]
                    for later in rest:
                        entries[later.pk]["syncDetail"] = f"not synced: page {number} aborted at {user.username!r}"
                    aborted.append({"page": number, "at": user.username, "reason": str(exc), "notSynced": [u.username for u in rest]})
                    break
        requests: dict = {}
        for method, _ in self.aws.requests[before:]:
            requests[method] = requests.get(method, 0) + 1
        return {"pages": len(pages), "abortedPages": aborted, "requests": requests, "events": len(self.directory.events) - events_before}


def simulate(payload: dict, users_data: list[dict]) -> dict:
    provider_data = payload.get("provider") or {}
    saml_provider = Provider({"name": "aws-identity-center", "pk": 1, **provider_data.get("saml", {})})
    scim_provider = Provider({"name": "aws-identity-center-scim", "pk": 2, "compatibility_mode": "aws", **provider_data.get("scim", {})})
    page_size = int(payload.get("pageSize") or PAGE_SIZE)
    exclude = payload.get("excludeServiceAccounts", True) is not False

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

    users = [User(d) for d in users_data]
    directory = Directory(users)
    directory.install()
    aws = IdentityStore()
    client = SyncClient(directory, aws, scim_mappings, scim_provider)
    entries = {u.pk: {"username": u.username, "uid": u.uid, "pk": u.pk, "skipped": False, "warnings": [], "syncDetail": "not in the sync's scope"} for u in users}
    runs = []
    for step in payload.get("steps") or [{"sync": True}]:
        if step.get("sync"):
            runs.append(client.full_sync(entries, exclude, page_size))
        if step.get("advanceHours"):
            directory.cache.now += float(step["advanceHours"]) * 3600
        for change in step.get("update") or []:
            target = next(u for u in users if u.pk == change["pk"])
            target.update(change)
            directory.changed()
            entries[target.pk]["changedSinceSync"] = True
            entries[target.pk]["username"] = target.username
        if step.get("recreateProvider"):
            new = step["recreateProvider"]
            directory.links[:] = [l for l in directory.links if l.provider.pk != scim_provider.pk]  # cascade delete
            directory.changed()
            scim_provider = Provider({**scim_provider.__dict__, "pk": new["pk"]})
            client.provider = scim_provider
            if new.get("nameIdExpression"):
                name_id_code = compile_mapping(new["nameIdExpression"], ["user", "http_request", "request", "provider"], name_id_name)

    name_id_queries = 0
    results = []
    for user in users:
        entry = entries[user.pk]
        QUERIES.count = 0
        if payload.get("nameIds", True) is False:  # a caller that only needs the SCIM side (the doctor)
            entry.update({"nameId": user.uid, "nameIdFallback": True, "nameIdSkipped": True})
        else:
            entry.update(name_id_for(user, name_id_code, name_id_name, saml_provider, entry["warnings"]))
        name_id_queries = max(name_id_queries, QUERIES.count)
        link = directory.link_for(scim_provider, user)
        entry["awsUserId"] = link.scim_id if link else None
        entry["awsUserName"] = aws.user_name_of(link.scim_id) if link else None
        # AWS matches the NameID against the userNames it holds (case-insensitively, the safe assumption).
        matched = aws.ids_for_user_name(entry["nameId"])
        entry["signsInAs"] = aws.user_name_of(matched[0]) if matched else None
        if entry.pop("changedSinceSync", False):
            entry["syncDetail"] = "changed in authentik since the last sync: the next full sync (or the change's own sync) sends it"
        provisioned = link is not None and not entry["skipped"] and "error" not in entry and not str(entry.get("syncDetail") or "").startswith(("AWS rejected", "not synced", "changed in authentik"))
        entry["outcome"] = "provisioned" if provisioned else "skipped"
        results.append(entry)
    return {
        "results": results,
        "runs": runs,
        "events": directory.events,
        "queries": {"scimMax": client.scim_queries, "nameIdMax": name_id_queries},
    }


def run_payload(payload: dict, users_override: list | None) -> dict:
    users = users_override if users_override is not None else payload.get("users") or []
    try:
        return simulate(payload, users)
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
