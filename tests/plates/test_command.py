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
