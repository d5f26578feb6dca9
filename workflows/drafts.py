"""Drafts, copies and submission: the writes behind the wizard.

A draft is a CertificationRequest in status "draft" whose `wizard_data` holds each step's raw
answers (as the step's form posted them) and `wizard_step` the step to resume at. Submission
turns the validated answers into the request's own fields and hands the request to
workflows.lifecycle, which alone changes its status.
"""

from __future__ import annotations

import time
from collections.abc import Mapping
from datetime import date, timedelta
from pathlib import Path
from typing import Any, Protocol, TypeAlias, cast

from django.conf import settings
from django.db import transaction
from django.forms import BaseForm
from django.utils import timezone

from certify.records import audit, documents
from certify.records.models import (
    Agency,
    AuditEntry,
    CertificationRequest,
    FamilyMember,
    Organisation,
    OrganisationMembership,
    SupportingDocument,
    User,
)
from certify.records.temp_uploads import temp_directory
from workflows.lifecycle import transition

Status = CertificationRequest.Status
FiledBy = CertificationRequest.FiledBy

# The wizard's raw answers: step -> {"<step>-<field>": the values posted}, as formtools keeps
# POST data (lists of strings; a single string is read as one value).
StepData: TypeAlias = Mapping[str, Mapping[str, list[str] | str]]
# Raw answers rebuilt from a request's fields, in the same shape.
StepFields: TypeAlias = dict[str, list[str]]


class _ExpediteStep(Protocol):
    """The wizard's expedite step form, as submit reads it."""

    def expedite_requested(self) -> bool: ...


class _VictimStep(Protocol):
    """The wizard's victim step form, as submit reads it."""

    def names(self) -> dict[str, str]: ...


class _FamilyStep(Protocol):
    """The wizard's family step form, as submit reads it."""

    def family_members(self) -> list[dict[str, Any]]: ...


def organisation_for(user: User) -> Organisation | None:
    membership = (
        OrganisationMembership.objects.filter(user=user, active=True)
        .select_related("organisation")
        .order_by("pk")
        .first()
    )
    return membership.organisation if membership else None


def expires_on(draft: CertificationRequest) -> date:
    return (draft.updated_at + timedelta(days=settings.DRAFT_EXPIRY_DAYS)).date()


def is_expired(draft: CertificationRequest) -> bool:
    return draft.updated_at < timezone.now() - timedelta(days=settings.DRAFT_EXPIRY_DAYS)


def _raw(step_data: StepData, step: str, field: str) -> str:
    values = (step_data.get(step) or {}).get(f"{step}-{field}") or [""]
    return values[0] if isinstance(values, list) else values


def chosen_form(step_data: StepData) -> str | None:
    first = _raw(step_data, "start", "form")
    if first in ("U", "T"):
        return first
    second = _raw(step_data, "which", "form")
    return second if second in ("U", "T") else None


def _filed_by(actor: User, step_data: StepData, organisation: Organisation | None) -> str:
    wanted = _raw(step_data, "start", "filed_by")
    return FiledBy.ADVOCATE if wanted == FiledBy.ADVOCATE and organisation else FiledBy.VICTIM


_DRAFT_FIELDS = ["form", "filed_by", "organisation", "agency", "wizard_data", "wizard_step"]
# What a wizard step reads of its draft (who may edit it, its reference and expiry) and writes
# back: a step never reads the encrypted answers, the whole draft is written at submission.
STEP_COLUMNS = (
    "status",
    "created_by",
    "reference",
    "updated_at",
    *(f for f in _DRAFT_FIELDS if f != "wizard_data"),
)


def _agency_id(raw: str) -> int | None:
    """The agency a draft's raw answer names, or None: Back keeps whatever was typed, which
    may be "²" (a digit to str.isdigit) or a number no id can be."""
    if not (raw.isascii() and raw.isdigit() and len(raw) <= 18):
        return None
    return Agency.objects.filter(pk=int(raw)).values_list("pk", flat=True).first()


