"""How a service family registers itself (ADR 0010).

A family declares what it adds in its own modules, and the central files only collect:

- its portal pages: ``urlpatterns`` in ``portal/views/<family>.py``, collected by
  ``portal/urls.py``;
- its back-office pages and menu entries: ``urlpatterns`` and ``menu`` (a list of
  :class:`MenuEntry`) in ``backoffice/views/<family>.py``, collected by ``backoffice/urls.py``
  and the menu of ``backoffice/base.html``;
- its API routers: ``mounts`` (a list of :class:`ApiMount`) in ``api/routers/<family>.py``,
  collected by ``api/main.py``;
- its notice kinds: ``NOTICE_KINDS`` (a list of :class:`NoticeKindDeclaration`) in the
  domain app's ``notice_kinds.py``, collected by ``notices.reference``;
- its event subscribers: ``subscriptions.py`` (ADR 0009).

Channel pieces are declared in the channel's module of the family, not in the domain app,
because a domain app never imports a channel (ARCHITECTURE rule 3).
"""

from __future__ import annotations

import importlib
import pkgutil
from dataclasses import dataclass, field
from types import ModuleType
from typing import Any

from django.apps import apps
from django.db import models
from django.utils.module_loading import module_has_submodule
from django.utils.translation import gettext_lazy as _


def collect(package: str, attribute: str) -> list[Any]:
    """The items of ``attribute`` (a list) of every module directly in ``package``, module by
    module in name order; modules without the attribute add nothing."""
    found: list[Any] = []
    for module in modules_declaring(package, attribute):
        found.extend(getattr(module, attribute))
    return found


def modules_declaring(package: str, attribute: str) -> list[ModuleType]:
    """The modules directly in ``package`` that declare ``attribute``, in name order."""
    root = importlib.import_module(package)
    modules: list[ModuleType] = []
    for info in sorted(pkgutil.iter_modules(root.__path__), key=lambda info: info.name):
        module = importlib.import_module(f"{package}.{info.name}")
        if hasattr(module, attribute):
            modules.append(module)
    return modules


def collect_from_apps(module_name: str, attribute: str) -> list[Any]:
    """The items of ``attribute`` of the module ``module_name`` of every installed app that
    has one, in INSTALLED_APPS order."""
    found: list[Any] = []
    for config in apps.get_app_configs():
        if module_has_submodule(config.module, module_name):
            module = importlib.import_module(f"{config.name}.{module_name}")
            found.extend(getattr(module, attribute, ()))
    return found


@dataclass(frozen=True)
class MenuEntry:
    """One link of the back-office menu. ``label`` is a lazy translation; ``position``
    orders the menu across families; with ``permission`` ("app_label.codename") the link
    shows only to officers who hold it."""

    label: Any
    url_name: str
    position: int
    permission: str | None = None

    def visible_to(self, user: Any) -> bool:
        return self.permission is None or bool(user.has_perm(self.permission))


@dataclass(frozen=True)
class ApiMount:
    """A django-ninja router mounted under ``prefix`` (``/v1/...``); ``position`` orders the
    mounts, which is the order of the OpenAPI document and of URL matching."""

    prefix: str
    router: Any
    position: int


class NoticeSubject(models.TextChoices):
    """What a notice is about (the choices of ``NoticeKind.subject``); ``Notice.subject_id``
    is the id of one of these. A family whose notices are about something new adds it here
    and makes the ``notices`` migration that changes the choices."""

    VEHICLE = "vehicle", _("机动车")
    LICENSE = "license", _("驾驶证")
    VIOLATION = "violation", _("交通技术监控记录")  # a camera record
    CASE_STEP = "case_step", _("业务办理环节")  # a logged step of a case (applications)
    INSPECTION_APPOINTMENT = "inspection", _("检验预约")  # an inspection appointment
    PAYMENT_ORDER = "payment", _("缴款订单")  # an order of payments (its refund)
    SAFETY_PUSH = "safety", _("交通安全宣传推送")  # one safety item pushed to one driver
    CLAIM = "claim", _("保险报案")  # a minor accident's claim at an insurer (accidents)


@dataclass(frozen=True)
class NoticeWords:
    """The words of a notice in one language; they may use ``{subject}``, ``{date}`` and
    ``{amount}``."""

    title: str
    reason: str
    action: str


@dataclass(frozen=True)
class NoticeKindDeclaration:
    """A kind of notice a family ships as reference data (officers edit the rows later).

    ``code`` is also a ``notices.rules.NoticeKindCode`` when the notices app writes it (a
    scan or a subscriber); ``position`` orders the kinds in the citizen's preferences."""

    code: str
    name: str
    subject: NoticeSubject
    chinese: NoticeWords
    english: NoticeWords
    link: str
    position: int
    sms: bool = True
    push: bool = True
    languages: dict[str, NoticeWords] = field(init=False, compare=False, repr=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "languages", {"zh-hans": self.chinese, "en": self.english})


def notice_kinds_load(
    NoticeKind: Any, NoticeTemplate: Any, kinds: list[NoticeKindDeclaration]
) -> None:
    """Create the kinds and templates that do not exist yet (a rerun changes nothing).

    Takes the models as arguments so that a data migration passes its historical models: a
    family that adds kinds ships a migration in its own app that depends on the latest
    ``notices`` migration and calls this with its ``NOTICE_KINDS``.
    """
    for declaration in kinds:
        kind, _created = NoticeKind.objects.get_or_create(
            code=declaration.code,
            defaults={
                "name": declaration.name,
                "subject": str(declaration.subject),
                "sms": declaration.sms,
                "push": declaration.push,
                "position": declaration.position,
            },
        )
        for language, words in declaration.languages.items():
            NoticeTemplate.objects.get_or_create(
                kind=kind,
                language=language,
                defaults={
                    "title": words.title,
                    "reason": words.reason,
                    "action": words.action,
                    "link": declaration.link,
                },
            )
