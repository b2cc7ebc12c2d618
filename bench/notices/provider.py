"""The fake SMS provider on loopback, as its own process: prints its URL, serves until killed.

Usage: python bench/notices/provider.py [PORT_FILE]
"""

import sys
import time

from jiaoguan.gateways.fake_provider import FakeSmsProvider

with FakeSmsProvider() as provider:
    print(provider.url, flush=True)
    if len(sys.argv) > 1:
        with open(sys.argv[1], "w") as out:
            out.write(provider.url)
    try:
        while True:
            time.sleep(5)
            print(f"requests={provider.requests} sends={provider.sends}", flush=True)
    except KeyboardInterrupt:
        pass