def save_draft(
    *, actor: User, draft: CertificationRequest | None, step_data: StepData, current_step: str
) -> CertificationRequest:
    """Create or update the actor's draft with the raw answers so far."""
    organisation = organisation_for(actor)
    form = chosen_form(step_data) or CertificationRequest.Form.U
    filed_by = _filed_by(actor, step_data, organisation)
    with transaction.atomic():
        creating = draft is None
        if draft is None:
            draft = CertificationRequest(created_by=actor, status=Status.DRAFT)
        elif draft.form != form and not draft.reference.startswith(f"{form}-"):
            # The reference names the form; a draft nobody else has seen can take a new one.
            draft.reference = ""
        draft.form = form
        draft.filed_by = filed_by
        draft.organisation = organisation if filed_by == FiledBy.ADVOCATE else None
        draft.agency_id = _agency_id(_raw(step_data, "agency", "agency"))
        draft.wizard_data = {"step_data": step_data}
        draft.wizard_step = current_step
        if creating or not draft.reference:
            draft.save()
        else:
            # A step saves what the wizard holds, not the whole row again.
            draft.save(update_fields=_DRAFT_FIELDS)
        audit.record(
            actor=actor,
            action=AuditEntry.Action.CREATE if creating else AuditEntry.Action.UPDATE,
            obj=draft,
            request_reference=draft.reference,
            detail="draft saved",
        )
    return draft


def attach_upload(
    *, actor: User, draft: CertificationRequest, kind: str, content: bytes, name: str
) -> SupportingDocument:
    return documents.store(
        actor=actor,
        certification_request=draft,
        kind=kind,
        content=content,
        original_name=name,
    )


def remove_document(*, actor: User, draft: CertificationRequest, document_id: int) -> None:
    document = draft.documents.filter(pk=document_id).first()
    if document is None:
        return
    path = documents._path(document)
    with transaction.atomic():
        audit.record(
            actor=actor,
            action=AuditEntry.Action.UPDATE,
            obj=document,
            request_reference=draft.reference,
            detail="document removed from draft",
        )
        document.delete()
    path.unlink(missing_ok=True)


def submit(
    *, actor: User, draft: CertificationRequest | None, forms: Mapping[str, BaseForm]
) -> CertificationRequest:
    """Write the validated answers onto the request, then submit it (and, for an agency on
    certify, have it received, which starts the statutory clock)."""
    data = {step: form.cleaned_data for step, form in forms.items()}
    start = data["start"]
    form = start["form"] if start["form"] in ("U", "T") else data["which"]["form"]
    organisation = organisation_for(actor)
    filed_by = (
        FiledBy.ADVOCATE
        if start["filed_by"] == FiledBy.ADVOCATE and organisation
        else FiledBy.VICTIM
    )
    with transaction.atomic():
        req = draft or CertificationRequest(created_by=actor, status=Status.DRAFT)
        if req.reference and not req.reference.startswith(f"{form}-"):
            req.reference = ""
        req.form = form
        req.filed_by = filed_by
        req.organisation = organisation if filed_by == FiledBy.ADVOCATE else None

        victim = data["victim"]
        # The Latin spelling goes on the form; a name in another script is kept for the agency.
        names = cast(_VictimStep, forms["victim"]).names()
        req.family_name = names["family_name"]
        req.given_name = names["given_name"]
        req.middle_name = names["middle_name"]
        req.native_name = names["native_name"]
        req.other_names = names["other_names"]
        req.date_of_birth = victim["date_of_birth"]
        req.gender = victim["gender"]
        req.a_number = victim["a_number"]
        req.preferred_language = victim["preferred_language"]

        contact = data["contact"]
        req.safe_channels = list(contact["safe_channels"])
        req.safe_mailing_address = contact["safe_mailing_address"]
        req.safe_phone = contact["safe_phone"].as_e164 if contact["safe_phone"] else ""
        req.safe_email = contact["safe_email"]

        crime = data["crime"]
        req.crime_dates = [
            crime[f"date_{n}"].isoformat() for n in range(1, 5) if crime.get(f"date_{n}")
        ]
        req.crime_city = crime["city"]
        req.crime_county = crime["county"]
        req.crime_state = crime["state"]
        req.case_number = crime["case_number"]

        activities = data["activities"]
        req.similar_activity = activities["similar_activity"]
        req.trafficking_types = list(activities.get("trafficking_types") or [])
        req.agency = data["agency"]["agency"]
        story = data["story"]
        req.narrative = story["narrative"]
        req.injuries = story["injuries"]
        req.narrative_in_english = story["in_english"] == "yes"
        req.narrative_language = "" if req.narrative_in_english else story["language"].strip()

        helpfulness = data["helpfulness"]
        req.helped_ways = list(helpfulness["helped_ways"])
        req.helpfulness_details = helpfulness["helpfulness_details"]
        req.unmet_request = helpfulness["unmet_request"] if helpfulness["unmet"] == "yes" else ""
        req.cooperation = helpfulness.get("cooperation") or ""
        req.cooperation_details = helpfulness.get("cooperation_details") or ""

        # Only the facts a law in force counts were asked; the rest stay unanswered.
        expedite = data["expedite"]
        req.removal_proceedings = bool(expedite.get("removal_proceedings"))
        req.detained = bool(expedite.get("detained"))
        req.age_out_date = expedite.get("age_out_date") if expedite.get("age_out") else None
        req.parents_or_siblings = (
            bool(expedite["parents_or_siblings"]) if "parents_or_siblings" in expedite else None
        )
        req.expedite_other = expedite["expedite_other"]
        req.expedite_requested = cast(_ExpediteStep, forms["expedite"]).expedite_requested()

        in_english = data["documents"].get("in_english") or ""
        req.documents_in_english = {"yes": True, "no": False}.get(in_english)
        req.consent_to_share = data["check"]["consent"]
        req.declaration_signed_at = timezone.now()
        req.wizard_data = {}
        req.wizard_step = ""
        req.save()

        req.activities.set(activities.get("activities") or [])
        req.family_members.all().delete()
        if "family" in forms:
            for member in cast(_FamilyStep, forms["family"]).family_members():
                FamilyMember.objects.create(request=req, **member)

        req = transition(req, move="submit", actor=actor)
        if req.agency is not None and req.agency.on_certify:
            req = transition(req, move="receive", actor=None)
    return req


