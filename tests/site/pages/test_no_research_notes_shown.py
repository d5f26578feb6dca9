"""What people read cites the law, never research notes.

Every user-facing page, letter, report and PDF is rendered and searched for the marks of
research notes: a reference file's name, a capitalised checking status, a bracketed source
number, or a web address outside the official sources (certify.records.official_sources: .gov
and .mil sites, state and local governments under .us, the City of New York's rules site and
the publishers cities designate for their codes), besides this site's own address.
"""

from __future__ import annotations

import io
import re
from datetime import date
from urllib.parse import urlsplit

import pytest
from django.conf import settings
from django.urls import reverse
from pypdf import PdfReader

from certify.records import statutory
from certify.records.models import Agency, CertificationRequest
from certify.records.official_sources import is_official_url, unofficial_urls
from tests.conftest import make_request, submit_and_receive
from tests.support.wizard import answers, post_step, step_url
from workflows import decisions, letters
from workflows.lifecycle import transition
from workflows.packet import build_packet

FORBIDDEN_WORDS = ("domain.md", "stack-notes", "legal-review", "UNCONFIRMED")
BRACKETED_ID = re.compile(r"\[S\d+\]")


def _own_hosts() -> set[str]:
    return {urlsplit(settings.SITE_URL).hostname or "", "testserver", "127.0.0.1", "localhost"}


def research_notes_in(text: str) -> list[str]:
    found = [word for word in FORBIDDEN_WORDS if word in text]
    found += BRACKETED_ID.findall(text)
    found += unofficial_urls(text, extra_hosts=_own_hosts())
    return found


def pdf_text(data: bytes) -> str:
    return "\n".join(page.extract_text() or "" for page in PdfReader(io.BytesIO(data)).pages)


# --- the check itself ----------------------------------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        "Source: domain.md §4.1",
        "see stack-notes §3",
        "Rule: CA, form U: 30 days; UNCONFIRMED",
        "as read in [S48]",
        "https://www.hollowayfirm.com/2015/04/23/sb-674",
        "a50.asmdc.org/press-releases/20191011-expedited",
        "niwaplibrary.wcl.american.edu/pubs/il-u-visa-cert-law/",
        "https://instalawyer.io/laws/illinois",
    ],
)
def test_the_check_catches_each_kind_of_research_note(text: str) -> None:
    assert research_notes_in(text)


@pytest.mark.parametrize(
    "url",
    [
        "https://leginfo.legislature.ca.gov/faces/codes_displaySection.xhtml?lawCode=PEN",
        "https://www.ilga.gov/legislation/ilcs/documents/000508250K11.htm",
        "https://www.ecfr.gov/current/title-8/section-214.14",
        "https://www.uscis.gov/i-918",
        "https://www.leg.state.nv.us/NRS/NRS-217.html",
        "https://rules.cityofnewyork.us/content/requesting-certifications",
        "https://malegislature.gov/Laws/GeneralLaws/PartIII/TitleIV/Chapter258F/Section3",
        "https://library.municode.com/mn/st._paul/codes/code_of_ordinances",
    ],
)
def test_official_sources_pass_the_check(url: str) -> None:
    assert is_official_url(url)
    assert research_notes_in(f"The law's text: {url}") == []


# --- what people read ---------------------------------------------------------------------------


def _agency(**fields) -> Agency:
    slug = fields.pop("slug")
    return Agency.objects.create(name=slug.replace("-", " ").title(), slug=slug, **fields)


@pytest.fixture
def places(world):
    return {
        "il-police": _agency(slug="aurora-pd", kind="police", state="IL", city="Aurora"),
        "il-court": _agency(slug="cook-court", kind="court", state="IL", city="Chicago"),
        "mpls": _agency(slug="mpls-pd", kind="police", state="MN", city="Minneapolis"),
        "ma": _agency(slug="boston-pd", kind="police", state="MA", city="Boston"),
        "nv": _agency(slug="lv-pd", kind="police", state="NV", city="Las Vegas", target_days=45),
        "tx": _agency(slug="austin-pd", kind="police", state="TX", city="Austin"),
        "ca-t": _agency(slug="fresno-pd", kind="police", state="CA", city="Fresno"),
        "wa": _agency(slug="tacoma-pd", kind="police", state="WA", city="Tacoma", on_certify=False),
    }


