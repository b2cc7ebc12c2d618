"""A new-car owner picks a plate number in a real browser, on a desktop and on a phone:
the published segments, a random draw and a pick, then a self-composed number that someone
else already holds; the temporary-plate status page a QR code opens."""

import re
from datetime import timedelta

import pytest

from jiaoguan.core import clock
from jiaoguan.plates import services
from jiaoguan.plates.models import PlateHold
from tests.browser.test_citizen_journey import (  # noqa: F401 (fixtures)
    Journey,
    device,
    page,
)
from tests.identity.factories import DEFAULT_PASSWORD
from tests.plates.factories import (
    make_open_batch,
    make_owner_with_vehicle,
    make_plates_officer,
    make_segment,
)
from tests.vehicles.factories import vin_for

pytestmark = pytest.mark.browser


@pytest.fixture
def journey(page, live_server, device, screenshot_dir):  # noqa: F811
    return Journey(page, live_server.url, device, screenshot_dir)


def test_a_new_car_owner_draws_picks_and_is_told_when_a_number_is_taken(journey):
    tab = journey.page
    segment = make_segment()
    make_open_batch(segment)
    user, vehicle = make_owner_with_vehicle()
    rival, rival_vehicle = make_owner_with_vehicle()
    services.selection_compose(
        actor=rival, vin=rival_vehicle.vin, segment_id=segment.pk, number="D6688"
    )

    journey.open("/plates/")
    assert "苏AD####" in journey.text("main")
    assert "已选用 1" in journey.text("main")
    journey.look("plates-segments")

    journey.open("/login/")
    tab.get_by_label("身份证号或手机号码").fill(user.person.id_number)
    tab.get_by_label("密码", exact=True).fill(DEFAULT_PASSWORD)
    tab.get_by_role("button", name="登录", exact=True).click()
    tab.wait_for_url("**/me/")
    journey.open("/")
    tab.get_by_role("link", name=re.compile("新车选号")).first.click()
    tab.wait_for_url("**/me/plates/")
    assert vehicle.vin in journey.text("main")
    journey.look("plates-selection")

    # A self-composed number someone else holds: a clear message, the form stays.
    tab.get_by_label("自编号码").fill("D6688")
    tab.get_by_role("button", name="选用该号码").click()
    tab.wait_for_url("**/me/plates/")
    assert "该号码已被他人选用或暂不可选" in journey.text("main")

    # The random draw: candidates as buttons, pick the first.
    tab.get_by_role("button", name="产生候选号码").click()
    tab.wait_for_url(re.compile(r".*/me/plates/draw/[0-9a-f-]+/$"))
    buttons = tab.locator("main button[name=number]")
    assert buttons.count() == 50
    journey.look("plates-draw")
    chosen = buttons.first.inner_text()
    buttons.first.click()
    tab.wait_for_url("**/me/plates/")
    assert PlateHold.objects.get(person=user.person).plate_number == chosen
    assert f"已预选 {chosen}" in journey.text("main")
    journey.look("plates-held")


def test_the_temporary_plate_status_page_fits_the_screen(journey):
    plate = services.temporary_plate_issue(
        actor=make_plates_officer(),
        vin=vin_for(71),
        prefix="苏A",
        situation="not_registered",
        compulsory_insurance_until=clock.today() + timedelta(days=365),
    )
    journey.open(f"/plates/temporary/{plate.reference}/")
    assert plate.number in journey.text("main h2")
    assert "有效" in journey.text("main")
    journey.look("plates-temporary")
