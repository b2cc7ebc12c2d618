"""A family registers itself (ADR 0010): what each family's modules declare (portal and
back-office URLs, the back-office menu, API mounts, notice kinds) is what the central files
collect, and collecting across modules shadows no URL."""

import re
import sys
import uuid

import pytest
from django.urls import URLPattern, resolve, reverse

from jiaoguan.api.main import api
from jiaoguan.backoffice import menu as backoffice_menu
from jiaoguan.backoffice import urls as backoffice_urls
from jiaoguan.core.families import MenuEntry, NoticeSubject, collect, modules_declaring
from jiaoguan.notices import reference
from jiaoguan.notices.models import NoticeKind
from jiaoguan.notices.rules import NoticeKindCode
from jiaoguan.portal import urls as portal_urls
from tests.backoffice.test_lookup import log_in, officer_with_device

CHANNELS = [
    ("jiaoguan.portal.views", portal_urls.urlpatterns, "portal"),
    ("jiaoguan.backoffice.views", backoffice_urls.urlpatterns, "backoffice"),
]
MOUNTED_AT = {"portal": "/", "backoffice": "/backoffice/"}
_SAMPLES = {
    "int": "7",
    "id": "7",
    "str": "x7",
    "uuid": str(uuid.UUID(int=7)),
    "path": "x/7",
    "slug": "x-7",
}


def _sample_path(pattern: URLPattern) -> str:
    return re.sub(
        r"<(?:(\w+):)?\w+>", lambda m: _SAMPLES[m.group(1) or "str"], str(pattern.pattern)
    )


@pytest.mark.parametrize(("package", "collected", "namespace"), CHANNELS)
def test_every_declared_page_is_collected_and_reachable(package, collected, namespace):
    modules = modules_declaring(package, "urlpatterns")
    assert modules, package
    for module in modules:
        for pattern in module.urlpatterns:
            assert any(pattern is found for found in collected), (module.__name__, pattern)
            # The page answers at its own address: no pattern of another module shadows it.
            match = resolve(MOUNTED_AT[namespace] + _sample_path(pattern))
            assert match.view_name == f"{namespace}:{pattern.name}", (module.__name__, pattern)
    assert len(collected) == sum(len(module.urlpatterns) for module in modules)


def test_every_declared_menu_entry_is_collected_in_position_order():
    declared = collect("jiaoguan.backoffice.views", "menu")
    entries = backoffice_menu.menu_entries()
    assert set(entries) == set(declared)
    assert len(entries) == len(declared)
    assert [entry.position for entry in entries] == sorted(entry.position for entry in entries)
    for entry in entries:
        reverse(entry.url_name)  # every entry points at a page that exists


def test_the_menu_keeps_its_order():
    assert [entry.url_name for entry in backoffice_menu.menu_entries()] == [
        "backoffice:exams",
        "backoffice:plate_segments",
        "backoffice:plate_holds",
        "backoffice:plate_temporary",
        "backoffice:violation_review",
        "backoffice:violation_disputes",
        "backoffice:case_queue",
        "backoffice:plate_requests",
        "backoffice:plate_counter",
        "backoffice:notices",
        "backoffice:hotline",
        "backoffice:accident_queue",
        "backoffice:accident_insurers",
        "backoffice:paper_queue",
        "backoffice:designated_hospitals",
        "backoffice:travel_events",
        "backoffice:disclosure",
        "backoffice:disclosure_class_cancellations",
        "backoffice:disclosure_school_bus",
        "backoffice:disclosure_scrapped",
        "backoffice:disclosure_social_impact",
        "backoffice:guides",
        "backoffice:organisations",
        "backoffice:education_courses",
        "backoffice:inspection_odometers",
        "backoffice:inspection_stations",
        "backoffice:education_reductions",
        "backoffice:payments",
        "backoffice:safety",
    ]


@pytest.mark.django_db
def test_the_back_office_menu_shows_every_entry_and_honours_a_permission(client, monkeypatch):
    guarded = MenuEntry(
        "受限页面", "backoffice:payments", position=999, permission="auth.view_group"
    )
    entries = (*backoffice_menu.menu_entries(), guarded)
    monkeypatch.setattr(backoffice_menu, "menu_entries", lambda: entries)
    officer, device = officer_with_device(
        permissions=tuple(entry.permission for entry in entries[:-1] if entry.permission)
    )
    log_in(client, officer, device)

    page = client.get(reverse("backoffice:lookup")).content.decode()

    links = re.findall(r'<a href="([^"]+)">', page.split("<nav>")[1].split("</nav>")[0])
    # An officer holding the shipped entries' permissions sees each of them, in order.
    assert links == [reverse(entry.url_name) for entry in entries[:-1]]
    assert "受限页面" not in page

    officer.user_permissions.add(*_permissions("auth.view_group"))
    page = client.get(reverse("backoffice:lookup")).content.decode()
    assert "受限页面" in page


def _permissions(*labels: str):
    from django.contrib.auth.models import Permission

    for label in labels:
        app_label, codename = label.split(".")
        yield Permission.objects.get(content_type__app_label=app_label, codename=codename)


def test_every_declared_api_mount_is_collected_in_position_order():
    declared = collect("jiaoguan.api.routers", "mounts")
    assert declared
    mounted = [(prefix, router) for prefix, router in api._routers if prefix]
    assert len(mounted) == len(declared)
    for mount in declared:
        assert any(
            prefix == mount.prefix and router is mount.router for prefix, router in mounted
        ), mount
    in_order = sorted(declared, key=lambda mount: mount.position)
    assert [router for _prefix, router in mounted] == [mount.router for mount in in_order]


def test_every_notice_kind_is_declared_once_by_a_family_with_its_subject():
    declared = reference.kinds()
    codes = [kind.code for kind in declared]
    assert len(codes) == len(set(codes))
    assert set(NoticeKindCode) <= set(codes)  # every kind the notices app writes is declared
    assert {kind.subject for kind in declared} <= set(NoticeSubject)
    owners = {kind.code: module for module in _apps_declaring_kinds() for kind in module}
    assert set(owners) == set(codes)
    assert [kind.position for kind in declared] == sorted(kind.position for kind in declared)


def _apps_declaring_kinds():
    from django.apps import apps

    for config in apps.get_app_configs():
        module = sys.modules.get(f"{config.name}.notice_kinds")
        if module is not None:
            yield module.NOTICE_KINDS


@pytest.mark.django_db
def test_every_declared_notice_kind_is_loaded_with_its_subject_and_words():
    stored = {kind.code: kind for kind in NoticeKind.objects.prefetch_related("templates")}
    for declaration in reference.kinds():
        kind = stored[declaration.code]
        assert kind.subject == declaration.subject
        assert (kind.sms, kind.push) == (declaration.sms, declaration.push)
        words = {template.language: template.title for template in kind.templates.all()}
        assert words == {language: text.title for language, text in declaration.languages.items()}


def test_collect_reads_every_module_of_a_package(tmp_path, monkeypatch):
    package = tmp_path / "family_probe"
    package.mkdir()
    (package / "__init__.py").write_text("")
    (package / "alpha.py").write_text("urlpatterns = ['a1', 'a2']\n")
    (package / "beta.py").write_text("menu = ['b']\n")
    (package / "gamma.py").write_text("urlpatterns = ['g']\n")
    monkeypatch.syspath_prepend(str(tmp_path))

    assert collect("family_probe", "urlpatterns") == ["a1", "a2", "g"]
    assert collect("family_probe", "menu") == ["b"]
