"""manage.py deadline: the due date first, then the rule in plain words, the law and its source.

TABLE is the set of cases the command must answer, each with the expected date counted by hand
(the day of receipt is day 0) and the reason."""

from __future__ import annotations

from io import StringIO

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

pytestmark = pytest.mark.django_db


def run(*args: str) -> list[str]:
    out = StringIO()
    call_command("deadline", *args, stdout=out)
    return out.getvalue().splitlines()


# (arguments, expected due date, reason)
TABLE = [
    ("CA U 2024-03-01 --agency-kind police", "2024-03-31", "PC 679.10: 30 days"),
    (
        "CA U 2024-03-01 --agency-kind police --removal-proceedings",
        "2024-03-08",
        "PC 679.10: 7 days in removal proceedings",
    ),
    ("CA U 2019-12-31", "2020-03-30", "PC 679.10 as of SB 674: 90 days, across a leap February"),
    ("CA U 2020-01-01", "2020-01-31", "PC 679.10 as amended by AB 917: 30 days"),
    ("CA T 2016-12-31 --agency-kind police", "2017-03-01", "no T clock before AB 2027: policy"),
    ("CA T 2017-01-01 --agency-kind police", "2017-04-01", "PC 679.11 as enacted by AB 2027: 90"),
    (
        "CA T 2018-05-01 --agency-kind police --removal-proceedings",
        "2018-05-15",
        "PC 679.11 as enacted by AB 2027: 14 days in removal proceedings",
    ),
    (
        "CA T 2024-03-01 --agency-kind police --first-encounter 2024-02-20",
        "2024-03-12",
        "PC 236.5: 15 business days from the first encounter",
    ),
    (
        "CA T 2024-03-01 --agency-kind labor --first-encounter 2024-02-20",
        "2024-03-31",
        "PC 236.5 binds law enforcement, not a labor agency: PC 679.11's 30 days",
    ),
    (
        "CA T 2024-03-01 --agency-kind sheriff --first-encounter 2023-01-05",
        "2024-03-01",
        "PC 236.5's 15 business days ended long before receipt: due at once",
    ),
    ("IL U 2024-06-03 --agency-kind police", "2024-10-10", "VOICES Act: 90 business days"),
    (
        "IL U 2024-06-03 --agency-kind court",
        "2024-08-02",
        "VOICES Act leaves out State courts: site default 60 days, policy",
    ),
    (
        "IL U 2024-06-03 --agency-kind police --removal-proceedings",
        "2024-06-24",
        "VOICES Act: 21 days in removal proceedings (calendar, the earlier reading)",
    ),
    (
        "IL U 2024-06-03 --agency-kind sheriff --detained",
        "2024-06-24",
        "VOICES Act: 21 days when detained (secondary sources)",
    ),
    (
        "IL U 2024-11-20 --agency-kind police --age-out-date 2024-12-01",
        "2024-11-25",
        "VOICES Act: a child turns 21 inside the 21 days, so 5 days",
    ),
    (
        "IL U 2024-11-20 --agency-kind police --age-out-date 2024-11-23",
        "2024-11-22",
        "an age-out answer is never due on or after the birthday",
    ),
    (
        "IL U 2024-01-10 --agency-kind police --victim-birth-date 2003-03-01 --derivatives parents",
        "2024-01-31",
        "the victim turns 21 inside the 90 business days with parents listed: 21 days",
    ),
    (
        "IL U 2024-01-10 --agency-kind police --victim-birth-date 2003-03-01 --derivatives none",
        "2024-05-21",
        "no parents or siblings listed: the victim's birthday does not count; 90 business days",
    ),
    (
        "IL T 2024-06-03 --agency-kind police --age-out-date 2024-09-01",
        "2024-06-24",
        "VOICES Act: a sibling turns 18 inside the window: 21 days",
    ),
    (
        "WA U 2024-01-10 --age-out-date 2024-03-01",
        "2024-02-16",
        "RCW 7.98: 14 days before the child turns 21",
    ),
    (
        "WA U 2024-01-10 --victim-birth-date 2003-03-01 --derivatives siblings",
        "2024-02-16",
        "RCW 7.98: 14 days before the victim turns 21, siblings listed",
    ),
    ("WA U 2024-01-10", "2024-04-09", "RCW 7.98: 90 days"),
    (
        "MN U 2021-07-31 --agency-kind police",
        "2021-09-29",
        "before Minn. Stat. 611A.95 took effect: site default, policy",
    ),
    ("MN U 2021-08-01 --agency-kind police", "2021-10-30", "Minn. Stat. 611A.95: 90 days"),
    (
        "MN U 2024-02-01 --agency-kind police --removal-proceedings",
        "2024-02-15",
        "Minn. Stat. 611A.95: 14 days in removal proceedings, asked for",
    ),
    (
        "MN U 2024-02-01 --agency-kind police --removal-proceedings --expedite-not-requested",
        "2024-05-01",
        "Minn. Stat. 611A.95: the expedite was not raised with the request",
    ),
    (
        "MN U 2024-02-01 --agency-kind prosecutor",
        "2024-04-01",
        "Minn. Stat. 611A.95 binds law enforcement only: site default, policy",
    ),
    (
        "MN U 2024-02-01 --agency-kind police --place Minneapolis",
        "2024-03-02",
        "Minneapolis ordinance tightens Minnesota's 90 days to 30",
    ),
    (
        "MN U 2024-02-01 --agency-kind police --place Minneapolis --removal-proceedings",
        "2024-02-08",
        "Minneapolis ordinance: 7 days in removal proceedings",
    ),
    (
        "MN T 2024-02-01 --agency-kind city-attorney --place St.Paul",
        "2024-03-02",
        "Saint Paul Legislative Code 44.06 binds the city attorney: 30 days",
    ),
    (
        "MN U 2024-02-01 --agency-kind sheriff --place Minneapolis",
        "2024-05-01",
        "the city ordinance does not bind the county sheriff: Minnesota's 90 days",
    ),
    (
        "MN U 2017-12-15 --agency-kind police --place Minneapolis",
        "2018-01-14",
        "Minneapolis ordinance from its approval, before any Minnesota statute",
    ),
    (
        "VA U 2024-03-01 --agency-kind court",
        "2024-04-30",
        "Virginia's definition leaves out courts: site default, policy",
    ),
    ("VA U 2024-03-01 --agency-kind prosecutor", "2024-06-29", "Va. Code 9.1-1500 ff.: 120"),
    ("MA U 2024-03-01", "2024-05-30", "G.L. c. 258F, sec. 3: 90 days"),
    ("MD U 2025-09-30", "2025-11-29", "before Maryland's law: site default, policy"),
    (
        "MD U 2025-10-01 --removal-proceedings",
        "2025-10-08",
        "Maryland: 7 days in removal proceedings",
    ),
    ("MD T 2025-11-03", "2026-01-02", "Maryland's law covers U only: policy for T"),
    (
        "NV U 2024-03-01 --agency-target-days 45",
        "2024-04-15",
        "NRS 217.580-.590 set no clock: the agency's own target, policy",
    ),
    (
        "NJ U 2024-03-01 --agency-kind prosecutor",
        "2024-04-30",
        "AG Directive 2018-6 sets no clock: site default, policy",
    ),
    (
        "NY U 2024-03-01 --agency-kind police --place Brooklyn",
        "2024-04-30",
        "38 RCNY ch. 22's period not read: site default, policy",
    ),
    (
        "CO U 2024-03-01 --removal-proceedings",
        "2024-03-31",
        "C.R.S. 24-4.1: 30 days in removal proceedings",
    ),
    ("CO T 2024-03-01", "2024-04-30", "no Colorado T row: policy"),
    ("NE U 2024-03-01", "2024-05-30", "Neb. Rev. Stat. 29-217: 90 days"),
    ("TX U 2024-03-01", "2024-04-30", "no statute in Texas: site default, policy"),
]
POLICY_WORDS = ("policy", "site default", "agency's own target", "no T clock", "no Colorado")