def _pages(client, world, places) -> dict[str, str]:
    pages: dict[str, str] = {}

    def get(name: str, url: str) -> None:
        response = client.get(url)
        assert response.status_code == 200, (name, response.status_code)
        pages[name] = response.content.decode()

    get("home", "/")
    get("agency list", reverse("agency_list"))
    for key, agency in {"agency a": world.agency_a, **places}.items():
        get(f"agency {key}", reverse("agency_detail", args=[agency.slug]))

    # The wizard, step by step, for an Illinois agency (every expedite question asked).
    client.force_login(world.users["victim"])
    data = answers(places["il-police"].pk)
    data["crime"].update(state="IL", city="Aurora", county="")
    for step in [s for s in data if s not in ("which", "check")]:
        get(f"wizard {step}", step_url(step))
        post_step(client, step, data[step])
    get("wizard check", step_url("check"))

    # The request page as requester and as staff, at every stage of the clock.
    req = world.victim_request
    get("request received (victim)", reverse("request_detail", args=[req.reference]))
    for user in ("coordinator", "official"):
        client.force_login(world.users[user])
        get(f"request received ({user})", reverse("request_detail", args=[req.reference]))
    client.force_login(world.users["coordinator"])
    get("queue", reverse("agency_queue"))
    official = world.users["official"]
    req = transition(
        req, move="assign", actor=world.users["coordinator"], assigned_official=world.official_a
    )
    req = transition(req, move="start_review", actor=official)
    client.force_login(official)
    get("deny page", reverse("workspace_deny", args=[req.reference]))
    get("complete part 4", reverse("workspace_complete_part", args=[req.reference, 4]))
    req = transition(req, move="deny", actor=official, note="No record of the crime.")
    client.force_login(world.users["victim"])
    get("request denied (victim)", reverse("request_detail", args=[req.reference]))
    get("reconsideration page", reverse("request_reconsideration", args=[req.reference]))
    decisions.ask_reconsideration(req, actor=world.users["victim"], note="New evidence.")
    get("request reconsideration (victim)", reverse("request_detail", args=[req.reference]))
    client.force_login(world.users["coordinator"])
    get("queue with reconsideration", reverse("agency_queue"))

    # A Massachusetts request: the delay notice page and its result.
    world.agency_a.state = "MA"
    world.agency_a.save()
    client.force_login(official)
    other = transition(
        world.advocate_request, move="assign", actor=world.users["coordinator"],
        assigned_official=world.official_a,
    )  # fmt: skip
    get("delay notice page", reverse("workspace_delay_notice", args=[other.reference]))
    world.agency_a.state = "CA"
    world.agency_a.save()

    # Statutory reports, printable and CSV.
    client.force_login(world.users["lead"])
    for state, fmt in statutory.FORMATS.items():
        # A lead sees only the own state's formats: the agency moves to each state in turn.
        world.agency_a.state = state
        world.agency_a.save()
        year = max(fmt.first_year, 2025)
        args = [world.agency_a.slug, state, year]
        get(f"report {state}", reverse("statutory_report", args=args))
        get(f"report {state} csv", reverse("statutory_report_csv", args=args))
    return pages


@pytest.mark.django_db
def test_no_page_shows_research_notes_or_unofficial_sources(client, world, places) -> None:
    for name, html in _pages(client, world, places).items():
        assert research_notes_in(html) == [], name


@pytest.mark.django_db
def test_no_letter_or_pdf_shows_research_notes_or_unofficial_sources(world, places) -> None:
    documents: dict[str, str] = {}
    for key, agency in places.items():
        req = make_request(
            created_by=world.users["victim"],
            filed_by="victim",
            agency=agency,
            form="T" if key == "ca-t" else "U",
            removal_proceedings=True,
        )
        documents[f"packet {key}"] = pdf_text(build_packet(req, today=date(2025, 3, 3)))
    req = world.victim_request
    req.denial_reason = "insufficient_records"
    documents["denial letter"] = pdf_text(
        letters.denial_letter(
            req,
            code="ABCD-EFGH",
            on=date(2025, 3, 3),
            appeal_days=30,
            appeal_day_kind="business",
            appeal_law="5 ILCS 825/10 and 825/11, the VOICES Act as amended by P.A. 102-401",
        )
    )
    documents["withdrawal letter"] = pdf_text(
        letters.withdrawal_letter(req, code="ABCD-EFGH", on=date(2025, 3, 3), reason="Error.")
    )
    for name, text in documents.items():
        assert research_notes_in(text) == [], name


@pytest.mark.django_db
def test_the_packet_says_1367_binds_federal_departments_not_the_agency(world, places) -> None:
    req = make_request(created_by=world.users["victim"], filed_by="victim", agency=places["wa"])
    text = " ".join(pdf_text(build_packet(req, today=date(2025, 3, 3))).split())
    assert "8 U.S.C. 1367" in text
    assert "Departments of Homeland Security, Justice and State" in text
    assert "protected under 8 U.S.C. 1367" not in text
    # Washington binds the agency itself by its own statute.
    assert "State law (chapter 7.98 RCW) limits what your agency itself may disclose." in text


@pytest.mark.django_db
def test_the_stored_clock_of_an_old_request_is_never_shown_raw(client, world) -> None:
    # A clock started before the plain wording: its stored text once held the checking status.
    req = submit_and_receive(
        make_request(created_by=world.users["victim"], filed_by="victim", agency=world.agency_a)
    )
    CertificationRequest.objects.filter(pk=req.pk).update(clock_basis="")
    client.force_login(world.users["victim"])
    html = client.get(reverse("request_detail", args=[req.reference])).content.decode()
    assert "State law (Cal. Penal Code 679.10" in html
    assert research_notes_in(html) == []
