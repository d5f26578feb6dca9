"""Shared set-up for the workspace tests: a request assigned, in review, fully answered."""

# Importing the views connects certify.security.reauth's sign-in receiver before any
# force_login, as loading the URLconf does in a running site.
import certify.workspace.views  # noqa: F401
from certify import supplement
from certify.workspace import services
from forms.editions.base import Kind, Role


def assign_and_review(world, req=None):
    req = req or world.advocate_request
    req = services.assign_request(req, actor=world.users["coordinator"], official=world.official_a)
    return services.start_review(req, actor=world.users["official"])


def every_required_answer(req) -> dict:
    """Answers for every required agency item the prefill leaves blank."""
    edition = supplement.edition_for(req)
    answers = {}
    for item in services.blank_items(req):
        spec = edition.by_key[item.key][0]
        if spec.kind is Kind.CHECKBOX:
            answers[item.key] = spec.choice if spec.choice else True
        elif spec.kind is Kind.DATE:
            answers[item.key] = "2025-03-01"
        elif spec.kind is Kind.CHOICE:
            answers[item.key] = "CA"
        else:
            answers[item.key] = spec.none_text or "Answer"
    assert all(edition.by_key[k][0].role is Role.ANSWER for k in answers)
    return answers


def complete_everything(world, req):
    # Part 1 is the requester's: the world's requests leave gender unanswered.
    if not req.gender:
        req.gender = "female"
        req.save(update_fields=["gender"])
    done = services.completion_for(req)
    answers = every_required_answer(req)
    answers["part3.statutory_citations"] = "Cal. Penal Code 245(a)(1)"
    services.save_completion(
        req, actor=world.users["official"], answers=answers, expected_version=done.version
    )
    assert services.blank_items(req) == []
    return services.completion_for(req)
