"""``jiaoguan exams open|close|verify``."""

from datetime import timedelta
from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from freezegun import freeze_time

from jiaoguan.exams import services
from jiaoguan.exams.models import AllocationPublication, BookingWindow
from tests.exams.factories import make_application, make_session, make_window

pytestmark = pytest.mark.django_db


def _run(*args) -> str:
    out = StringIO()
    call_command("exams", *args, stdout=out)
    return out.getvalue()


def _allocated_window():
    session = make_session(capacity=1)
    window = make_window(sessions=[session], status=BookingWindow.Status.SCHEDULED)
    assert "seed sha256" in _run("open", window.code)
    window.refresh_from_db()
    for _ in range(3):
        application = make_application()
        services.preferences_submit(
            actor=None, person=application.person, window_id=window.pk, session_ids=[session.pk]
        )
    with freeze_time(window.closes_at + timedelta(seconds=1)):
        assert "allocated" in _run("close", window.code)
    window.refresh_from_db()
    return window


def test_verify_confirms_a_published_allocation_from_the_database():
    window = _allocated_window()
    assert "OK" in _run("verify", window.code)


def test_verify_works_from_downloaded_files_without_the_database(tmp_path):
    window = _allocated_window()
    publication = window.publication
    (tmp_path / "in.tsv").write_bytes(bytes(publication.input_data))
    (tmp_path / "out.tsv").write_bytes(bytes(publication.result_data))
    output = _run(
        "verify",
        "--input",
        str(tmp_path / "in.tsv"),
        "--result",
        str(tmp_path / "out.tsv"),
        "--seed",
        window.seed,
    )
    assert "OK" in output


def test_verify_reports_a_tampered_result_with_its_line():
    window = _allocated_window()
    publication = window.publication
    lines = bytes(publication.result_data).split(b"\n")
    lines[7], lines[8] = lines[8], lines[7]
    AllocationPublication.objects.filter(pk=publication.pk).update(result_data=b"\n".join(lines))
    with pytest.raises(CommandError, match="line 8"):
        _run("verify", window.code)


def test_close_before_the_close_time_is_refused_in_plain_words():
    window = make_window(sessions=[make_session()])
    with pytest.raises(CommandError, match="尚未到截止时间"):
        _run("close", window.code)
