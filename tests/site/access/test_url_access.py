"""Every URL, as every role and as outsiders: who gets the page, who is refused.

A new URL pattern without a row in ACCESS fails `test_every_url_has_an_access_rule`; a rule
removed from certify.records.policy makes the roles it allowed fail their row (views fail closed).
"""

import pytest
import rules
from django.contrib import admin
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from certify.records.models import SupportingDocument
from tests.support.samples import TINY_PDF
from tests.support.workspace_access import WORKSPACE_ACCESS

PERSONAS = [
    "anonymous",
    "victim",
    "other_victim",
    "advocate",
    "other_advocate",
    "coordinator",
    "official",
    "lead",
    "other_official",
    "admin",
]

OK, LOGIN, FORBIDDEN, MISSING, REDIRECT, NOT_ALLOWED = 200, "login", 403, 404, 302, 405


def everyone(status):
    return dict.fromkeys(PERSONAS, status)


def signed_in(status, anonymous=LOGIN):
    return {**everyone(status), "anonymous": anonymous}


def only(allowed: set[str], *, otherwise=MISSING):
    return {
        p: (OK if p in allowed else (LOGIN if p == "anonymous" else otherwise)) for p in PERSONAS
    }


ADVOCATE_REQUEST_READERS = {"advocate", "coordinator", "official", "lead"}
VICTIM_REQUEST_READERS = {"victim", "coordinator", "official", "lead"}
AGENCY_STAFF = {"coordinator", "official", "lead", "other_official"}
SECOND_FACTOR_STAFF = AGENCY_STAFF | {"admin"}


def off_certify_request(world):
    from certify.records.models import Agency
    from tests.conftest import make_request
    from workflows.lifecycle import transition

    agency, _ = Agency.objects.get_or_create(
        slug="paper-pd",
        defaults={"name": "Paper PD", "kind": "police", "state": "CA", "on_certify": False},
    )
    req = make_request(
        created_by=world.users["advocate"],
        filed_by="advocate",
        agency=agency,
        organisation=world.org_x,
    )
    transition(req, move="submit", actor=world.users["advocate"])
    return {"reference": req.reference}


def document_kwargs(world):
    document = SupportingDocument.objects.get(request=world.advocate_request)
    return {"reference": world.advocate_request.reference, "document_id": document.pk}


def agency_figures_rows(**extra):
    """The lead of agency A, and no one else; an unknown agency is 404 once signed in."""
    return [
        (
            "agency A",
            "get",
            lambda w: {"slug": w.agency_a.slug, **extra},
            only({"lead"}, otherwise=FORBIDDEN),
        ),
        (
            "agency B",
            "get",
            lambda w: {"slug": w.agency_b.slug, **extra},
            only(set(), otherwise=FORBIDDEN),
        ),
        (
            "unknown agency",
            "get",
            lambda w: {"slug": "nope", **extra},
            {**everyone(MISSING), "anonymous": LOGIN},
        ),
    ]


