"""An in-memory AWS IAM Identity Center SCIM endpoint (users only), the harness's stand-in for AWS.

What this replaces: the SCIM API of IAM Identity Center (``https://scim.<region>.amazonaws.com/<tenant>/scim/v2/``),
as its developer guide documents it (CreateUser, PutUser, ListUsers with ``filter=userName eq "..."``):
* ``userName`` is unique, compared case-insensitively: a second create answers 409 Conflict, a PUT that would take
  another user's userName answers 409 too;
* the primary email is unique as well (409), the rule the mapping check has always assumed (README: AWS rules);
* a body AWS rejects on its own rules (no userName, blank displayName/givenName/familyName, more than one email, a
  non-primary email, attributes AWS does not support) answers 400;
* the response is the stored user: what was sent, plus ``id`` and ``meta``.
"""
from __future__ import annotations

import copy
import uuid as uuid_module

UNSUPPORTED = ("photos", "password", "ims", "x509Certificates", "entitlements", "groups")


class ScimError(Exception):
    def __init__(self, status: int, detail: str):
        super().__init__(f"HTTP {status}: {detail}")
        self.status = status
        self.detail = detail


def _primary_email(body: dict) -> str | None:
    for e in body.get("emails") or []:
        if isinstance(e, dict) and e.get("primary") is True and isinstance(e.get("value"), str):
            return e["value"].lower()
    return None


def _blank(v: object) -> bool:
    return not isinstance(v, str) or v.strip() == ""


class IdentityStore:
    def __init__(self) -> None:
        self.users: dict[str, dict] = {}
        self.requests: list[tuple[str, str]] = []
        self._index()

    def _check(self, body: dict) -> None:
        problems = []
        if _blank(body.get("userName")):
            problems.append("userName is required")
        if _blank(body.get("displayName")):
            problems.append("displayName is required")
        name = body.get("name") if isinstance(body.get("name"), dict) else {}
        if _blank(name.get("givenName")) or _blank(name.get("familyName")):
            problems.append("name.givenName and name.familyName are required")
        emails = body.get("emails") or []
        if len(emails) > 1:
            problems.append("at most one email")
        if any(not (isinstance(e, dict) and e.get("primary") is True) for e in emails):
            problems.append("the email must be primary")
        problems += [f"{a} is not supported" for a in UNSUPPORTED if a in body]
        if problems:
            raise ScimError(400, "; ".join(problems))

    def _index(self) -> None:
        self.by_user_name = {str(u.get("userName", "")).lower(): uid for uid, u in self.users.items()}
        self.by_email = {e: uid for uid, u in self.users.items() if (e := _primary_email(u)) is not None}

    def _conflict(self, body: dict, own_id: str | None) -> None:
        holder = self.by_user_name.get(str(body.get("userName", "")).lower())
        if holder is not None and holder != own_id:
            raise ScimError(409, f"a user with userName {body.get('userName')!r} already exists")
        email = _primary_email(body)
        holder = self.by_email.get(email) if email is not None else None
        if holder is not None and holder != own_id:
            raise ScimError(409, f"a user with email {email!r} already exists")

    def create(self, body: dict) -> dict:
        self.requests.append(("POST", "/Users"))
        self._check(body)
        self._conflict(body, None)
        uid = str(uuid_module.uuid5(uuid_module.NAMESPACE_URL, f"aws-user-{len(self.users)}-{body['userName']}"))
        stored = {**copy.deepcopy(body), "id": uid, "meta": {"resourceType": "User"}}
        self.users[uid] = stored
        self._add(uid)
        return copy.deepcopy(stored)

    def _add(self, uid: str) -> None:
        u = self.users[uid]
        self.by_user_name[str(u.get("userName", "")).lower()] = uid
        if (e := _primary_email(u)) is not None:
            self.by_email[e] = uid

    def find_by_user_name(self, user_name: str) -> list[dict]:
        self.requests.append(("GET", "/Users?filter=userName eq"))
        return [copy.deepcopy(self.users[uid]) for uid in self.ids_for_user_name(user_name)]

    def put(self, uid: str, body: dict) -> dict:
        self.requests.append(("PUT", f"/Users/{uid}"))
        if uid not in self.users:
            raise ScimError(404, f"no user {uid}")
        self._check(body)
        self._conflict(body, uid)
        stored = {**copy.deepcopy(body), "id": uid, "meta": {"resourceType": "User"}}
        self.users[uid] = stored
        self._index()
        return copy.deepcopy(stored)

    def user_name_of(self, uid: str) -> str | None:
        u = self.users.get(uid)
        return None if u is None else u.get("userName")

    def ids_for_user_name(self, user_name: str) -> list[str]:
        uid = self.by_user_name.get(user_name.lower())
        return [] if uid is None else [uid]
