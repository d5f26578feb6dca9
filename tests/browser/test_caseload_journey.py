"""An advocate finds a client by name among 500 requests, in a real Chromium; axe checks the
list. Screenshots go to var/screenshots/caseload/."""

import pytest

from certify.records.crypto import blind_index
from certify.records.models import CertificationRequest
from tests.browser.test_workspace_journeys import sign_in
from tests.support.browser import check_axe, shoot

GIVEN = ["Ana", "Luis", "Rosa", "Olena", "Ali", "Carmen", "José", "Fatima", "Minh", "Sara"]
FAMILY = ["Pérez", "Tran", "Kovalenko", "Silva", "Khan", "Mendoza", "Ortiz", "Nguyen"]


@pytest.fixture
def caseload(transactional_db, world):
    """500 submitted requests of the advocate's organisation, one of them Olena Kovalenko-Bondar."""
    org = world.advocate_request.organisation
    rows = []
    for n in range(499):
        family, given = f"{FAMILY[n % len(FAMILY)]}{n}", GIVEN[n % len(GIVEN)]
        rows.append((family, given))
    rows.append(("Kovalenko-Bondar", "Olena"))
    CertificationRequest.objects.bulk_create(
        CertificationRequest(
            reference=f"U-B{n:03d}-{n:04d}",
            form="U",
            status=CertificationRequest.Status.RECEIVED,
            created_by=world.users["advocate"],
            filed_by="advocate",
            organisation=org,
            agency=world.agency_a,
            family_name=family,
            given_name=given,
            name_index=blind_index(f"{family} {given}"),
        )
        for n, (family, given) in enumerate(rows)
    )
    return world


def test_an_advocate_finds_a_client_by_name_among_500_requests(page, caseload):
    sign_in(page, caseload.users["advocate"])
    page.goto("/requests/")
    assert page.locator("tbody tr").count() == 50  # a page, not 500 rows
    page.get_by_label("Find a request").fill("olena kovalenko-bondar")
    page.get_by_role("button", name="Find", exact=True).click()
    page.wait_for_load_state()
    rows = page.locator("tbody tr")
    assert rows.count() == 1
    assert "Olena Kovalenko-Bondar" in rows.first.inner_text()
    assert "kovalenko" not in page.url.lower()  # the name never reaches the address bar
    shoot(page, "found-by-name", folder="caseload")
    check_axe(page, "caseload search")
    rows.first.get_by_role("link", name="U-B499-0499").click()
    page.wait_for_url("**/requests/U-B499-0499/")
