"""Filling a request's supplement: the one path to every PDF of Supplement B.

- The requester's copy (Part 1, and Part 2 from the agency's public details) is a preview: it
  goes into the packet for an agency not on certify and is never sealed.
- The official's copy (every part, for signature in ink) is prepared only for a request the
  agency is reviewing or has decided to certify, from the official's saved answers, with no
  required item blank. It is not sealed either: /verify/ vouches only for what was signed.
- The seal (certify.records.seal) is made when the signed copy is recorded: the ink-signed scan,
  or the copy signed electronically (workflows.decisions).

The web (workspace views) and ``manage.py fill_form`` call the same actions here.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest
from django.utils.translation import gettext as _

from certify.records import answers, audit
from certify.records.actors import Actor
from certify.records.models import AgencyCompletion, AuditEntry, CertificationRequest
from forms.editions.base import Edition
from forms.fill import FilledPdf, UndrawableText, fill, undrawable_items
from forms.install import installed_template
from workflows.review import BlankItemsError, blank_items, completion_for

Status = CertificationRequest.Status

# A copy for signature exists once the agency reviews the request, and for a certified one (a
# reprint). Never for a draft, a request not yet reviewed, a denial or a withdrawal.
OFFICIAL_COPY_STATUSES = frozenset(
    {Status.IN_REVIEW, Status.INFO_REQUESTED, Status.RECONSIDERATION, Status.CERTIFIED}
)


class CopyRefused(Exception):
    """Why no official copy can be prepared, in words for the person who asked."""

    def __init__(self, message: str, *, code: str) -> None:
        super().__init__(message)
        self.message = message
        self.code = code


def standin_allowed() -> bool:
    """The stand-in form (marked NOT THE OFFICIAL USCIS FORM) may be filled for signing only
    where settings allow it: the demo and development, never production."""
    return bool(getattr(settings, "FORMS_ALLOW_STANDIN", settings.DEBUG))


def official_edition_installed(edition: Edition) -> bool:
    return installed_template(edition) is not None


def check_edition(edition: Edition) -> None:
    if standin_allowed() or official_edition_installed(edition):
        return
    raise CopyRefused(
        _(
            "The official USCIS file of %(title)s (edition %(edition)s) is not installed, and "
            "USCIS rejects the stand-in. An administrator installs it with: manage.py "
            "install_form_edition PATH (the PDF downloaded from uscis.gov)."
        )
        % {"title": edition.title, "edition": edition.edition},
        code="edition_not_installed",
    )


def _check_drawable(edition: Edition, values: Mapping[str, Any]) -> None:
    problems = undrawable_items(edition, values)
    if problems:
        raise problems[0]


def official_copy_problems(req: CertificationRequest) -> None:
    """Raise CopyRefused or BlankItemsError when no official copy may be prepared now."""
    if req.status not in OFFICIAL_COPY_STATUSES:
        raise CopyRefused(
            _(
                "No supplement for signature can be prepared for a request that is %(status)s: "
                "only once the agency reviews it."
            )
            % {"status": req.get_status_display().lower()},
            code="status",
        )
    completion = completion_for(req)
    if completion.updated_by_id is None and not completion.answers:
        raise CopyRefused(
            _("The certifying official has not saved the agency's answers (Parts 2 to 6) yet."),
            code="no_answers",
        )
    items = blank_items(req, completion)
    if items:
        raise BlankItemsError(items)
    check_edition(answers.edition_for(req))


def official_values(req: CertificationRequest, completion: AgencyCompletion) -> dict[str, Any]:
    return answers.official_answers(req, completion.answers)


def fill_official(
    req: CertificationRequest,
    completion: AgencyCompletion,
    *,
    flatten: bool = False,
    verification_code: str | None = None,
) -> FilledPdf:
    """Fill every part from the official's saved answers (no checks: callers check first)."""
    edition = answers.edition_for(req)
    values = official_values(req, completion)
    _check_drawable(edition, values)
    return fill(
        edition, values, copy="official", flatten=flatten, verification_code=verification_code
    )


def prepare_official_copy(
    req: CertificationRequest,
    *,
    actor: Actor | None,
    flatten: bool = False,
    http_request: HttpRequest | None = None,
) -> FilledPdf:
    """The supplement as the official will sign it in ink; never sealed.

    ``actor`` is the signed-in official; None is the operator at the command line
    (``manage.py fill_form``), who holds the server itself. Raises CopyRefused, BlankItemsError
    (USCIS rejects a Supplement B with a blank required item) or UndrawableText."""
    if actor is not None and not actor.has_perm("certify.decide_request", req):
        raise PermissionDenied
    official_copy_problems(req)
    filled = fill_official(req, completion_for(req), flatten=flatten)
    audit.record(
        actor=actor,
        action=AuditEntry.Action.EXPORT,
        obj=req,
        request_reference=req.reference,
        detail="official copy for signature",
        http_request=http_request,
    )
    return filled


def requester_copy(req: CertificationRequest, *, flatten: bool = False) -> FilledPdf:
    """Part 1 (and Part 2 from the agency's public details): a preview, never sealed."""
    edition = answers.edition_for(req)
    values = answers.requester_answers(req)
    problems = undrawable_items(edition, values, edition.requester_parts)
    if problems:
        raise problems[0]
    return fill(edition, values, copy="requester", flatten=flatten)


__all__ = [
    "OFFICIAL_COPY_STATUSES",
    "BlankItemsError",
    "CopyRefused",
    "check_edition",
    "UndrawableText",
    "fill_official",
    "official_copy_problems",
    "official_edition_installed",
    "prepare_official_copy",
    "requester_copy",
    "standin_allowed",
]
