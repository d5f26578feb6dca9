"""A small known data set for the report tests; every expected figure is worked out by hand
in the tests from the table below.

Today is 15 March 2026 (noon UTC, 05:00 in Los Angeles). Agency A (California, Los Angeles time)
has the world's two requests received today, and these, numbered as in the tests:

 #  form status          received    decided (LA time)   due         days  notes
 1  U    certified       2025-01-10  2025-02-01 18:00    2025-02-09   22   02-02 in UTC
 2  U    denied          2025-01-20  2025-03-01 10:00    2025-02-19   40   late
 3  T    certified       2025-02-05  2025-02-20 10:00    2025-03-07   15
 4  U    reconsideration 2025-03-01  2025-03-31 10:00    2025-03-31   30   appealed 2025-04-05
 5  T    withdrawn       2025-04-01  -                   2025-05-01    -   withdrawn 2025-04-10
 6  U    cert_withdrawn  2025-05-01  2025-05-11 10:00    2025-05-31   10
 7  U    in_review       2025-11-01  -                   2025-12-01    -   overdue, official A
 8  U    certified       2024-12-20  2025-01-05 10:00    2025-01-19   16
 9  U    certified       2025-12-20  2026-01-02 10:00    2026-01-19   13
10  U    assigned        2026-01-05  -                   2026-02-04    -   overdue, official A
11  T    certified       2025-12-01  2025-12-31 23:30    2025-12-31   30   2026-01-01 in UTC

#1 and #2 were decided by official A.

Agency B (Washington, Los Angeles time) straddles the state fiscal year that ends on 30 June:

 B1-B6  U certified, received 2025-06-25, 26, 27, 28, 30 and 07-01, decided 5, 6, 7, 8, 9, 10
        days later at 10:00 (06-30, 07-02, 07-04, 07-06, 07-09, 07-11), due 30 days after receipt
 B7     U withdrawn, received 2025-06-29, withdrawn 2025-06-30 23:30 LA (07-01 in UTC)
 B8     U withdrawn, received 2025-06-29, withdrawn 2025-07-01 00:30 LA
"""

from dataclasses import dataclass
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.core.cache import cache

from certify.records.models import CertificationRequest, RequestEvent
from tests.conftest import make_request

LA = ZoneInfo("America/Los_Angeles")
NOW = datetime(2026, 3, 15, 12, 0, tzinfo=ZoneInfo("UTC"))


def la(y: int, m: int, d: int, hour: int = 10, minute: int = 0) -> datetime:
    return datetime(y, m, d, hour, minute, tzinfo=LA)


def add(world, agency, *, status, received, form="U", due=None, decided=None, official=None,
        events=()):  # fmt: skip
    req = make_request(
        created_by=world.users["victim"], filed_by="victim", agency=agency, form=form
    )
    # Test set-up only: production moves status through workflows.lifecycle.transition.
    CertificationRequest.objects.filter(pk=req.pk).update(
        status=status,
        received_on=received,
        submitted_at=la(received.year, received.month, received.day, 9),
        due_date=due,
        decided_at=decided,
        assigned_official=official,
    )
    for kind, at in events:
        RequestEvent.objects.create(request=req, kind=kind, created_at=at)
    req.refresh_from_db()
    return req


@dataclass
class Data:
    world: object
    a: dict[int, CertificationRequest]
    b: dict[int, CertificationRequest]


@pytest.fixture
def frozen(time_machine):
    time_machine.move_to(NOW, tick=False)


@pytest.fixture
def data(frozen, world) -> Data:
    # The public statistics are cached for a few minutes; each test starts from its own data.
    cache.clear()
    A, off = world.agency_a, world.official_a
    a = {
        1: add(world, A, status="certified", received=date(2025, 1, 10),
               decided=la(2025, 2, 1, 18), due=date(2025, 2, 9), official=off),
        2: add(world, A, status="denied", received=date(2025, 1, 20),
               decided=la(2025, 3, 1), due=date(2025, 2, 19), official=off),
        3: add(world, A, form="T", status="certified", received=date(2025, 2, 5),
               decided=la(2025, 2, 20), due=date(2025, 3, 7)),
        4: add(world, A, status="reconsideration", received=date(2025, 3, 1),
               decided=la(2025, 3, 31), due=date(2025, 3, 31),
               events=[("deny", la(2025, 3, 31)), ("ask_reconsideration", la(2025, 4, 5))]),
        5: add(world, A, form="T", status="withdrawn", received=date(2025, 4, 1),
               due=date(2025, 5, 1), events=[("withdraw", la(2025, 4, 10))]),
        6: add(world, A, status="cert_withdrawn", received=date(2025, 5, 1),
               decided=la(2025, 5, 11), due=date(2025, 5, 31)),
        7: add(world, A, status="in_review", received=date(2025, 11, 1),
               due=date(2025, 12, 1), official=off),
        8: add(world, A, status="certified", received=date(2024, 12, 20),
               decided=la(2025, 1, 5), due=date(2025, 1, 19)),
        9: add(world, A, status="certified", received=date(2025, 12, 20),
               decided=la(2026, 1, 2), due=date(2026, 1, 19)),
        10: add(world, A, status="assigned", received=date(2026, 1, 5),
                due=date(2026, 2, 4), official=off),
        11: add(world, A, form="T", status="certified", received=date(2025, 12, 1),
                decided=la(2025, 12, 31, 23, 30), due=date(2025, 12, 31)),
    }  # fmt: skip
    B = world.agency_b
    b = {}
    receipts = [date(2025, 6, d) for d in (25, 26, 27, 28, 30)] + [date(2025, 7, 1)]
    for number, (received, days) in enumerate(zip(receipts, range(5, 11), strict=True), 1):
        decided_day = received + timedelta(days=days)
        b[number] = add(
            world, B, status="certified", received=received,
            decided=la(decided_day.year, decided_day.month, decided_day.day),
            due=received + timedelta(days=30),
        )  # fmt: skip
    b[7] = add(world, B, status="withdrawn", received=date(2025, 6, 29),
               events=[("withdraw", la(2025, 6, 30, 23, 30))])  # fmt: skip
    b[8] = add(world, B, status="withdrawn", received=date(2025, 6, 29),
               events=[("withdraw", la(2025, 7, 1, 0, 30))])  # fmt: skip
    return Data(world=world, a=a, b=b)
