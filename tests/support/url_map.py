"""The URL map: every named URL, how to build its arguments, and the status each persona gets.

tests/site/access/test_url_access.py checks the statuses; the page walks (markup, layout at
320 px, axe) visit every page a persona may see.
"""

from collections.abc import Callable
from dataclasses import dataclass

from django.urls import reverse

from certify.records.models import SupportingDocument
from tests.support.agency_settings_access import AGENCY_SETTINGS_ACCESS
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
    "accessibility": [("", "get", None, everyone(OK))],
    "privacy": [("", "get", None, everyone(OK))],
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
    "statutory_report_csv": agency_figures_rows(state="CA", year=2025),
    "stats": [("", "get", None, everyone(OK))],
    "stats_csv": [("", "get", None, everyone(OK))],
    "stats_json": [("", "get", None, everyone(OK))],
    # A new request from nothing: anyone signed in (the wizard's start stays open to all).
    "wizard_new": [("", "post", None, signed_in(REDIRECT))],
    "agency_queue_csv": [("", "get", None, only(AGENCY_STAFF, otherwise=FORBIDDEN))],
    "agency_bulk_assign": [
        (
            "nothing ticked",
            "post",
            None,
            {**only(set(), otherwise=FORBIDDEN), **dict.fromkeys(AGENCY_STAFF, REDIRECT)},
        )
    ],
    "calendar_settings": [("", "get", None, only(AGENCY_STAFF, otherwise=FORBIDDEN))],
    # Public by its secret address; an unknown token is 404 to everyone.
    "calendar_feed": [("unknown token", "get", lambda w: {"token": "nope"}, everyone(MISSING))],
}

# The certifying official's workspace keeps its rows beside its own tests.
ACCESS.update(WORKSPACE_ACCESS)
# The lead's settings, the organisation's members, invitations and requests to join.
ACCESS.update(AGENCY_SETTINGS_ACCESS)


# The roles whose pages the walks visit (the "other_" personas see what their peers see).
ROLES = ["anonymous", "victim", "advocate", "coordinator", "official", "lead", "admin"]
# URLs that answer with something other than an HTML page.
NOT_HTML = {
    "document_download",
    "packet_download",
    "healthz",
    "health_live",
    "health_ready",
    "agency_dashboard_csv",
    "statutory_report_csv",
    "stats_csv",
    "stats_json",
    "agency_queue_csv",
    "calendar_feed",
    "agency_official_letter",
    "favicon",
}


@dataclass(frozen=True)
class Page:
    name: str
    label: str
    method: str
    build: Callable | None

    def __str__(self) -> str:
        return f"{self.name}{self.label and f'[{self.label}]'} ({self.method})"


def pages_for(persona: str, method: str | None = None) -> list[Page]:
    """The HTML pages the URL map lets `persona` see (status 200), in the map's order."""
    return [
        Page(name, label, row_method, build)
        for name, rows in ACCESS.items()
        if name not in NOT_HTML
        for label, row_method, build, expected in rows
        if expected[persona] == OK and method in (None, row_method)
    ]


def fresh_advocate_request(world):
    """A new request like world.advocate_request: the builders move it through the workflow,
    so each page gets one of its own."""
    from tests.conftest import make_request, submit_and_receive

    return submit_and_receive(
        make_request(
            created_by=world.users["advocate"],
            filed_by="advocate",
            agency=world.agency_a,
            organisation=world.org_x,
        )
    )


def page_url(world, page: Page) -> str:
    if page.build is None:
        return reverse(page.name)
    world.advocate_request = fresh_advocate_request(world)
    return reverse(page.name, kwargs=page.build(world))


# Queries that the GET forms refuse, to show their error states.
ERROR_QUERIES = {
    "agency_dashboard": "start=2025-02-30&end=nope&form=X",
    "statutory_index": "year=1800",
    "stats": "year=1800&state=XX",
}


def error_url(world, page: Page) -> str | None:
    """The page with its filter form refused, where it has one."""
    query = ERROR_QUERIES.get(page.name)
    return f"{page_url(world, page)}?{query}" if query and page.method == "get" else None
