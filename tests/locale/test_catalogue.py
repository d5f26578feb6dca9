"""The Spanish catalogue covers every user-facing string in the source.

The catalogue is regenerated from the source in a scratch copy of the project (so the work tree
is untouched) and must come out with no untranslated and no fuzzy entry.
"""

import os
import shutil
import subprocess
import sys
from pathlib import Path

import polib
import pytest

ROOT = Path(__file__).resolve().parents[2]
PACKAGES = ["certify", "forms", "workflows"]


@pytest.fixture(scope="module")
def regenerated(tmp_path_factory) -> polib.POFile:
    if shutil.which("xgettext") is None:
        if os.environ.get("CI"):
            pytest.fail("GNU gettext (xgettext) is required in CI")
        pytest.skip("GNU gettext is not installed")
    scratch = tmp_path_factory.mktemp("catalogue")
    ignore = shutil.ignore_patterns("__pycache__", "*.pyc", "*.pdf", "*.ttf")
    for package in PACKAGES:
        shutil.copytree(ROOT / package, scratch / package, ignore=ignore)
    shutil.copytree(ROOT / "locale", scratch / "locale")
    shutil.copy(ROOT / "manage.py", scratch / "manage.py")
    env = {**os.environ, "CERTIFY_VAR_DIR": str(scratch / "var"), "PYTHONPATH": str(ROOT)}
    env.pop("DATABASE_URL", None)
    subprocess.run(
        [sys.executable, "manage.py", "makemessages", "-l", "es", "--no-obsolete"],
        cwd=scratch,
        env=env,
        check=True,
        capture_output=True,
        timeout=300,
    )
    return polib.pofile(str(scratch / "locale/es/LC_MESSAGES/django.po"))


def test_every_string_has_a_spanish_translation(regenerated):
    untranslated = [entry.msgid for entry in regenerated.untranslated_entries()]
    assert untranslated == []


def test_no_spanish_translation_is_fuzzy(regenerated):
    assert [entry.msgid for entry in regenerated.fuzzy_entries()] == []


def test_the_committed_catalogue_is_current(regenerated):
    committed = polib.pofile(str(ROOT / "locale/es/LC_MESSAGES/django.po"))
    missing = {e.msgid for e in regenerated} - {e.msgid for e in committed}
    assert missing == set(), "run `make messages` and translate the new strings"
