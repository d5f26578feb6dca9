"""Every language's catalogue covers every user-facing string in the source, and passes the
catalogue check (scripts/check_catalogue.py: translated, not fuzzy, placeholders as in the
source, glossary terms as in locale/GLOSSARY.md).

The catalogues are regenerated from the source (`make messages`) in a scratch copy of the
project, so the work tree is untouched.
"""

import importlib.util
import os
import shutil
import subprocess
import sys
from pathlib import Path

import polib
import pytest
from django.conf import settings
from django.utils.translation import to_locale

ROOT = Path(__file__).resolve().parents[2]
PACKAGES = ["certify", "forms", "workflows"]
LOCALES = [to_locale(code) for code, _name in settings.LANGUAGES if code != "en"]

_spec = importlib.util.spec_from_file_location(
    "check_catalogue", ROOT / "scripts/check_catalogue.py"
)
assert _spec is not None and _spec.loader is not None
check_catalogue = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(check_catalogue)


@pytest.fixture(scope="module")
def regenerated(tmp_path_factory) -> Path:
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
        [sys.executable, "manage.py", "refresh_catalogues"],
        cwd=scratch,
        env=env,
        check=True,
        capture_output=True,
        timeout=300,
    )
    return scratch / "locale"


@pytest.mark.parametrize("locale", LOCALES)
def test_the_catalogue_passes_the_check_after_make_messages(regenerated, locale):
    problems = check_catalogue.check(regenerated, [locale], ROOT / "locale/GLOSSARY.md")
    assert problems == [], f"{len(problems)} problem(s), first: {problems[:5]}"


@pytest.mark.parametrize("locale", LOCALES)
def test_the_committed_catalogue_is_current(regenerated, locale):
    def msgids(root: Path) -> set[str]:
        return {e.msgid for e in polib.pofile(str(root / locale / "LC_MESSAGES/django.po"))}

    missing = msgids(regenerated) - msgids(ROOT / "locale")
    assert missing == set(), "run `make messages` and translate the new strings"
