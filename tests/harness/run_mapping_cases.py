#!/usr/bin/env python3
"""Compile and run many property-mapping expressions under CPython, for the policy pack's analysis tests.

Stands in for authentik running a mapping (authentik's BaseEvaluator.wrap_expression / evaluate): the expression is
indented four spaces into ``def handler(<context keys>):``, compiled, exec'd, and the handler called. The context
keys are the ones authentik passes: SAML property mappings ``user, http_request, request, provider``; SCIM mappings
``request, provider, connection`` (no bare ``user``). The users are small objects with the string attributes of
authentik's User model. This is NOT the full harness (scripts/authentik_eval.py replays authentik's client
behaviour around the mapping); it answers only "what does this text do when authentik runs it": does it compile, and
per user what it returns or raises. Each call is cut off after 0.2 s (a mutated text may loop).

stdin:  {"cases": [{"expression": str, "context": "saml" | "scim"}, ...], "users": [{attribute: value}, ...]}
stdout: {"results": [{"compiles": bool, "runs": [{"type": "none"|"str"|"dict"|"generator"|"other"|"error",
         "value"?: str, "dict"?: {key: {"none": bool, "empty": bool, "str": str}}, "error"?: str}, ...]}, ...]}
"""
import json
import signal
import sys
import textwrap
import types

CONTEXT_KEYS = {
    "saml": ["user", "http_request", "request", "provider"],
    "scim": ["request", "provider", "connection"],
}


class SkipObject(Exception):
    pass


class Timeout(BaseException):
    pass


def on_alarm(signum, frame):
    raise Timeout()


class User:
    def __init__(self, data):
        for key, value in data.items():
            setattr(self, key, value)
        self.attributes = dict(data.get("attributes", {}))

    def locale(self, request=None):
        return ""

    def __str__(self):
        return self.username


GLOBALS = {
    "SkipObject": SkipObject,
    "ak_logger": types.SimpleNamespace(info=lambda *a, **k: None, warning=lambda *a, **k: None, debug=lambda *a, **k: None),
    "regex_match": lambda value, pattern: __import__("re").search(pattern, value) is not None,
    "regex_replace": lambda value, pattern, repl: __import__("re").sub(pattern, repl, value),
}


def describe(value):
    if value is None:
        return {"type": "none"}
    if isinstance(value, types.GeneratorType):
        return {"type": "generator"}
    if isinstance(value, str):
        return {"type": "str", "value": value}
    if isinstance(value, dict):
        out = {}
        for key, item in value.items():
            out[str(key)] = {"none": item is None, "empty": isinstance(item, (list, tuple)) and len(item) == 0, "str": str(item)}
        return {"type": "dict", "dict": out}
    return {"type": "other", "value": str(value)}


def run_case(case, users):
    keys = CONTEXT_KEYS[case["context"]]
    wrapped = f"def handler({', '.join(keys)}):\n" + textwrap.indent(case["expression"], "    ")
    try:
        code = compile(wrapped, "mapping", "exec")
    except (SyntaxError, ValueError, RecursionError, MemoryError):
        return {"compiles": False, "runs": []}
    runs = []
    for data in users:
        user = User(data)
        request = types.SimpleNamespace(user=user, http_request=None)
        context = {"user": user, "http_request": None, "request": request, "provider": None, "connection": None}
        scope = {"__builtins__": __builtins__, **GLOBALS}
        signal.setitimer(signal.ITIMER_REAL, 0.2)
        try:
            exec(code, scope)
            runs.append(describe(scope["handler"](*[context[k] for k in keys])))
        except Timeout:
            runs.append({"type": "error", "error": "Timeout"})
        except BaseException as e:  # noqa: BLE001 - any failure of the mapping is an outcome to report
            runs.append({"type": "error", "error": type(e).__name__})
        finally:
            signal.setitimer(signal.ITIMER_REAL, 0)
    return {"compiles": True, "runs": runs}


def main():
    signal.signal(signal.SIGALRM, on_alarm)
    sys.setrecursionlimit(200)
    request = json.load(sys.stdin)
    results = [run_case(case, request["users"]) for case in request["cases"]]
    json.dump({"results": results}, sys.stdout)


if __name__ == "__main__":
    main()
