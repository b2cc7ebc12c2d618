# Sourced by the benchmarks that serve with production settings: the embedded installation's
# personal-data keys (var/secrets/, made on first use, as the embedded settings do), so a server
# with production settings reads the identity and phone numbers the seeder wrote with the
# embedded ones. The environment's PERSONAL_DATA_KEYS / PERSONAL_DATA_INDEX_KEY win if set.
eval "$("${PYTHON:-.venv/bin/python}" - <<'PY'
import os
from pathlib import Path

from jiaoguan.settings import env

secrets = Path(os.environ.get("SECRETS_DIR") or "var/secrets")
keys = os.environ.get("PERSONAL_DATA_KEYS") or "e1:" + env.generated("personal-data-key", secrets)
index = os.environ.get("PERSONAL_DATA_INDEX_KEY") or env.generated(
    "personal-data-index-key", secrets
)
print(f"export PERSONAL_DATA_KEYS='{keys}' PERSONAL_DATA_INDEX_KEY='{index}'")
PY
)"
