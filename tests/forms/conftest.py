from __future__ import annotations

import datetime as dt

import pytest

from forms.editions import Edition, Kind, Role, get_edition
from forms.templates import Template, standin_template


@pytest.fixture(params=["I-918B", "I-914B"])
def edition(request: pytest.FixtureRequest) -> Edition:
    return get_edition(request.param)


@pytest.fixture
def i918b() -> Edition:
    return get_edition("I-918B")


@pytest.fixture
def template(edition: Edition) -> Template:
    return standin_template(edition)


def full_answers(edition: Edition) -> dict[str, object]:
    """An answer for every answerable item; the last choice of each group, so [0] is not
    the only box ever ticked."""
    answers: dict[str, object] = {}
    for index, spec in enumerate(edition.specs(Role.ANSWER)):
        if spec.kind is Kind.SIGNATURE:
            continue
        if spec.kind is Kind.CHECKBOX:
            answers[spec.key] = True if spec.choice is None else spec.choice
        elif spec.kind is Kind.DATE:
            answers[spec.key] = dt.date(2024, 1 + index % 12, 1 + index % 28)
        elif spec.kind is Kind.CHOICE:
            answers[spec.key] = "TX"
        else:
            answers[spec.key] = f"V{index}"[: spec.max_chars]
    return answers
