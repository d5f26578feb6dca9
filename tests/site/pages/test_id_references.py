"""Every id a page refers to (aria-describedby, aria-labelledby, aria-controls, label for, an
in-page link) exists, and no id is used twice: on every page of the URL map, for every role,
and again after posting each of the page's forms with nothing typed (the error states)."""

import pytest

from tests.support.html_ids import PageIds
from tests.support.url_map import ROLES, error_url, page_url, pages_for
from tests.support.wizard import U_STEPS, answers, post_step, step_url, walk


def problems_in(response, where: str) -> list[str]:
    if response.status_code != 200 or "text/html" not in response.get("Content-Type", ""):
        return []
    page = PageIds(response.content.decode())
    found = [f"{where}: {ref} names no element" for ref in page.broken_references()]
    found += [f"{where}: id {i!r} is used twice" for i in page.duplicate_ids()]
    return found


def empty_posts(client, url: str, response):
    """The page's own POST forms sent as they stand: hidden fields only, nothing typed."""
    if response.status_code != 200 or "text/html" not in response.get("Content-Type", ""):
        return
    for form in PageIds(response.content.decode()).forms:
        if form.method == "post" and form.action in ("", url):
            yield client.post(url, form.hidden)


@pytest.mark.parametrize("role", ROLES)
def test_every_id_a_page_refers_to_exists(client, world, role, settings, tmp_path):
    settings.PRIVATE_STORAGE_DIR = tmp_path
    if role != "anonymous":
        client.force_login(world.users[role])
    found = []
    for page in pages_for(role):
        url = page_url(world, page)
        response = getattr(client, page.method)(url)
        assert response.status_code == 200, f"{page} as {role}"
        found += problems_in(response, f"{url} as {role}")
        for posted in empty_posts(client, url, response):
            found += problems_in(posted, f"{url} posted empty as {role}")
    assert found == []


def test_the_checker_finds_a_missing_hint_and_a_repeated_id():
    page = PageIds(
        '<label for="a">A</label><input id="a" aria-describedby="a-hint">'
        '<p id="b"></p><p id="b"></p><a href="#nowhere">x</a>'
    )
    assert page.broken_references() == [
        "<input aria-describedby='a-hint'>",
        "<a href='nowhere'>",
    ]
    assert page.duplicate_ids() == ["b"]


@pytest.mark.parametrize("role", ["lead", "anonymous"])
def test_refused_filters_refer_to_ids_that_exist(client, world, role):
    if role != "anonymous":
        client.force_login(world.users[role])
    found, shown = [], 0
    for page in pages_for(role, "get"):
        url = error_url(world, page)
        if url:
            response = client.get(url)
            shown += b'id="error-summary"' in response.content
            found += problems_in(response, f"{url} as {role}")
    assert shown >= 1 and found == []


def test_every_wizard_step_refers_to_ids_that_exist_when_refused(client, world):
    client.force_login(world.users["victim"])
    data = answers(world.agency_a.pk)
    client.get(step_url("start"))
    found, refused = [], 0
    for step in U_STEPS:
        response = post_step(client, step, {})
        if response.status_code == 200:
            refused += b'id="error-summary"' in response.content
            found += problems_in(response, f"{step} posted empty")
            if step != "check":
                walk(client, [step], data)
    assert found == []
    assert refused >= 8, "most steps refuse an empty page"
