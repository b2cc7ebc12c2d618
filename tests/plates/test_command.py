"""``jiaoguan plates verify`` and ``jiaoguan plates lapse``."""

from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from jiaoguan.plates import services
from jiaoguan.plates.models import Draw
from tests.plates.factories import make_owner_with_vehicle, make_plates_officer, make_segment

pytestmark = pytest.mark.django_db


def _draw():
    officer = make_plates_officer()
    segment = make_segment()
    batch = services.batch_open(actor=officer, segment_id=segment.pk)
    user, vehicle = make_owner_with_vehicle()
    draw = services.selection_draw(actor=user, vin=vehicle.vin, segment_id=segment.pk)
    return officer, batch, draw


def test_verify_recomputes_a_draw_after_the_reveal():
    officer, batch, draw = _draw()
    with pytest.raises(CommandError, match="not revealed"):
        call_command("plates", "verify", str(draw.reference), stdout=StringIO())
    services.batch_close(actor=officer, batch_id=batch.pk)
    out = StringIO()
    call_command("plates", "verify", str(draw.reference), stdout=out)
    assert "verified: the draw matches its revealed seed" in out.getvalue()


def test_verify_detects_a_tampered_draw():
    officer, batch, draw = _draw()
    services.batch_close(actor=officer, batch_id=batch.pk)
    Draw.objects.filter(pk=draw.pk).update(candidates=list(reversed(draw.candidates)))
    with pytest.raises(CommandError, match="does NOT match"):
        call_command("plates", "verify", str(draw.reference), stdout=StringIO())


def test_verify_of_an_unknown_draw_is_a_clear_error():
    with pytest.raises(CommandError):
        call_command("plates", "verify", "not-a-reference", stdout=StringIO())


def test_lapse_reports_the_count():
    out = StringIO()
    call_command("plates", "lapse", stdout=out)
    assert out.getvalue().strip() == "lapsed holds: 0"


def test_the_nightly_task_lapses_expired_holds_and_is_scheduled():
    from datetime import timedelta

    from django.conf import settings
    from freezegun import freeze_time

    from jiaoguan.core import clock
    from jiaoguan.plates import tasks
    from jiaoguan.plates.models import PlateHold
    from tests.plates.factories import make_open_batch

    segment = make_segment()
    make_open_batch(segment)
    user, vehicle = make_owner_with_vehicle()
    services.selection_compose(actor=user, vin=vehicle.vin, segment_id=segment.pk, number="D4321")
    with freeze_time(clock.now() + timedelta(days=30)):
        assert tasks.holds_lapse.delay().get() == 1
    assert PlateHold.objects.get().state == PlateHold.State.LAPSED
    entry = settings.CELERY_BEAT_SCHEDULE["plates-holds-lapse"]
    assert entry["task"] == "jiaoguan.plates.tasks.holds_lapse"
