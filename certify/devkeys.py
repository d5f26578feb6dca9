"""Development keys, created once under var/ so a fresh checkout runs without configuration.

Production never reaches this module: with DEBUG off, settings insist on keys from the
environment.
"""

import base64
import json
import os
import secrets
from pathlib import Path


def _new_keys() -> dict[str, str]:
    return {
        "secret_key": secrets.token_urlsafe(50),
        "field_key": base64.urlsafe_b64encode(os.urandom(32)).decode(),
        "blind_index_key": secrets.token_urlsafe(32),
    }


def development_keys(var_dir: Path) -> dict[str, str]:
    path = var_dir / "dev-keys.json"
    try:
        return json.loads(path.read_text())
    except FileNotFoundError:
        pass
    var_dir.mkdir(parents=True, exist_ok=True)
    keys = _new_keys()
    # O_EXCL: two processes starting at once (web server and q cluster) must agree on one key.
    try:
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except FileExistsError:
        return json.loads(path.read_text())
    with os.fdopen(fd, "w") as fh:
        json.dump(keys, fh)
    return keys
