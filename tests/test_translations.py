"""The English catalog: every message translated, the committed .mo in step with the .po,
and the API answering in the caller's language.

When a test here fails after you added or changed a user-facing string, run `make messages`,
translate the new entries in jiaoguan/locale/en/LC_MESSAGES/django.po, and run `make messages`
again (docs/i18n.md).
"""

import ast
import gettext
import re
import struct
from pathlib import Path

import pytest
from django.conf import settings
from django.template import Context, Template
from django.utils import translation
from django.utils.translation.template import templatize

import jiaoguan
from jiaoguan.vehicles import explanations as vehicle_texts
from jiaoguan.vehicles.rules import Basis

SOURCE = Path(jiaoguan.__file__).parent
CATALOG = Path(settings.LOCALE_PATHS[0]) / "en" / "LC_MESSAGES"
PO = CATALOG / "django.po"
MO = CATALOG / "django.mo"
HOW_TO_FIX = "run `make messages`, translate the new entries, run it again (docs/i18n.md)"

_KEYWORD = re.compile(r'^(msgctxt|msgid_plural|msgid|msgstr(?:\[\d+\])?)\s+(".*")\s*$')
_PLACEHOLDER = re.compile(r"%\((\w+)\)[sdifr]")
_CJK = re.compile(r"[\u3400-\u9fff\uf900-\ufaff]")


def read_po(path: Path) -> list[dict]:
    """The catalog's live entries (obsolete ``#~`` ones skipped, header included) as dicts of
    ``msgctxt``/``msgid``/``msgid_plural``/``msgstr``/``msgstr[n]`` plus a set of ``flags``."""
    entries: list[dict] = []
    entry: dict = {"flags": set()}
    key = None
    for line in path.read_text(encoding="utf-8").splitlines():
        starts_entry = line.startswith(("#", "msgctxt ", "msgid "))
        if not line.strip() or (starts_entry and any(k.startswith("msgstr") for k in entry)):
            if "msgid" in entry:
                entries.append(entry)
            entry, key = {"flags": set()}, None
        if not line.strip() or line.startswith("#~"):
            continue
        if line.startswith("#,"):
            entry["flags"].update(flag.strip() for flag in line[2:].split(","))
        elif line.startswith("#"):
            continue
        elif match := _KEYWORD.match(line):
            key = match.group(1)
            entry[key] = ast.literal_eval(match.group(2))
        elif line.startswith('"') and key:
            entry[key] += ast.literal_eval(line)
        else:
            raise AssertionError(f"cannot parse {path.name} line: {line!r}")
    if "msgid" in entry:
        entries.append(entry)
    return entries


def translations(entry: dict) -> list[str]:
    if "msgid_plural" in entry:
        return [value for key, value in sorted(entry.items()) if key.startswith("msgstr[")]
    return [entry.get("msgstr", "")]


def label(entry: dict) -> str:
    return entry["msgid"] if "msgctxt" not in entry else f"{entry['msgctxt']}|{entry['msgid']}"


@pytest.fixture(scope="module")
def messages() -> list[dict]:
    """Every message of the .po except the header."""
    return [entry for entry in read_po(PO) if entry["msgid"]]


def test_the_catalog_has_messages(messages):
    assert len(messages) > 100


# The gettext functions makemessages extracts, and whether the first argument is a context.
_PYTHON_KEYWORDS = {
    **dict.fromkeys(["_", "gettext", "gettext_lazy", "gettext_noop"], False),
    **dict.fromkeys(["ngettext", "ngettext_lazy"], False),
    **dict.fromkeys(["pgettext", "pgettext_lazy", "npgettext", "npgettext_lazy"], True),
}
# Templates go through Django's own templatize (what makemessages does), which rewrites
# {% translate %} and {% blocktranslate %} into gettext(u'...') calls.
_TEMPLATE_CALL = re.compile(
    r"\b(n?p?gettext)\(((?:\s*u?(?:'(?:[^'\\]|\\.)*'|\"(?:[^\"\\]|\\.)*\")\s*,?)+)"
)


def _sources(*patterns: str):
    for pattern in patterns:
        for path in sorted(SOURCE.rglob(pattern)):
            if not any(part.startswith(".") for part in path.relative_to(SOURCE).parts):
                yield path


