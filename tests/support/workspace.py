"""Shared set-up for the workspace tests: a request assigned, in review, fully answered."""

# Importing the views connects certify.site.accounts.reauth's sign-in receiver before any
# force_login, as loading the URLconf does in a running site.
import certify.site.workspace.views  # noqa: F401
from certify.records import answers as supplement_answers
from forms.editions.base import Kind, Role
from workflows import review


def assign_and_review(world, req=None):
    req = req or world.advocate_request
    req = review.assign_request(req, actor=world.users["coordinator"], official=world.official_a)
    return review.start_review(req, actor=world.users["official"])


def every_required_answer(req) -> dict:
    """Answers for every required agency item the prefill leaves blank."""
    edition = supplement_answers.edition_for(req)
    required = {}
    for item in review.blank_items(req):
        spec = edition.by_key[item.key][0]
        if spec.kind is Kind.CHECKBOX:
            required[item.key] = spec.choice if spec.choice else True
        elif spec.kind is Kind.DATE:
            required[item.key] = "2025-03-01"
        elif spec.kind is Kind.CHOICE:
            required[item.key] = "CA"
        else:
            required[item.key] = spec.none_text or "Answer"
    assert all(edition.by_key[k][0].role is Role.ANSWER for k in required)
    return required


def complete_everything(world, req):
    # Part 1 is the requester's: the world's requests leave gender unanswered.
    if not req.gender:
        req.gender = "female"
        req.save(update_fields=["gender"])
    done = review.completion_for(req)
    answers = every_required_answer(req)
    answers["part3.statutory_citations"] = "Cal. Penal Code 245(a)(1)"
    review.save_completion(
        req, actor=world.users["official"], answers=answers, expected_version=done.version
    )
    assert review.blank_items(req) == []
    return review.completion_for(req)
