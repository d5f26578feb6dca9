"""The vendored U.S. Web Design System files are the released ones the manifest records."""

import importlib.util
import json
from pathlib import Path

from django.conf import settings
from django.template.loader import render_to_string
from django.test import RequestFactory

SCRIPT = Path(settings.BASE_DIR) / "scripts/refresh_uswds.py"


def load_script():
    spec = importlib.util.spec_from_file_location("refresh_uswds", SCRIPT)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_every_vendored_file_matches_its_recorded_checksum():
    refresh = load_script()
    assert refresh.problems() == []


def test_the_manifest_names_a_uswds_3_release_and_its_integrity():
    refresh = load_script()
    manifest = json.loads(refresh.MANIFEST.read_text())
    assert manifest["package"] == "@uswds/uswds"
    assert manifest["version"].startswith("3.")
    assert manifest["integrity"].startswith("sha512-")


def test_everything_the_css_and_js_refer_to_is_vendored():
    refresh = load_script()
    assert set(refresh.needed_files(refresh.VENDOR)) <= set(
        json.loads(refresh.MANIFEST.read_text())["files"]
    )


def test_a_changed_file_is_reported(tmp_path, monkeypatch):
    refresh = load_script()
    copy = tmp_path / "uswds"
    copy.mkdir()
    (copy / "a.css").write_text("a{}")
    manifest = {"files": {"a.css": refresh.sha256(copy / "a.css")}}
    (copy / "MANIFEST.json").write_text(json.dumps(manifest))
    monkeypatch.setattr(refresh, "VENDOR", copy)
    monkeypatch.setattr(refresh, "MANIFEST", copy / "MANIFEST.json")
    assert refresh.problems() == []
    (copy / "a.css").write_text("a{color:red}")
    (copy / "b.js").write_text("")
    assert refresh.problems() == ["b.js: not in the manifest", "a.css: sha256 differs"]


def test_pages_load_the_vendored_copies_and_nothing_from_elsewhere(rf: RequestFactory):
    from django.contrib.auth.models import AnonymousUser

    request = rf.get("/")
    request.user = AnonymousUser()
    html = render_to_string("base.html", request=request)
    assert "vendor/uswds/css/uswds.min.css" in html
    assert "vendor/uswds/js/uswds.min.js" in html
    assert "vendor/uswds/js/uswds-init.min.js" in html
    assert "//cdn" not in html and "https://" not in html.split("<body")[0]