def marked_strings() -> dict[tuple[str | None, str], str]:
    """(context, msgid) of every literal string marked for translation, with where it is."""
    found = {}
    for path in _sources("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if not isinstance(node, ast.Call):
                continue
            name = getattr(node.func, "id", None) or getattr(node.func, "attr", None)
            if name not in _PYTHON_KEYWORDS:
                continue
            has_context = _PYTHON_KEYWORDS[name]
            literals = node.args[: 2 if has_context else 1]
            if len(literals) == (2 if has_context else 1) and all(
                isinstance(arg, ast.Constant) and isinstance(arg.value, str) for arg in literals
            ):
                key = (
                    tuple(arg.value for arg in literals)
                    if has_context
                    else (None, literals[0].value)
                )
                found.setdefault(key, f"{path.relative_to(SOURCE)}:{node.lineno}")
    for path in _sources("*.html", "*.txt"):
        text = templatize(path.read_text(encoding="utf-8"), origin=str(path))
        for match in _TEMPLATE_CALL.finditer(text):
            args = ast.literal_eval("(" + match.group(2).strip().rstrip(",") + ",)")
            has_context = match.group(1) in ("pgettext", "npgettext")
            key = (args[0], args[1]) if has_context else (None, args[0])
            found.setdefault(key, str(path.relative_to(SOURCE)))
    return found


def test_every_string_marked_for_translation_is_in_the_catalog(messages):
    catalog = {(entry.get("msgctxt"), entry["msgid"]) for entry in messages}
    missing = {where: key[1] for key, where in marked_strings().items() if key not in catalog}
    assert not missing, f"not in {PO.name} yet: {missing}; {HOW_TO_FIX}"


def test_every_message_is_translated(messages):
    untranslated = [label(e) for e in messages if not all(s.strip() for s in translations(e))]
    assert not untranslated, f"untranslated in {PO.name}: {untranslated}; {HOW_TO_FIX}"


def test_no_message_is_fuzzy(messages):
    header = read_po(PO)[0]
    fuzzy = [label(entry) for entry in messages if "fuzzy" in entry["flags"]]
    assert not fuzzy, f"check the translation and remove `#, fuzzy` from: {fuzzy}"
    assert "fuzzy" not in header["flags"], "a fuzzy header makes msgfmt ignore the catalog"


def test_no_translation_is_a_copy_of_the_chinese(messages):
    still_chinese = [label(e) for e in messages if any(_CJK.search(s) for s in translations(e))]
    assert not still_chinese, f"translate these into English: {still_chinese}"


def test_translations_keep_the_placeholders(messages):
    wrong = []
    for entry in messages:
        expected = set(_PLACEHOLDER.findall(entry["msgid"] + entry.get("msgid_plural", "")))
        for text in translations(entry):
            if set(_PLACEHOLDER.findall(text)) != expected:
                wrong.append((label(entry), text))
    assert not wrong, f"placeholders differ from the msgid: {wrong}"


def test_the_compiled_catalog_holds_every_message_of_the_po(messages):
    data = MO.read_bytes()
    magic = struct.unpack("<I", data[:4])[0]
    order = "<" if magic == 0x950412DE else ">"
    _, count = struct.unpack(order + "2I", data[4:12])
    # The .mo counts the header as a message; msgfmt leaves out untranslated and fuzzy ones.
    assert count - 1 == len(messages), f"{MO.name} is stale: {HOW_TO_FIX}"


def test_the_compiled_catalog_has_the_translations_of_the_po(messages):
    with MO.open("rb") as file:
        compiled = gettext.GNUTranslations(file)
    stale = []
    for entry in messages:
        msgid, context = entry["msgid"], entry.get("msgctxt")
        if "msgid_plural" in entry:
            # English plural rule: form 0 for one, form 1 otherwise.
            for n, expected in ((1, entry["msgstr[0]"]), (2, entry["msgstr[1]"])):
                got = (
                    compiled.npgettext(context, msgid, entry["msgid_plural"], n)
                    if context
                    else compiled.ngettext(msgid, entry["msgid_plural"], n)
                )
                if got != expected:
                    stale.append(label(entry))
        else:
            got = compiled.pgettext(context, msgid) if context else compiled.gettext(msgid)
            if got != entry["msgstr"]:
                stale.append(label(entry))
    assert not stale, f"{MO.name} is stale for {stale}: {HOW_TO_FIX}"


def test_django_translates_known_messages_into_english():
    with translation.override("en"):
        assert translation.gettext("必填") == "Required"
        assert translation.gettext("我的驾驶证") == "My driving license"
        assert translation.ngettext("%(n)s 辆", "%(n)s 辆", 1) % {"n": 1} == "1 vehicle"
        assert translation.ngettext("%(n)s 辆", "%(n)s 辆", 3) % {"n": 3} == "3 vehicles"
        assert vehicle_texts.explain(Basis.INSPECTION_CLASSIC_OPERATING_PASSENGER).startswith(
            "Road Traffic Safety Law Implementing Regulations, art. 16: "
        )
    with translation.override("zh-hans"):
        assert translation.gettext("必填") == "必填"
        assert vehicle_texts.explain(Basis.INSPECTION_CLASSIC_OPERATING_PASSENGER).startswith(
            "《道路交通安全法实施条例》第十六条："
        )


@pytest.mark.parametrize(("count", "expected"), [(1, "1 seat"), (7, "7 seats")])
def test_templates_use_the_english_plural_forms(count, expected):
    template = Template(
        "{% load i18n %}{% blocktranslate count seats=seats %}{{ seats }} 座"
        "{% plural %}{{ seats }} 座{% endblocktranslate %}"
    )
    with translation.override("en"):
        assert template.render(Context({"seats": count})) == expected


VEHICLE_SCHEDULE = "/api/v1/calculators/vehicle-schedule"
BAD_VEHICLE_TYPE = {
    "vehicle_type": "Z99",
    "use": "non_operating",
    "seats": "5",
    "registered_on": "2018-05-10",
    "as_of": "2026-11-21",
}


@pytest.mark.parametrize(
    ("language", "expected"),
    [
        ("en", "Unknown vehicle type code. For example, a small sedan is K33."),
        ("en-US,en;q=0.9", "Unknown vehicle type code. For example, a small sedan is K33."),
        ("zh-hans", "未知的车辆类型代码，例如小型轿车为 K33。"),
        ("zh-CN,zh;q=0.9", "未知的车辆类型代码，例如小型轿车为 K33。"),
    ],
)
def test_the_api_refuses_a_bad_vehicle_type_in_the_callers_language(client, language, expected):
    response = client.get(VEHICLE_SCHEDULE, BAD_VEHICLE_TYPE, headers={"accept-language": language})
    assert response.status_code == 422
    body = response.json()
    assert body["code"] == "calculators.invalid"
    assert body["message"] == expected
    assert body["fields"] == {"vehicle_type": expected}
