"""Filling a request's supplement: the requester's preview, or the official's recorded copy."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from certify.records import answers, seal
from certify.records.actors import Actor
from certify.records.models import CertificationRequest, SealedPdf
from forms.fill import FilledPdf, fill


def render(
    req: CertificationRequest,
    *,
    copy: str,
    flatten: bool = False,
    completion: Mapping[str, Any] | None = None,
    actor: Actor = None,
) -> FilledPdf:
    """Fill the request's supplement. The official's copy is final: it gets a verification code
    and is recorded (certify.records.seal); the requester's copy is a preview and is not."""
    edition = answers.edition_for(req)
    if copy == "official":
        code = seal.reserve_code()
        filled = fill(
            edition,
            answers.official_answers(req, completion),
            copy="official",
            flatten=flatten,
            verification_code=code,
        )
        seal.record(
            req=req,
            pdf=filled.data,
            kind=SealedPdf.Kind.OFFICIAL_COPY,
            actor=actor,
            code=code,
            edition=edition.slug,
        )
        return filled
    return fill(edition, answers.requester_answers(req), copy="requester", flatten=flatten)
