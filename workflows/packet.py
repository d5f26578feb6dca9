"""The printable packet for an agency that is not on certify.

The requester prints it (or e-mails it) to the agency: a cover letter that cites the state's law
and its deadline and says where the packet goes, then the supplement with Part 1 filled in
(``forms.fill``; the stand-in template unless the official edition is installed).

The packet is written in English whatever the requester's language: it is addressed to a US
agency and quotes US law, and a translated cover letter would only slow the agency down.
"""

from __future__ import annotations

import io
from datetime import date
from xml.sax.saxutils import escape

from django.utils import translation
from pypdf import PdfReader, PdfWriter
from reportlab.lib.pagesizes import LETTER
from reportlab.lib.styles import ParagraphStyle, getSampleStyleSheet
from reportlab.lib.units import inch
from reportlab.platypus import Paragraph, SimpleDocTemplate, Spacer

from certify.records.models import Agency, CertificationRequest, ClockBasis
from workflows import supplement
from workflows.clock import TRIGGER_REASONS
from workflows.deadlines import (
    FIRST_ENCOUNTER,
    Deadline,
    Duties,
    agency_today,
    deadline_for_agency,
    duties_for_agency,
)
from workflows.lifecycle import clock_facts

FORM_TITLES: dict[str, str] = {
    CertificationRequest.Form.U: "Form I-918, Supplement B, U Nonimmigrant Status Certification",
    CertificationRequest.Form.T: "Form I-914, Supplement B, Declaration for Trafficking Victim",
}
_DATE = "%B %-d, %Y"

# State laws that bind the agency itself to keep a victim's information confidential. The
# federal statute, 8 U.S.C. 1367, binds the Departments of Homeland Security, Justice and State,
# not a state or local agency, so the letter cites it only for what it is.
STATE_CONFIDENTIALITY_LAWS = {
    "WA": "chapter 7.98 RCW",
    "NV": "NRS 217.580 to 217.590",
    "CO": "C.R.S. 24-4.1-401 to -406",
}


def packet_deadline(req: CertificationRequest, today: date) -> Deadline:
    """The deadline the cover letter quotes: counted from the day the agency would receive the
    packet, taken as today (the requester prints and sends it now). Expedite facts apply."""
    agency = req.agency
    if agency is None:
        raise ValueError("A packet needs the agency it is addressed to.")
    return deadline_for_agency(agency, req.form, clock_facts(req, received_on=today))


def _days(deadline: Deadline) -> str:
    unit = "business day" if deadline.day_kind == "business" else "calendar day"
    return f"{deadline.days} {unit}{'' if deadline.days == 1 else 's'}"


def deadline_paragraph(deadline: Deadline, agency: Agency) -> str:
    """What the law (or, where there is none, policy) asks of the agency, in plain English."""
    if deadline.basis == ClockBasis.AGENCY_TARGET:
        return (
            f"No state law sets a deadline for this certification for {agency.name}. The "
            f"agency's own published target is {_days(deadline)}: agency policy, not law."
        )
    if deadline.basis == ClockBasis.SITE_DEFAULT:
        return (
            f"No state law sets a deadline for this certification for {agency.name}, and the "
            f"agency has published no target of its own. certify asks agencies in that "
            f"position to respond within {_days(deadline)}: agency policy, not law."
        )
    if deadline.trigger == FIRST_ENCOUNTER:
        return (
            f"Under {deadline.law}, the agency provides the declaration within "
            f"{_days(deadline)} of its first encounter with the victim."
        )
    text = f"Under {deadline.law}, the agency responds within {_days(deadline)} of receiving "
    text += "the request."
    reason = TRIGGER_REASONS.get(deadline.trigger)
    if reason is not None:
        with translation.override("en"):
            text += f" This shorter deadline applies because {reason}."
    return text


def duties_paragraphs(duties: Duties) -> list[str]:
    lines = []
    if duties.written_denial_law:
        lines.append(
            f"If the agency declines, {duties.written_denial_law} requires a written denial "
            "that gives the reason."
        )
    if duties.delay_notice_law:
        lines.append(
            f"Where circumstances outside the agency's control prevent an answer in time, "
            f"{duties.delay_notice_law} lets the agency answer instead with a written "
            "explanation of the delay, the process it will follow and a projected date."
        )
    return lines


