"""A national day's mix for locust (README: the proportions and why).

Each simulated user is one visitor behind the site's reverse proxy (its own X-Forwarded-For
address) acting as a citizen drawn from the fixture. Once-only operations (handling a
violation, a plate draw, a payment notification) take their items from shared queues, so no
item is used twice; when a queue runs dry the operation is skipped, never faked.

Run by run.sh: locust -f bench/national-day/locustfile.py --headless ...
Environment: FIXTURE (prepare.py's fixture.json), MIX ("mix" or "bare"), TOUR (1: each
visitor first makes every operation of the mix once, so the small mode exercises them all).
"""

import collections
import importlib.util
import json
import os
import random
import secrets
import time
from datetime import datetime, timedelta, timezone

from locust import FastHttpUser, constant_throughput, events, task

with open(os.environ["FIXTURE"]) as _fixture:
    FIXTURE = json.load(_fixture)
MIX = os.environ.get("MIX", "mix")
TOUR = os.environ.get("TOUR") == "1"
#: Each phase runs in its own locust process: the once-only items are shared out between the
#: phases, a quarter to the average phase and the rest to the peak's three times the rate.
PART = os.environ.get("PART", "average")
RATE_PER_USER = float(os.environ.get("RATE_PER_USER", "5"))
CHINA = timezone(timedelta(hours=8))

CITIZENS = FIXTURE["citizens"]
VEHICLES = FIXTURE["vehicles"]


def _share(items) -> collections.deque:
    return collections.deque(
        item for index, item in enumerate(items) if (index % 4 == 0) == (PART == "average")
    )


VIOLATIONS = _share(FIXTURE["violations"])
DRAWS = _share(FIXTURE["plates"]["draws"])
SEGMENT = FIXTURE["plates"]["segment"]
EXAMS = FIXTURE["exams"]
PARTNER = FIXTURE["partner"]
with open(FIXTURE["notifications"]) as lines:
    NOTIFICATIONS = _share(line.strip() for line in lines if line.strip())
#: Penalty decisions made in this run, waiting for their owner to open the payment.
DECISIONS: collections.deque = collections.deque()
GUIDE_QUERIES = ("驾驶证", "换证", "年检", "违法", "车牌", "体检", "补领", "机动车")

# Partners sign with the platform's own pure module, as its docstring invites them to (this
# runs in locust's environment, without Django).
_spec = importlib.util.spec_from_file_location(
    "signing", os.path.join(os.path.dirname(__file__), "..", "..", "jiaoguan", "core", "signing.py")
)
signing = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(signing)


def _signed(method: str, path: str, body: bytes) -> dict:
    headers = signing.signed_headers(
        key_id=PARTNER["key_id"],
        secret=PARTNER["secret"],
        method=method,
        path=path,
        timestamp=int(time.time()),
        nonce=secrets.token_hex(12),
        body=body,
    )
    return {**headers, "Content-Type": "application/json"}


