"""Compares the mappings' written-out email rule with Django's real validate_email, address by address.

stdin: {"rule": <the Python text of django_accepts>, "addresses": [str, ...]}
stdout: {"results": [{"address", "rule": bool, "django": bool}, ...], "django": <version>}
"""
import ipaddress
import json
import re
import sys

import django
from django.conf import settings

if not settings.configured:
    settings.configure(USE_I18N=False)
from django.core.exceptions import ValidationError  # noqa: E402
from django.core.validators import validate_email  # noqa: E402


def django_says(address):
    try:
        validate_email(address)
        return True
    except ValidationError:
        return False


payload = json.load(sys.stdin.buffer)
scope = {"re": re, "ipaddress": ipaddress}
exec(payload["rule"], scope)  # noqa: S102 - the rule under test
rule = scope["django_accepts"]
out = [{"address": a, "rule": bool(rule(a)), "django": django_says(a)} for a in payload["addresses"]]
json.dump({"results": out, "django": django.get_version()}, sys.stdout)
