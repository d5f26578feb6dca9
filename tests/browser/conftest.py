"""Playwright driving Debian's Chromium against a live server.

Playwright cannot download its own browser here, so it launches /usr/bin/chromium. In CI a
missing browser is a failure, not a skip.
"""

import os
import shutil

import pytest

# Playwright's sync API runs an event loop in the test thread; Django's ORM refuses to run
# beside one unless told this is a test (playwright-pytest #29).
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

CHROMIUM = os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")
CHROMIUM_FLAGS = [
    "--headless=new",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


def pytest_collection_modifyitems(config, items):
    for item in items:
        if "tests/browser/" in str(item.fspath):
            item.add_marker(pytest.mark.browser)


@pytest.fixture(scope="session")
def browser():
    if not shutil.which(CHROMIUM) and not os.path.exists(CHROMIUM):
        if os.environ.get("CI"):
            pytest.fail(f"Chromium is required in CI and was not found at {CHROMIUM}")
        pytest.skip(f"Chromium not found at {CHROMIUM}")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_FLAGS)
        yield browser
        browser.close()


@pytest.fixture
def page(browser, live_server):
    context = browser.new_context(base_url=live_server.url, locale="en-US")
    page = context.new_page()
    page.set_default_timeout(15_000)
    yield page
    context.close()


@pytest.fixture
def new_page(browser, live_server):
    """Pages in fresh browser contexts: `new_page(locale="en-US", user=None)`.

    With `user`, the context starts signed in as after the two-step sign-in (tests.conftest
    patches force_login). CSP is bypassed because axe is injected as a script; `csp=True` keeps
    it, for pages that must run under the site's policy. `width` sets the viewport's width;
    `javascript=False` turns scripts off."""
    from django.conf import settings
    from django.test import Client

    contexts = []

    def _new_page(locale="en-US", user=None, *, width=1280, csp=False, javascript=True):
        context = browser.new_context(
            base_url=live_server.url,
            locale=locale,
            bypass_csp=not csp,
            java_script_enabled=javascript,
            accept_downloads=True,
            viewport={"width": width, "height": 900 if width > 640 else 640},
        )
        contexts.append(context)
        if user is not None:
            client = Client()
            client.force_login(user)
            cookie = client.cookies[settings.SESSION_COOKIE_NAME]
            context.add_cookies(
                [{"name": cookie.key, "value": cookie.value, "url": live_server.url}]
            )
        if locale.startswith("es"):
            context.add_cookies(
                [{"name": settings.LANGUAGE_COOKIE_NAME, "value": "es", "url": live_server.url}]
            )
        page = context.new_page()
        page.set_default_timeout(15_000)
        return page

    yield _new_page
    for context in contexts:
        context.close()


# Data migrations whose rows the pages need: (model, migration module, loader function).
SEED_MIGRATIONS = [
    ("certify.QualifyingActivity", "certify.records.migrations.0002_qualifying_activities", "load"),
    (
        "certify.QualifyingActivity",
        "certify.records.migrations.0017_spanish_activity_wording",
        "load",
    ),
    ("certify.QualifyingActivity", "certify.records.migrations.0018_activity_translations", "load"),
    ("workflows.DeadlineRule", "workflows.migrations.0004_rules_by_agency_kind_and_place", "load"),
]


@pytest.fixture(autouse=True)
def _reload_migration_data(transactional_db):
    """Live-server tests flush the database after each test, which also wipes the rows data
    migrations load (the activity catalogue, the deadline rules). Serialized rollback cannot
    bring them back here: Playwright's greenlets give the test a different context-local
    database connection from the one the serialized copy was stored on. So load them again."""
    import importlib

    from django.apps import apps

    reloaded = set()  # a later migration's changes go on rows loaded again here
    for model, module, function in SEED_MIGRATIONS:
        if model in reloaded or not apps.get_model(model).objects.exists():
            reloaded.add(model)
            getattr(importlib.import_module(module), function)(apps, None)