def confidentiality_paragraph(state: str) -> str:
    text = (
        "Please keep the enclosed information confidential: it concerns a victim of crime. "
        "Federal law (8 U.S.C. 1367) bars the Departments of Homeland Security, Justice and "
        "State from disclosing information about people who apply for U or T status."
    )
    law = STATE_CONFIDENTIALITY_LAWS.get(state.upper())
    if law:
        text += f" State law ({law}) limits what your agency itself may disclose."
    return text


def _address_lines(agency: Agency) -> list[str]:
    street = ", ".join(p for p in (agency.street, agency.suite) if p)
    place = " ".join(p for p in (f"{agency.city}," if agency.city else "", agency.state) if p)
    lines = [agency.name, street, f"{place} {agency.zip_code}".strip()]
    if agency.email:
        lines.append(f"E-mail: {agency.email}")
    if agency.fax:
        lines.append(f"Fax: {agency.fax.as_national}")
    if agency.phone:
        lines.append(f"Phone: {agency.phone.as_national}")
    return [line for line in lines if line]


def cover_letter(req: CertificationRequest, today: date) -> bytes:
    agency = req.agency
    if agency is None:
        raise ValueError("A packet needs the agency it is addressed to.")
    deadline = packet_deadline(req, today)
    duties = duties_for_agency(agency, req.form, today)
    styles = getSampleStyleSheet()
    body, heading = styles["BodyText"], styles["Heading2"]

    def para(text: str, style: ParagraphStyle = body) -> Paragraph:
        return Paragraph(escape(text), style)

    form_title = FORM_TITLES.get(req.form, req.form)
    due = deadline.due_date.strftime(_DATE)
    story = [
        para(today.strftime(_DATE)),
        Spacer(1, 0.2 * inch),
        *[para(line) for line in _address_lines(agency)],
        Spacer(1, 0.3 * inch),
        para(f"Request for certification: {form_title}", heading),
        para(f"Reference: {req.reference}"),
        Spacer(1, 0.15 * inch),
        para("To the certifying official:"),
        para(
            "Enclosed is a request that your agency complete and sign the supplement named "
            "above. Part 1, about the victim, has been filled in for you; Parts 2 to 6 are "
            "for your agency. The signature is yours to give in ink."
        ),
        para(deadline_paragraph(deadline, agency)),
        para(
            f"If your agency receives this packet on {today.strftime(_DATE)}, the response is "
            f"due by {due}."
        ),
        *[para(line) for line in duties_paragraphs(duties)],
        *([para(f"The law's text: {deadline.source}")] if deadline.source else []),
        Spacer(1, 0.15 * inch),
        para("Where to send this packet", heading),
        *[para(line) for line in _address_lines(agency)],
        Spacer(1, 0.15 * inch),
        para(confidentiality_paragraph(agency.state)),
    ]
    out = io.BytesIO()
    doc = SimpleDocTemplate(
        out,
        pagesize=LETTER,
        title=f"Certification request {req.reference}",
        leftMargin=inch,
        rightMargin=inch,
        topMargin=inch,
        bottomMargin=inch,
    )
    doc.build(story)
    return out.getvalue()


def build_packet(req: CertificationRequest, today: date | None = None) -> bytes:
    """The cover letter followed by the supplement with Part 1 filled in, as one PDF."""
    if req.agency is None:
        raise ValueError("A packet needs the agency it is addressed to.")
    today = today or agency_today(req.agency.time_zone)
    writer = PdfWriter()
    writer.append(PdfReader(io.BytesIO(cover_letter(req, today))))
    # The requester's copy: Part 1, and Part 2 from the agency's public details. append() keeps
    # the form fields, so the agency can still type into the parts that are its own.
    writer.append(PdfReader(io.BytesIO(supplement.render(req, copy="requester").data)))
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()