class Visitor(FastHttpUser):
    wait_time = constant_throughput(RATE_PER_USER)

    def on_start(self):
        citizen = random.choice(CITIZENS)
        self.token = citizen["token"]
        self.phone = citizen["phone"]
        address = f"10.{random.randrange(256)}.{random.randrange(256)}.{random.randrange(1, 255)}"
        self.forwarded = {"X-Forwarded-For": address}
        self.auth = {"Authorization": f"Bearer {self.token}", **self.forwarded}
        self.qr, self.qr_at = None, 0.0
        if TOUR and MIX == "mix":
            for operation in dict.fromkeys(self.tasks):  # weighted: each listed N times
                operation(self)

    @staticmethod
    def _fresh() -> dict:
        """Another visitor's address: log-ins and applicants' changes each come from their own."""
        address = f"10.{random.randrange(256)}.{random.randrange(256)}.{random.randrange(1, 255)}"
        return {"X-Forwarded-For": address}

    def _get(self, path, name, auth=True, **kwargs):
        headers = self.auth if auth else self.forwarded
        return self.client.get(path, headers=headers, name=name, **kwargs)

    # The bare endpoint, alone (MIX=bare): the ratio's denominator.
    if MIX == "bare":

        @task
        def health(self):
            self.client.get("/api/v1/health", name="bare /api/v1/health")

    else:
        # Queries: what most visits are.
        @task(220)
        def records(self):
            self._get("/api/v1/me/records", "query: my records")

        @task(150)
        def violations(self):
            self._get("/api/v1/me/violations", "query: my violations")

        @task(30)
        def license(self):
            self._get("/api/v1/me/license", "query: my licence")

        @task(100)
        def notices(self):
            self._get("/api/v1/me/notices", "notices: inbox")

        # Public pages and calculators (no account).
        @task(40)
        def home(self):
            self._get("/", "public: home page", auth=False)

        @task(40)
        def guides(self):
            query = random.choice(GUIDE_QUERIES)
            self._get(f"/api/v1/guides?q={query}", "public: guides search", auth=False)

        @task(40)
        def travel(self):
            self._get("/api/v1/travel/events", "public: travel events", auth=False)

        @task(20)
        def disclosure(self):
            self._get("/api/v1/open-data/catalog", "public: open-data catalogue", auth=False)

        @task(60)
        def calculator(self):
            first = datetime.now(CHINA).date() - timedelta(days=random.randrange(365, 6000))
            query = (
                f"first_issued_on={first}&valid_from={first}&validity=6&classes=C1"
                "&birth_date=1990-05-01"
            )
            self._get(
                f"/api/v1/calculators/license-schedule?{query}",
                "public: calculator",
                auth=False,
            )

        # Log-in with a password (Argon2 checked in full).
        @task(10)
        def login(self):
            self.client.post(
                "/api/v1/accounts/tokens",
                json={"identifier": self.phone, "password": FIXTURE["password"]},
                headers=self._fresh(),
                name="log-in: password",
            )

        # Electronic licence shown, and verified by someone else.
        @task(40)
        def credential(self):
            with self.client.post(
                "/api/v1/me/credentials/driving-license",
                headers=self.auth,
                name="credentials: show e-licence",
                catch_response=True,
            ) as answer:
                if answer.status_code == 200:
                    self.qr, self.qr_at = answer.json()["qr"], time.monotonic()
                    answer.success()

        @task(40)
        def verify(self):
            if self.qr is None or time.monotonic() - self.qr_at > 50:
                return self.credential()
            self.client.post(
                "/api/v1/credentials/verify",
                json={"qr": self.qr},
                headers=self.forwarded,
                name="credentials: verify",
            )

        # Writes.
        @task(20)
        def handle(self):
            if not VIOLATIONS:
                return
            token, record_id = VIOLATIONS.popleft()
            with self.client.post(
                f"/api/v1/me/violations/{record_id}/handle",
                headers={"Authorization": f"Bearer {token}", **self.forwarded},
                name="write: handle a violation",
                catch_response=True,
            ) as answer:
                if answer.status_code == 201:
                    DECISIONS.append((token, answer.json()["number"]))

        @task(20)
        def pay(self):
            if not DECISIONS:
                return
            token, number = DECISIONS.popleft()
            self.client.post(
                f"/api/v1/me/decisions/{number}/pay",
                json={"provider": "sandbox"},
                headers={"Authorization": f"Bearer {token}", **self.forwarded},
                name="write: open a fine's payment",
            )

        @task(20)
        def payment_notification(self):
            if not NOTIFICATIONS:
                return
            self.client.post(
                "/api/v1/payments/notify/sandbox",
                data=NOTIFICATIONS.popleft(),
                headers={"Content-Type": "application/x-www-form-urlencoded"},
                name="write: payment notification",
            )

        @task(40)
        def exam_preferences(self):
            token = random.choice(EXAMS["applicants"])
            sessions = random.sample(EXAMS["sessions"], k=3)
            self.client.put(
                f"/api/v1/exams/windows/{EXAMS['window']}/preferences",
                json={"session_ids": sessions},
                headers={"Authorization": f"Bearer {token}", **self._fresh()},
                name="write: exam preferences",
            )

        @task(20)
        def plate_draw(self):
            if not DRAWS:
                return
            token, vin = DRAWS.popleft()
            self.client.post(
                "/api/v1/plates/draws",
                json={"vin": vin, "segment_id": SEGMENT},
                headers={"Authorization": f"Bearer {token}", **self.forwarded},
                name="write: plate draw",
            )

        @task(60)
        def partner_ingest(self):
            plate, plate_type = random.choice(PARTNER["plates"])
            body = json.dumps(
                {
                    "device_id": f"{PARTNER['region']}-CAM-0002",
                    "record_id": secrets.token_hex(16),
                    "code": "1625",
                    "plate_number": plate,
                    "plate_type": plate_type,
                    "occurred_at": (datetime.now(CHINA) - timedelta(hours=2)).isoformat(),
                    "place": "龙蟠中路与后宰门街交叉口",
                    "region_code": PARTNER["region"],
                    "evidence": [PARTNER["evidence"]],
                }
            ).encode()
            path = "/api/v1/partner/violations"
            self.client.post(
                path, data=body, headers=_signed("POST", path, body), name="partner: camera record"
            )


@events.test_stop.add_listener
def _left(environment, **_):
    print(
        f"left unused: {len(VIOLATIONS)} violations, {len(DRAWS)} plate draws, "
        f"{len(NOTIFICATIONS)} notifications, {len(DECISIONS)} decisions unpaid"
    )