def _args(spec: str) -> list[str]:
    state, form, received, *rest = spec.split()
    return ["--state", state, "--form", form, "--received", received, *rest]


@pytest.mark.parametrize(("spec", "expected", "reason"), TABLE, ids=[t[0] for t in TABLE])
def test_it_answers_each_case_of_the_table(spec: str, expected: str, reason: str) -> None:
    lines = run(*_args(spec))
    assert lines[0] == expected, (spec, reason, lines)
    rule = next(line for line in lines if line.startswith("Rule: "))
    if any(word in reason for word in POLICY_WORDS):
        assert "policy" in rule and "not law" in rule
        assert "Law: none sets a deadline here (agency policy, not law)" in lines
    else:
        assert rule.startswith(("Rule: State law (", "Rule: Local law ("))
        assert any(line.startswith("Source: https://") for line in lines)


def test_the_table_has_at_least_thirty_cases() -> None:
    assert len(TABLE) >= 30


def test_it_prints_the_due_date_on_the_first_line_and_the_official_source() -> None:
    lines = run("--state", "CA", "--form", "U", "--received", "2024-03-01")
    # 1 March + 30 = 31 March.
    assert lines[0] == "2024-03-31"
    assert any(line.startswith("Source: https://leginfo.legislature.ca.gov/") for line in lines)
    assert any(line.startswith("Checking: ") for line in lines)
    text = "\n".join(lines)
    for word in ("UNCONFIRMED", "domain.md", "asmdc", "hollowayfirm", "[S"):
        assert word not in text


def test_it_says_which_other_laws_are_in_force() -> None:
    lines = run(
        "--state", "MN", "--form", "U", "--received", "2024-02-01",
        "--agency-kind", "police", "--place", "Minneapolis",
    )  # fmt: skip
    assert "Also in force: Minn. Stat. 611A.95" in lines


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--state", "ZZ", "--form", "U", "--received", "2024-03-01"], "--state"),
        (["--state", "CA", "--form", "X", "--received", "2024-03-01"], "--form"),
        (["--state", "CA", "--form", "U", "--received", "01/03/2024"], "--received"),
        (
            ["--state", "CA", "--form", "U", "--received", "2024-03-01", "--age-out-date", "x"],
            "--age-out-date",
        ),
        (
            ["--state", "CA", "--form", "U", "--received", "2024-03-01", "--agency-kind", "fbi"],
            "--agency-kind",
        ),
        (
            ["--state", "IL", "--form", "U", "--received", "2024-03-01", "--derivatives", "kids"],
            "--derivatives",
        ),
        (
            ["--state", "CA", "--form", "T", "--received", "2024-03-01", "--first-encounter", "?"],
            "--first-encounter",
        ),
        (
            ["--state", "IL", "--form", "U", "--received", "2024-03-01",
             "--victim-birth-date", "2003-02-30"],
            "--victim-birth-date",
        ),
        (
            ["--state", "TX", "--form", "U", "--received", "2024-03-01",
             "--agency-target-days", "0"],
            "--agency-target-days",
        ),
    ],
)  # fmt: skip
def test_it_refuses_bad_input_with_a_clear_message(args: list[str], message: str) -> None:
    with pytest.raises(CommandError, match=message):
        run(*args)
