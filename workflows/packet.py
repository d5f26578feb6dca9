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

from pypdf import PdfReader, PdfWriter
from reportlab.lib.pagesizes import LETTER
from reportlab.lib.styles import ParagraphStyle, getSampleStyleSheet
from reportlab.lib.units import inch
from reportlab.platypus import Paragraph, SimpleDocTemplate, Spacer

from certify.records.models import Agency, CertificationRequest
from workflows import supplement
from workflows.deadlines import Deadline, agency_today, compute_due, rule_for
from workflows.routing import receiving_agency

FORM_TITLES: dict[str, str] = {
    CertificationRequest.Form.U: "Form I-918, Supplement B, U Nonimmigrant Status Certification",
    CertificationRequest.Form.T: "Form I-914, Supplement B, Declaration for Trafficking Victim",
}
_DATE = "%B %-d, %Y"
# certify's request form letters to the forms package's codes.


def packet_deadline(req: CertificationRequest, today: date) -> Deadline:
    """The deadline the cover letter quotes: counted from the day the agency would receive the
    packet, taken as today (the requester prints and sends it now). Expedite facts apply."""
    agency = receiving_agency(req)
    rule = rule_for(agency.state, req.form, today)
    return compute_due(
        rule,
        received_on=today,
        removal_proceedings=req.removal_proceedings,
        detained=req.detained,
        age_out_date=req.age_out_date,
        expedite_requested=req.expedite_requested,
        agency_target_days=agency.target_days,
    )


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
    agency = receiving_agency(req)
    deadline = packet_deadline(req, today)
    styles = getSampleStyleSheet()
    body, heading = styles["BodyText"], styles["Heading2"]

    def para(text: str, style: ParagraphStyle = body) -> Paragraph:
        return Paragraph(escape(text), style)

    form_title = FORM_TITLES.get(req.form, req.form)
    if deadline.is_policy:
        law = (
            f"{agency.state} has no statute that sets a deadline for this certification. "
            f"certify asks agencies without one to respond within {deadline.days} "
            f"{deadline.day_kind} days, as a matter of policy, not law."
        )
    else:
        law = (
            f"Under {deadline.law}, the agency responds within {deadline.days} "
            f"{deadline.day_kind} days of receiving the request."
        )
        if not deadline.confirmed:
            law += " (This figure has not yet been checked against the statute's own text.)"
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
        para(law),
        para(
            f"If your agency receives this packet on {today.strftime(_DATE)}, the response is "
            f"due by {due}."
            + (
                " The deadline is shortened because an expedite applies."
                if deadline.expedited
                else ""
            )
        ),
        para(f"Source of the deadline: {deadline.source}"),
        Spacer(1, 0.15 * inch),
        para("Where to send this packet", heading),
        *[para(line) for line in _address_lines(agency)],
        Spacer(1, 0.15 * inch),
        para(
            "Please keep the enclosed information confidential: it concerns a victim of crime "
            "and is protected under 8 U.S.C. 1367."
        ),
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
