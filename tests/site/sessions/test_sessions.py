"""Sessions on shared computers: anonymous answers expire when idle and when the browser
closes; staff are signed out after exactly the idle period."""

from datetime import UTC, datetime, timedelta

import time_machine
from django.contrib.sessions.models import Session
from django.urls import reverse

from tests.support.wizard import answers, post_step, step_url

START = datetime(2026, 4, 1, 9, 0, tzinfo=UTC)


def test_an_anonymous_wizard_session_ends_after_the_idle_period(client, world, settings):
    data = answers(world.agency_a.pk)
    with time_machine.travel(START, tick=False):
        assert post_step(client, "start", data["start"]).status_code == 302
        assert post_step(client, "victim", data["victim"]).status_code == 302
    idle = timedelta(seconds=settings.ANONYMOUS_SESSION_IDLE_SECONDS)
    with time_machine.travel(START + idle - timedelta(seconds=30), tick=False):
        page = client.get(step_url("victim")).content.decode()
        assert "Peña Núñez" in page  # still there while in use
    with time_machine.travel(START + 2 * idle, tick=False):
        response = client.get(step_url("victim"))
    assert response.status_code == 302
    assert response["Location"] == step_url("start")


def test_the_default_idle_period_is_thirty_minutes(settings):
    assert settings.ANONYMOUS_SESSION_IDLE_SECONDS == 30 * 60


def test_an_anonymous_session_cookie_ends_with_the_browser(client, world, settings):
    response = post_step(client, "start", answers(world.agency_a.pk)["start"])
    cookie = response.cookies[settings.SESSION_COOKIE_NAME]
    assert cookie.value
    assert not cookie["max-age"] and not cookie["expires"]


def test_a_signed_in_session_keeps_its_cookie(client, world, settings):
    client.force_login(world.users["victim"])
    response = post_step(client, "start", answers(world.agency_a.pk)["start"])
    cookie = response.cookies.get(settings.SESSION_COOKIE_NAME)
    if cookie is not None:  # only re-sent when changed
        assert int(cookie["max-age"]) == settings.SESSION_COOKIE_AGE


def test_the_staff_idle_timeout_is_exact(client, world, settings):
    settings.STAFF_IDLE_TIMEOUT_SECONDS = 1800
    client.force_login(world.users["coordinator"])
    queue = reverse("agency_queue")
    with time_machine.travel(START, tick=False):
        assert client.get(queue).status_code == 200
    with time_machine.travel(START + timedelta(seconds=59), tick=False):
        assert client.get(queue).status_code == 200
    # 1,799 s after the last request: still signed in, to the second.
    with time_machine.travel(START + timedelta(seconds=59 + 1799), tick=False):
        assert client.get(queue).status_code == 200
    with time_machine.travel(START + timedelta(seconds=59 + 1799 + 1801), tick=False):
        response = client.get(queue)
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))


def test_an_unchanged_session_is_written_again_once_a_minute_to_move_its_expiry(db):
    from certify.site.sessions import REFRESH_SECONDS, SessionStore

    clock = time_machine.travel(datetime(2026, 3, 2, 12, 0, tzinfo=UTC), tick=False)
    traveller = clock.start()
    store = SessionStore()
    store["step"] = "crime"
    store.save(must_create=True)
    first = Session.objects.get(session_key=store.session_key).expire_date

    traveller.shift(timedelta(seconds=REFRESH_SECONDS - 10))
    again = SessionStore(session_key=store.session_key)
    again["step"] = "crime"
    again.save()
    assert Session.objects.get(session_key=store.session_key).expire_date == first

    traveller.shift(timedelta(seconds=20))
    later = SessionStore(session_key=store.session_key)
    later["step"] = "crime"
    later.save()
    assert Session.objects.get(session_key=store.session_key).expire_date > first
    clock.stop()
