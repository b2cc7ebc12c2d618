"""Who is acting: one typed actor for every write and every protected read (ADR 0009).

Five kinds, each a frozen dataclass answering the same questions: ``kind``, ``audit_label``,
``user_id``, ``has_perm("app_label.codename")`` and ``require(...)``. An officer also carries
their office and its place (the jurisdiction) and their roles; ``covers`` says whether a
record's place is theirs.

Services accept an actor or, while the channels move over, the ``User`` they were given
before; ``acting(actor)`` turns either into an actor, and ``permission_require`` checks a
permission on it, so a service checks again what the page or API handler checked.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cached_property
from typing import TYPE_CHECKING, Literal

from django.utils.translation import gettext_lazy as _

from jiaoguan.core.errors import PermissionDenied

if TYPE_CHECKING:
    from jiaoguan.identity.models import Person, User


def permission_denied() -> PermissionDenied:
    return PermissionDenied("auth.permission_denied", _("您没有办理该业务的权限。"))


class _Requires:
    """``require``, shared by every actor kind."""

    def has_perm(self, permission: str) -> bool:
        raise NotImplementedError

    def require(self, permission: str) -> None:
        """Raise ``PermissionDenied`` (``auth.permission_denied``) without ``permission``."""
        if not self.has_perm(permission):
            raise permission_denied()


@dataclass(frozen=True, eq=False)
class CitizenActor(_Requires):
    """A citizen (a person with an account), from a session or a bearer token.

    Most API answers need only the ids and ``records_version``, so the account and person are
    loaded only when used (``user``, ``person``). Citizens hold no officer permission.
    """

    user_id: int
    person_id: int
    records_version: int = 0
    kind: Literal["citizen"] = field(default="citizen", init=False)

    @classmethod
    def of_user(cls, user: User) -> CitizenActor:
        assert user.person_id is not None
        actor = cls(
            user_id=user.pk,
            person_id=user.person_id,
            records_version=user.person.records_version if user.person else 0,
        )
        actor.__dict__["user"] = user
        return actor

    @cached_property
    def user(self) -> User:
        from jiaoguan.identity.models import User

        return User.objects.select_related("person").get(pk=self.user_id)

    @property
    def person(self) -> Person:
        person = self.user.person
        assert person is not None  # a citizen's account always has its person
        return person

    @property
    def audit_label(self) -> str:
        return self.user.get_username()

    def has_perm(self, permission: str) -> bool:
        return False


@dataclass(frozen=True)
class OfficerActor(_Requires):
    """An officer: their office and its place, their roles (groups) and permissions."""

    user_id: int
    username: str
    office_code: str
    province_code: str  # 2 digits of GB/T 2260; empty for an officer without an office
    region_code: str  # 6 digits
    roles: frozenset[str] = frozenset()
    permissions: frozenset[str] = frozenset()
    kind: Literal["officer"] = field(default="officer", init=False)

    @property
    def audit_label(self) -> str:
        return self.username

    def has_perm(self, permission: str) -> bool:
        return permission in self.permissions

    def covers(self, *, province_code: str | None = None, office_code: str | None = None) -> bool:
        """Whether a record of this place is in the officer's jurisdiction: every place given
        must be the officer's (their office's province, their office). An officer without an
        office covers nothing."""
        if not self.office_code:
            return False
        if province_code is not None and province_code[:2] != self.province_code:
            return False
        return office_code is None or office_code == self.office_code


@dataclass(frozen=True)
class OrganisationStaffActor(_Requires):
    """An organisation user (单位用户) logged in to the portal."""

    user_id: int
    username: str
    organisation_id: int
    role: str = "staff"
    permissions: frozenset[str] = frozenset()
    kind: Literal["organisation_staff"] = field(default="organisation_staff", init=False)

    @property
    def audit_label(self) -> str:
        return self.username

    def has_perm(self, permission: str) -> bool:
        return permission in self.permissions


@dataclass(frozen=True)
class PartnerActor(_Requires):
    """The partner organisation behind a signed API request (``request.auth`` in the API).

    Its permissions are the key's scopes, which are named like permissions
    (``violations.ingest``)."""

    organization_id: int
    organization_name: str
    organization_kind: str
    region_code: str
    key_id: str
    scopes: frozenset[str]
    kind: Literal["partner"] = field(default="partner", init=False)
    user_id: None = field(default=None, init=False)

    @property
    def organisation_id(self) -> int:
        return self.organization_id

    @property
    def audit_label(self) -> str:
        return f"partner:{self.key_id}"

    def has_perm(self, permission: str) -> bool:
        return permission in self.scopes


@dataclass(frozen=True)
class SystemActor(_Requires):
    """The platform itself: a scheduled job, a batch command, a worker. Holds every
    permission and covers every place; ``job`` names it in the audit trail."""

    job: str
    kind: Literal["system"] = field(default="system", init=False)
    user_id: None = field(default=None, init=False)

    @property
    def audit_label(self) -> str:
        return f"system:{self.job}"

    def has_perm(self, permission: str) -> bool:
        return True

    def covers(self, *, province_code: str | None = None, office_code: str | None = None) -> bool:
        return True


Actor = CitizenActor | OfficerActor | OrganisationStaffActor | PartnerActor | SystemActor
ACTOR_TYPES = (CitizenActor, OfficerActor, OrganisationStaffActor, PartnerActor, SystemActor)


def system_actor(job: str) -> SystemActor:
    """The actor of a system job, e.g. ``system_actor("notices.scan")``."""
    return SystemActor(job=job)


_CACHE = "_jiaoguan_actor"


def actor_for_user(user: User) -> Actor:
    """The actor behind an authenticated account. An officer's roles and permissions are read
    once per request (cached on the ``User``, as Django caches its permissions there).

    Raises ``PermissionDenied`` for an anonymous or inactive user."""
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        raise permission_denied()
    cached = user.__dict__.get(_CACHE)
    if cached is not None:
        return cached
    actor: Actor
    if user.kind == "officer" or user.is_superuser:
        office = user.office
        actor = OfficerActor(
            user_id=user.pk,
            username=user.get_username(),
            office_code=office.code if office and office.is_active else "",
            province_code=office.province_code if office and office.is_active else "",
            region_code=office.region_code if office and office.is_active else "",
            roles=frozenset(user.groups.values_list("name", flat=True)),
            permissions=frozenset(user.get_all_permissions()),
        )
    elif user.kind == "citizen":
        actor = CitizenActor.of_user(user)
    elif user.kind == "organization" and user.organization_id is not None:
        actor = OrganisationStaffActor(
            user_id=user.pk,
            username=user.get_username(),
            organisation_id=user.organization_id,
            permissions=frozenset(user.get_all_permissions()),
        )
    else:
        raise permission_denied()
    user.__dict__[_CACHE] = actor
    return actor


def acting(actor: Actor | User | None) -> Actor | None:
    """The actor a service was given: an actor as is, a ``User`` as its actor, None as None
    (an anonymous caller, refused by anything that needs a permission)."""
    if actor is None or isinstance(actor, ACTOR_TYPES):
        return actor
    return actor_for_user(actor)


def permission_require(
    actor: Actor | User | None,
    permission: str,
    *,
    province_code: str | None = None,
    office_code: str | None = None,
) -> OfficerActor | SystemActor:
    """The officer (or system job) holding ``permission``, within whose jurisdiction the
    place given lies (``province_code``, ``office_code``: the record's).

    The service-side check of every officer action. Raises ``PermissionDenied``
    (``auth.permission_denied``) for anyone else."""
    who = acting(actor)
    if not isinstance(who, OfficerActor | SystemActor):
        raise permission_denied()
    who.require(permission)
    if (province_code is not None or office_code is not None) and not who.covers(
        province_code=province_code, office_code=office_code
    ):
        raise outside_jurisdiction()
    return who


def outside_jurisdiction() -> PermissionDenied:
    return PermissionDenied("auth.outside_jurisdiction", _("该业务不在您所属机关的管辖范围内。"))


def jurisdiction_of(actor: Actor | User | None) -> OfficerActor | SystemActor | None:
    """The officer or system job acting, for filtering lists by place; None for others."""
    who = acting(actor)
    return who if isinstance(who, OfficerActor | SystemActor) else None