def _date_parts(step: str, field: str, value: date | str | None) -> StepFields:
    if not value:
        return {}
    if isinstance(value, str):
        value = date.fromisoformat(value)
    return {
        f"{step}-{field}_day": [str(value.day)],
        f"{step}-{field}_month": [str(value.month)],
        f"{step}-{field}_year": [str(value.year)],
    }


def answers_from_request(req: CertificationRequest) -> dict[str, StepFields]:
    """Raw step data rebuilt from a request's fields, for copying a submitted request.

    The agency, the declaration and the consent are left out: a copy is for another agency or
    another form, and the person must confirm them again."""
    if req.wizard_data.get("step_data"):
        return {
            step: values
            for step, values in req.wizard_data["step_data"].items()
            if step not in ("agency", "check", "documents")
        }

    def one(step: str, **fields: object) -> StepFields:
        # Every value here is a string or a list of strings, as the step's form posted it.
        return cast(
            StepFields,
            {f"{step}-{k}": v if isinstance(v, list) else [v] for k, v in fields.items()},
        )

    native = req.native_name or {}
    names = {
        part: native.get(part) or getattr(req, part)
        for part in ("family_name", "given_name", "middle_name")
    }
    latin = {f"latin_{part}": getattr(req, part) for part in native}
    others: dict[str, str] = {}
    structured = [n for n in req.other_names or [] if isinstance(n, dict)]
    for n, other in enumerate(structured[:3], start=1):
        for part in ("family_name", "given_name", "middle_name"):
            others[f"other_{n}_{part}"] = other.get(part) or ""
    step_data: dict[str, StepFields] = {
        "start": one("start", filed_by=req.filed_by, form=req.form),
        "victim": {
            **one(
                "victim",
                **names,
                **latin,
                **others,
                gender=req.gender,
                a_number=req.a_number,
                preferred_language=req.preferred_language,
            ),
            **_date_parts("victim", "date_of_birth", req.date_of_birth),
        },
        "contact": one(
            "contact",
            safe_channels=list(req.safe_channels or []),
            safe_mailing_address=req.safe_mailing_address,
            safe_phone=req.safe_phone,
            safe_email=req.safe_email,
        ),
        "crime": one(
            "crime",
            city=req.crime_city,
            county=req.crime_county,
            state=req.crime_state,
            case_number=req.case_number,
        ),
        "activities": one(
            "activities",
            activities=list(req.activities.values_list("code", flat=True)),
            trafficking_types=list(req.trafficking_types or []),
            similar_activity=req.similar_activity,
        ),
        "story": one(
            "story",
            narrative=req.narrative,
            injuries=req.injuries,
            **(
                {}
                if req.narrative_in_english is None
                else {
                    "in_english": "yes" if req.narrative_in_english else "no",
                    "language": req.narrative_language,
                }
            ),
        ),
        "helpfulness": one(
            "helpfulness",
            helped_ways=list(req.helped_ways or []),
            helpfulness_details=req.helpfulness_details,
            unmet="yes" if req.unmet_request else "no",
            unmet_request=req.unmet_request,
            cooperation=req.cooperation,
            cooperation_details=req.cooperation_details,
        ),
        "expedite": {
            **one(
                "expedite",
                expedite_other=req.expedite_other,
                **{
                    name: "on"
                    for name, flag in (
                        ("removal_proceedings", req.removal_proceedings),
                        ("detained", req.detained),
                        ("age_out", req.age_out_date is not None),
                        ("parents_or_siblings", bool(req.parents_or_siblings)),
                    )
                    if flag
                },
            ),
            **_date_parts("expedite", "age_out_date", req.age_out_date),
        },
    }
    for n, value in enumerate(req.crime_dates or [], start=1):
        step_data["crime"].update(_date_parts("crime", f"date_{n}", value))
    members = list(req.family_members.all())
    family: StepFields = {}
    for group in ("harmed", "implicated"):
        listed = [m for m in members if getattr(m, group)]
        family.update(one("family", **{group: "yes" if listed else "no"}))
        for n, member in enumerate(listed[:5], start=1):
            prefix = f"{group}_{n}"
            family.update(
                one(
                    "family",
                    **{
                        # A name kept whole (recorded before names were asked in parts) is
                        # offered as the given name for the person to check.
                        f"{prefix}_family_name": member.family_name,
                        f"{prefix}_given_name": member.given_name or member.full_name,
                        f"{prefix}_middle_name": member.middle_name,
                        f"{prefix}_relationship": member.relationship,
                        f"{prefix}_involvement": member.involvement,
                    },
                )
            )
            family.update(_date_parts("family", f"{prefix}_date_of_birth", member.date_of_birth))
    if req.form == CertificationRequest.Form.U:
        step_data["family"] = family
    return step_data


