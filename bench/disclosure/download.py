"""Stream the largest published list as CSV and JSON through the API (in process, Django's
test client), print rows, bytes, seconds and the peak memory of the process."""

import os
import resource
import time

import django

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "jiaoguan.settings.embedded")
django.setup()

from django.conf import settings  # noqa: E402
from django.test import Client  # noqa: E402

from jiaoguan.disclosure.models import Dataset  # noqa: E402

settings.ALLOWED_HOSTS = [*settings.ALLOWED_HOSTS, "testserver"]
largest = Dataset.objects.order_by("-entry_count").first()
if largest is None:
    raise SystemExit("nothing published")
client = Client()
for extension in ("csv", "json"):
    started = time.perf_counter()
    response = client.get(f"/api/v1/open-data/datasets/{largest.code}.{extension}")
    size = 0
    for chunk in response.streaming_content:
        size += len(chunk)
    elapsed = time.perf_counter() - started
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(
        f"{largest.code}.{extension}: {largest.entry_count:,} entries, {size / 1e6:.1f} MB "
        f"in {elapsed:.1f} s (peak memory of the process {peak:.0f} MB)"
    )
