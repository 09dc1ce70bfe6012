"""The SCIM User body check authentik's SCIM client applies before sending (the harness's stand-in for it).

What this replaces: authentik's pydantic SCIM schema (authentik/providers/scim/clients/schema.py), which parses
every mapped body (``User.model_validate``) and validates each email with Django's ``validate_email``; a failure is
a StopSync, which in a full sync aborts the rest of the page (authentik/lib/sync/outgoing/tasks.py).

Written from RFC 7643 section 4.1 (the core User resource: attribute names and types; ``userName`` required;
multi-valued ``emails`` of ``{value, display, type, primary}``) and AWS's SCIM rules for IAM Identity Center (only
what a schema can say: strings are strings, ``active`` is a boolean). AWS's own rules on values (one primary email,
no photos, non-blank names, uniqueness) are checked by AWS, i.e. by aws_identity_store.py, not here. The email
check is the real Django validator (pinned in requirements-test.txt).
"""
from __future__ import annotations

from typing import Any, Optional

from django.conf import settings

if not settings.configured:
    settings.configure(USE_I18N=False)

from django.core.exceptions import ValidationError as DjangoValidationError  # noqa: E402
from django.core.validators import validate_email  # noqa: E402
from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator  # noqa: E402

CORE_USER_SCHEMA = "urn:ietf:params:scim:schemas:core:2.0:User"


class Name(BaseModel):
    """RFC 7643 4.1.1 name: all sub-attributes are optional strings."""

    model_config = ConfigDict(extra="allow")
    formatted: Optional[str] = None
    familyName: Optional[str] = None
    givenName: Optional[str] = None
    middleName: Optional[str] = None
    honorificPrefix: Optional[str] = None
    honorificSuffix: Optional[str] = None


class Email(BaseModel):
    """RFC 7643 4.1.2 emails: value is an email address; authentik checks it with Django's validate_email."""

    model_config = ConfigDict(extra="allow")
    value: Optional[str] = None
    display: Optional[str] = None
    type: Optional[str] = None
    primary: Optional[bool] = None

    @field_validator("value")
    @classmethod
    def django_email(cls, value: Optional[str]) -> Optional[str]:
        if value is None:
            return value
        try:
            validate_email(value)
        except DjangoValidationError:
            raise ValueError(f"{value!r} is not an email address Django's validate_email accepts") from None
        return value


class MultiValued(BaseModel):
    """RFC 7643 2.4 multi-valued attribute sub-attributes (phoneNumbers, photos, addresses, ...)."""

    model_config = ConfigDict(extra="allow")
    value: Optional[Any] = None
    display: Optional[str] = None
    type: Optional[str] = None
    primary: Optional[bool] = None


class ScimUser(BaseModel):
    """RFC 7643 4.1 core User (extension schemas are carried as extra attributes)."""

    model_config = ConfigDict(extra="allow")
    schemas: list[str] = Field(default_factory=lambda: [CORE_USER_SCHEMA])
    id: Optional[str] = None
    externalId: Optional[str] = None
    userName: str = Field(min_length=1)
    name: Optional[Name] = None
    displayName: Optional[str] = None
    nickName: Optional[str] = None
    profileUrl: Optional[str] = None
    title: Optional[str] = None
    userType: Optional[str] = None
    preferredLanguage: Optional[str] = None
    locale: Optional[str] = None
    timezone: Optional[str] = None
    active: Optional[bool] = None
    emails: Optional[list[Email]] = None
    phoneNumbers: Optional[list[MultiValued]] = None
    ims: Optional[list[MultiValued]] = None
    photos: Optional[list[MultiValued]] = None
    addresses: Optional[list[dict]] = None
    groups: Optional[list[MultiValued]] = None
    entitlements: Optional[list[MultiValued]] = None
    roles: Optional[list[MultiValued]] = None
    x509Certificates: Optional[list[MultiValued]] = None


def validate_user_body(body: dict) -> tuple[dict | None, str | None]:
    """The body as authentik would send it (``model_dump(mode="json", exclude_unset=True)``), or why it fails."""
    try:
        user = ScimUser.model_validate(body)
    except ValidationError as exc:
        first = exc.errors()[0]
        where = ".".join(str(p) for p in first["loc"])
        return None, f"pydantic SCIM schema: {where}: {first['msg']}"
    return user.model_dump(mode="json", exclude_unset=True), None