def copy_request(*, actor: User, source: CertificationRequest) -> CertificationRequest:
    """A new draft with the source's answers and documents, for a second agency or T after U."""
    step_data = answers_from_request(source)
    with transaction.atomic():
        # Copying reads the source's personal data and documents: each read is on the record.
        audit.record(
            actor=actor,
            action=AuditEntry.Action.VIEW,
            obj=source,
            request_reference=source.reference,
            detail="answers copied into a new draft",
        )
        copy = save_draft(actor=actor, draft=None, step_data=step_data, current_step="start")
        copy.copied_from = source
        copy.save(update_fields=["copied_from"])
        for document in source.documents.exclude(kind=SupportingDocument.Kind.SIGNED_SUPPLEMENT):
            content = documents.read_content(document)
            audit.record(
                actor=actor,
                action=AuditEntry.Action.DOWNLOAD,
                obj=document,
                request_reference=source.reference,
                detail="copied into a new draft",
            )
            documents.store(
                actor=actor,
                certification_request=copy,
                kind=document.kind,
                content=content,
                original_name=document.original_name,
            )
    return copy


# --- housekeeping (the sweep) ----------------------------------------------------------


def remove_stale_uploads(max_age_hours: int = 24) -> int:
    """Delete wizard temp files older than `max_age_hours`, and any file left in the upload
    temporary folder (FILE_UPLOAD_TEMP_DIR) for over an hour; returns how many were removed.

    formtools removes a wizard's files only when that wizard finishes or restarts, so files of
    abandoned journeys would stay forever (formtools #159). A worker killed during an upload
    leaves its temporary file behind; certify's upload handler writes none, but the folder is
    kept empty in case another handler is ever configured."""
    removed = 0
    folders = [(temp_directory(), max_age_hours * 3600)]
    if settings.FILE_UPLOAD_TEMP_DIR:
        folders.append((Path(settings.FILE_UPLOAD_TEMP_DIR), 3600))
    for folder, max_age in folders:
        if not folder.is_dir():
            continue
        cutoff = time.time() - max_age
        for path in folder.iterdir():
            if path.is_file() and path.stat().st_mtime < cutoff:
                path.unlink(missing_ok=True)
                removed += 1
    return removed


def remove_expired_drafts() -> int:
    """Delete drafts untouched for DRAFT_EXPIRY_DAYS, with their uploaded files."""
    cutoff = timezone.now() - timedelta(days=settings.DRAFT_EXPIRY_DAYS)
    removed = 0
    stale = CertificationRequest.objects.filter(
        status=CertificationRequest.Status.DRAFT, updated_at__lt=cutoff, events__isnull=True
    )
    for draft in stale:
        paths = [documents._path(d) for d in draft.documents.all()]
        with transaction.atomic():
            draft.delete()
        for path in paths:
            path.unlink(missing_ok=True)
        removed += 1
    return removed
