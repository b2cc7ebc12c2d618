"""Study time on a simulated clock: gaps, hidden pages, parallel tabs, two devices, clock skew."""

from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

from jiaoguan.education.rules import study_time as st
from jiaoguan.education.rules.study_time import Heartbeat

SHANGHAI = ZoneInfo("Asia/Shanghai")
T0 = datetime(2026, 3, 2, 9, 0, tzinfo=SHANGHAI)


class Page:
    """A simulated study page: beats every 15 s of the server's clock while shown."""

    def __init__(self, tab: str, *, skew: timedelta = timedelta(0)):
        self.tab, self.skew, self.beats = tab, skew, []

    def study(self, start: datetime, seconds: int, *, every: int = st.HEARTBEAT_SECONDS):
        for offset in range(0, seconds + 1, every):
            at = start + timedelta(seconds=offset)
            self.beats.append(Heartbeat(self.tab, at, True, client_at=at + self.skew))
        return self

    def hide(self, at: datetime):
        self.beats.append(Heartbeat(self.tab, at, False, client_at=at + self.skew))
        return self


def minutes(td: timedelta) -> float:
    return td.total_seconds() / 60


def test_one_continuous_stretch_counts_its_length():
    page = Page("a").study(T0, 10 * 60)
    assert st.counted_time(page.beats) == timedelta(minutes=10)


def test_stretch_of_exactly_five_minutes_counts_and_just_under_does_not():
    five = Page("a").study(T0, 300)
    under = Page("b").study(T0, 285)
    assert st.counted_time(five.beats, min_stretch=st.REDUCTION_MIN_STRETCH) == timedelta(minutes=5)
    assert st.counted_time(under.beats, min_stretch=st.REDUCTION_MIN_STRETCH) == timedelta(0)


def test_gap_longer_than_allowed_splits_the_stretch():
    page = Page("a").study(T0, 240).study(T0 + timedelta(seconds=240 + 41), 240)
    assert len(st.stretches(page.beats)) == 2
    # two 4-minute stretches: neither reaches 5 minutes
    assert st.counted_time(page.beats, min_stretch=st.REDUCTION_MIN_STRETCH) == timedelta(0)


def test_gap_within_tolerance_keeps_the_stretch():
    beats = [Heartbeat("a", T0 + timedelta(seconds=s), True) for s in range(0, 301, 40)]
    beats.append(Heartbeat("a", T0 + timedelta(seconds=320), True))
    assert st.counted_time(beats, min_stretch=st.REDUCTION_MIN_STRETCH) == timedelta(seconds=320)


def test_hidden_page_stops_the_timer_until_shown_again():
    page = Page("a").study(T0, 360)
    page.hide(T0 + timedelta(seconds=370))
    # the page keeps beating while hidden (a misbehaving client): nothing counts
    for s in range(385, 600, 15):
        page.beats.append(Heartbeat("a", T0 + timedelta(seconds=s), False))
    page.study(T0 + timedelta(seconds=600), 360)
    assert st.counted_time(page.beats) == timedelta(seconds=720)
    assert [s.duration for s in st.stretches(page.beats)] == [timedelta(seconds=360)] * 2


def test_two_tabs_at_the_same_time_count_once():
    a = Page("tab-a").study(T0, 600)
    b = Page("tab-b").study(T0 + timedelta(seconds=7), 600)
    counted = st.counted_time(a.beats + b.beats)
    assert counted == timedelta(seconds=607)


def test_two_devices_overlapping_count_the_union():
    phone = Page("phone").study(T0, 600)
    laptop = Page("laptop").study(T0 + timedelta(minutes=5), 600)
    assert st.counted_time(phone.beats + laptop.beats) == timedelta(minutes=15)


def test_flooding_heartbeats_adds_nothing():
    page = Page("a").study(T0, 300, every=1)
    assert st.counted_time(page.beats) == timedelta(minutes=5)


def test_client_clock_skew_changes_nothing():
    honest = Page("a").study(T0, 900)
    skewed = Page("a", skew=timedelta(hours=5)).study(T0, 900)
    backwards = Page("a", skew=-timedelta(days=2)).study(T0, 900)
    assert st.counted_time(honest.beats) == st.counted_time(skewed.beats)
    assert st.counted_time(honest.beats) == st.counted_time(backwards.beats)


def test_reduction_study_needs_thirty_minutes_in_five_minute_stretches():
    page = Page("a")
    for n in range(5):  # five 6-minute stretches = 30 minutes
        page.study(T0 + timedelta(hours=n), 360)
    page.study(T0 + timedelta(hours=6), 200)  # too short: ignored
    window_end = st.reduction_window_end(T0.date(), SHANGHAI)
    result = st.reduction_study(page.beats, window_starts_at=T0, window_ends_at=window_end)
    assert result.counted == timedelta(minutes=30)
    assert result.complete
    assert result.completed_at == T0 + timedelta(hours=4, minutes=6)


def test_reduction_study_at_29_minutes_is_not_complete():
    page = Page("a").study(T0, 29 * 60)
    result = st.reduction_study(
        page.beats, window_starts_at=T0, window_ends_at=T0 + timedelta(days=3)
    )
    assert not result.complete
    assert result.remaining == timedelta(minutes=1)


def test_reduction_window_is_three_natural_days_from_the_application_day():
    end = st.reduction_window_end(date(2026, 3, 2), SHANGHAI)
    assert end == datetime(2026, 3, 5, 0, 0, tzinfo=SHANGHAI)
    # study on the 4th day does not count; a stretch cut by the window end keeps its inside part
    applied = datetime(2026, 3, 2, 23, 0, tzinfo=SHANGHAI)
    late = Page("a").study(end - timedelta(minutes=6), 12 * 60)
    result = st.reduction_study(late.beats, window_starts_at=applied, window_ends_at=end)
    assert result.counted == timedelta(minutes=6)


def test_full_score_day_counts_after_more_than_three_hours():
    exactly = Page("a").study(T0, 3 * 3600)
    more = Page("b").study(T0, 3 * 3600 + 15)
    assert st.full_score_online_days(exactly.beats, zone=SHANGHAI) == []
    assert st.full_score_online_days(more.beats, zone=SHANGHAI) == [T0.date()]


def test_full_score_day_adds_up_separate_sessions_and_splits_at_midnight():
    page = Page("a")
    page.study(datetime(2026, 3, 2, 8, 0, tzinfo=SHANGHAI), 2 * 3600)
    page.study(datetime(2026, 3, 2, 22, 0, tzinfo=SHANGHAI), 3 * 3600)  # to 01:00 next day
    per_day = st.online_time_by_day(page.beats, zone=SHANGHAI)
    assert per_day[date(2026, 3, 2)] == timedelta(hours=4)
    assert per_day[date(2026, 3, 3)] == timedelta(hours=1)
    assert st.full_score_online_days(page.beats, zone=SHANGHAI) == [date(2026, 3, 2)]


def test_utc_stored_times_give_local_days():
    beats = [
        Heartbeat("a", datetime(2026, 3, 2, 15, 0, tzinfo=UTC) + timedelta(seconds=s), True)
        for s in range(0, 3 * 3600 + 61, 15)
    ]  # 23:00 Shanghai onward
    per_day = st.online_time_by_day(beats, zone=SHANGHAI)
    assert set(per_day) == {date(2026, 3, 2), date(2026, 3, 3)}
    assert minutes(per_day[date(2026, 3, 2)]) == 60