# url name -> list of (case label, method, kwargs builder, expected status per persona)
ACCESS = {
    "home": [("", "get", None, everyone(OK))],
    "login": [("", "get", None, {**everyone(REDIRECT), "anonymous": OK})],
    "logout": [("", "post", None, everyone(REDIRECT))],
    "set_language": [("", "post", None, everyone(REDIRECT))],
    # Anyone may leave; the answer is always the way out (303 to the neutral page).
    "quick_exit": [("", "post", None, everyone(303))],
    "privacy": [("", "get", None, everyone(OK))],
    "accessibility": [("", "get", None, everyone(OK))],
    "favicon": [("", "get", None, everyone(REDIRECT))],
    "request_list": [("", "get", None, signed_in(OK))],
    "request_detail": [
        (
            "advocate's request",
            "get",
            lambda w: {"reference": w.advocate_request.reference},
            only(ADVOCATE_REQUEST_READERS),
        ),
        (
            "victim's own request",
            "get",
            lambda w: {"reference": w.victim_request.reference},
            only(VICTIM_REQUEST_READERS),
        ),
        ("draft", "get", lambda w: {"reference": w.draft.reference}, only({"advocate"})),
        ("unknown reference", "get", lambda w: {"reference": "U-ZZZZ-ZZZZ"}, only(set())),
    ],
    "document_download": [
        ("advocate's request", "get", document_kwargs, only(ADVOCATE_REQUEST_READERS))
    ],
    "agency_queue": [("", "get", None, only(AGENCY_STAFF, otherwise=FORBIDDEN))],
    # The request wizard: anyone may begin; drafts belong to their author's side.
    "wizard": [("", "get", None, everyone(REDIRECT))],
    "wizard_step": [("", "get", lambda w: {"step": "start"}, everyone(OK))],
    "wizard_resume": [
        (
            "advocate's draft",
            "get",
            lambda w: {"reference": w.draft.reference},
            {**only(set()), "advocate": REDIRECT},
        ),
        (
            "submitted request",
            "get",
            lambda w: {"reference": w.advocate_request.reference},
            only(set()),
        ),
    ],
    "wizard_copy": [
        (
            "advocate's request",
            "post",
            lambda w: {"reference": w.advocate_request.reference},
            {**only(set()), "advocate": REDIRECT},
        ),
        (
            "victim's own request",
            "post",
            lambda w: {"reference": w.victim_request.reference},
            only(set()),
        ),
    ],
    "wizard_sent": [("", "get", None, signed_in(REDIRECT))],
    "wizard_signup": [("", "get", None, {**everyone(REDIRECT), "anonymous": OK})],
    "wizard_activate": [
        ("bad link", "get", lambda w: {"uidb64": "MQ", "token": "x-y"}, everyone(OK))
    ],
    "healthz": [("", "get", None, everyone(OK))],
    "health_live": [("", "get", None, everyone(OK))],
    # Public; no task cluster runs under the tests, so everyone hears it is not ready.
    "health_ready": [("", "get", None, everyone(503))],
    "notice_list": [("", "get", None, signed_in(OK))],
    "packet_download": [
        (
            "agency on certify",
            "get",
            lambda w: {"reference": w.advocate_request.reference},
            only(set()),
        ),
        ("agency not on certify", "get", off_certify_request, only({"advocate"})),
    ],
    # Second factor (staff personas come in verified, see tests/conftest.py): staff already have
    # an app, so set-up sends them on to their backup codes; others may turn it on.
    "two_factor_verify": [("", "get", None, signed_in(REDIRECT))],
    "two_factor_setup": [
        ("", "get", None, {**signed_in(OK), **dict.fromkeys(SECOND_FACTOR_STAFF, REDIRECT)})
    ],
    "two_factor_enrol": [("bad link", "get", lambda w: {"token": "nope"}, signed_in(MISSING))],
    "two_factor_backup_codes": [
        ("", "get", None, {**signed_in(REDIRECT), **dict.fromkeys(SECOND_FACTOR_STAFF, OK)})
    ],
    "reauthenticate": [("", "get", None, signed_in(OK))],
    "password_reset": [("", "get", None, everyone(OK))],
    "password_reset_done": [("", "get", None, everyone(OK))],
    "password_reset_confirm": [
        ("bad link", "get", lambda w: {"uidb64": "MQ", "token": "set-password"}, everyone(OK))
    ],
    "password_reset_complete": [("", "get", None, everyone(OK))],
    "request_delete": [
        ("draft", "get", lambda w: {"reference": w.draft.reference}, only({"advocate"})),
        (
            "victim's request with the agency",
            "get",
            lambda w: {"reference": w.victim_request.reference},
            only(set()),
        ),
    ],
    "agency_list": [("", "get", None, everyone(OK))],
    "agency_detail": [
        ("", "get", lambda w: {"slug": w.agency_a.slug}, everyone(OK)),
        ("unknown", "get", lambda w: {"slug": "nope"}, everyone(MISSING)),
    ],
    "verify": [("", "get", None, everyone(OK)), ("empty form", "post", None, everyone(OK))],
    # Reports: an agency's figures for its leads only; the statistics for everyone.
    "agency_dashboard": agency_figures_rows(),
    "agency_dashboard_csv": agency_figures_rows(),
    "statutory_index": agency_figures_rows(),
    "statutory_report": agency_figures_rows(state="CA", year=2025),
    "statutory_report_csv": agency_figures_rows(state="WA", year=2025),
    "stats": [("", "get", None, everyone(OK))],
    "stats_csv": [("", "get", None, everyone(OK))],
}

# The certifying official's workspace keeps its rows beside its own tests.
ACCESS.update(WORKSPACE_ACCESS)


def named_patterns(resolver=None, namespace=""):
    resolver = resolver or get_resolver()
    for entry in resolver.url_patterns:
        if isinstance(entry, URLResolver):
            if entry.namespace == "admin":
                continue  # covered model by model in test_the_admin_is_for_site_admins_only
            yield from named_patterns(entry, namespace)
        elif isinstance(entry, URLPattern) and entry.name:
            yield entry


def test_every_url_has_an_access_rule():
    names = {pattern.name for pattern in named_patterns()}
    assert names - ACCESS.keys() == set(), "add these URLs to ACCESS"
    assert ACCESS.keys() - names == set(), "these ACCESS rows name no URL"


def test_every_view_declares_its_access_and_the_policy_knows_it():
    for pattern in named_patterns():
        access = getattr(pattern.callback, "certify_access", None)
        assert access is not None, f"{pattern.name} declares no access rule"
        if access != "public":
            assert rules.perm_exists(access), f"{pattern.name}: no rule for {access}"


@pytest.fixture
def world_with_document(world, tmp_path, settings):
    from certify.records import documents

    settings.PRIVATE_STORAGE_DIR = tmp_path
    documents.store(
        actor=world.users["advocate"],
        certification_request=world.advocate_request,
        kind="police_report",
        content=TINY_PDF,
        original_name="report.pdf",
    )
    return world


CASES = [
    pytest.param(
        name,
        label,
        method,
        build,
        persona,
        expected[persona],
        id=f"{name}{label and f'[{label}]'}-{persona}",
    )
    for name, rows in ACCESS.items()
    for label, method, build, expected in rows
    for persona in PERSONAS
]


@pytest.mark.parametrize("name,label,method,build,persona,expected", CASES)
def test_url_access(client, world_with_document, name, label, method, build, persona, expected):
    world = world_with_document
    if persona != "anonymous":
        client.force_login(world.users[persona])
    url = reverse(name, kwargs=build(world) if build else None)
    response = getattr(client, method)(url)
    if expected == LOGIN:
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("login"))
    else:
        assert response.status_code == expected, f"{persona} on {url}"


@pytest.mark.parametrize("persona", PERSONAS)
def test_the_admin_is_for_site_admins_only(client, world, persona):
    if persona != "anonymous":
        client.force_login(world.users[persona])
    for model in admin.site._registry:
        url = reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_changelist")
        response = client.get(url)
        if persona == "admin":
            assert response.status_code == 200, url
        else:
            assert response.status_code == 302, url
            assert response["Location"].startswith(reverse("admin:login"))
