"""The printable packet for an agency that is not on certify.

The requester prints it (or e-mails it) to the agency: a cover letter with the case (number,
dates and place of the crime, how the victim helped), the state's law and its deadline and the
federal rules in plain words, where to return the signed form and where the packet goes; then the
supplement with Part 1 filled in
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

from certify.records import answers
from certify.records.models import Agency, CertificationRequest, ClockBasis
from forms import unicode_font
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
    lines = agency.mailing_lines()
    if agency.email:
        lines.append(f"E-mail: {agency.email}")
    if agency.fax:
        lines.append(f"Fax: {agency.fax.as_national}")
    if agency.phone:
        lines.append(f"Phone: {agency.phone.as_national}")
    return [line for line in lines if line]


def return_address(req: CertificationRequest) -> list[str]:
    """Where the agency sends the signed supplement: the advocate who filed it, or the
    victim's own safe channels (only those the victim said are safe)."""
    if req.filed_by == CertificationRequest.FiledBy.ADVOCATE and req.organisation is not None:
        advocate = req.created_by
        lines = [advocate.get_full_name(), req.organisation.name, f"E-mail: {advocate.email}"]
        return [line for line in lines if line]
    channels = set(req.safe_channels or [])
    lines = []
    if "mail" in channels and req.safe_mailing_address.strip():
        lines += [line.strip() for line in req.safe_mailing_address.splitlines() if line.strip()]
    if "email" in channels and req.safe_email:
        lines.append(f"E-mail: {req.safe_email}")
    if channels & {"phone", "text"} and req.safe_phone:
        lines.append(f"Phone: {req.safe_phone}")
    return lines


def _case_lines(req: CertificationRequest) -> list[str]:
    days = ", ".join(day.strftime(_DATE) for day in req.crime_days) or "not known"
    lines = [
        f"Agency case or police report number: {req.case_number or 'not known to the requester'}",
        f"Date(s) of the criminal activity: {days}",
    ]
    place = answers.place_of_crime(req).removeprefix("Place of the criminal activity: ")
    if place:
        lines.append(f"Where it happened: {place}")
    if req.form == CertificationRequest.Form.U:
        named = ", ".join(_english(a.name) for a in req.activities.all())
    else:
        labels = dict(CertificationRequest.TraffickingType.choices)
        named = "; ".join(_english(labels.get(k, k)) for k in req.trafficking_types or [])
    if req.similar_activity.strip() and req.narrative_in_english is not False:
        named = "; ".join(p for p in (named, req.similar_activity.strip()) if p)
    if named:
        lines.append(f"Criminal activity named by the requester: {named}")
    ways = answers.helped_ways_in_words(req, language="en")
    if ways:
        lines.append(f"How the victim has helped: {ways}")
    if req.form == CertificationRequest.Form.T and req.cooperation:
        statement = answers.COOPERATION_STATEMENTS.get(req.cooperation)
        if statement:
            lines.append(statement)
    if req.narrative_in_english is not False and req.helpfulness_details.strip():
        lines.append(f"In the requester's words: {req.helpfulness_details.strip()}")
    return lines


def _english(text: object) -> str:
    with translation.override("en"):
        return str(text)


def cover_letter(req: CertificationRequest, today: date) -> bytes:
    """In English whatever language the requester reads (see the module's docstring)."""
    with translation.override("en"):
        return _cover_letter(req, today)


def _cover_letter(req: CertificationRequest, today: date) -> bytes:
    agency = req.agency
    if agency is None:
        raise ValueError("A packet needs the agency it is addressed to.")
    deadline = packet_deadline(req, today)
    duties = duties_for_agency(agency, req.form, today)
    styles = getSampleStyleSheet()
    font = unicode_font.reportlab_font()
    body = ParagraphStyle("body", parent=styles["BodyText"], fontName=font)
    heading = ParagraphStyle("heading", parent=styles["Heading2"], fontName=font)

    def para(text: str, style: ParagraphStyle = body) -> Paragraph:
        return Paragraph(escape(text), style)

    form_title = FORM_TITLES.get(req.form, req.form)
    due = deadline.due_date.strftime(_DATE)
    if req.form == CertificationRequest.Form.U:
        federal = (
            "Federal law: the supplement is valid for filing for six months from the date you "
            "sign it (8 CFR 214.14(c)(2)(i)). Signing confirms what your agency knows; USCIS "
            "alone decides the application."
        )
    else:
        federal = (
            "Federal law: Form I-914 Supplement B is optional evidence of the victim's "
            "cooperation with reasonable requests (8 CFR 214.204). Signing confers no "
            "immigration benefit; USCIS alone decides the application."
        )
    returns = return_address(req)
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
        para("The case", heading),
        *[para(line) for line in _case_lines(req)],
        para("The deadline", heading),
        para(deadline_paragraph(deadline, agency)),
        para(
            f"If your agency receives this packet on {today.strftime(_DATE)}, the response is "
            f"due by {due}."
        ),
        *[para(line) for line in duties_paragraphs(duties)],
        *([para(f"The law's text: {deadline.source}")] if deadline.source else []),
        para(federal),
    ]
    if req.narrative_in_english is False or req.documents_in_english is False:
        story.append(
            para(
                "Some of the requester's statements or documents are not in English. A full "
                "English translation, with the translator's certification that they are "
                "competent to translate and that the translation is accurate, accompanies any "
                "such document filed with USCIS (8 CFR 103.2(b)(3))."
            )
        )
    story += [
        Spacer(1, 0.15 * inch),
        para("Where to return the signed supplement", heading),
        *(
            [para(line) for line in returns]
            if returns
            else [para(f"Contact certify about request {req.reference}.")]
        ),
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
    writer.append(PdfReader(io.BytesIO(supplement.requester_copy(req).data)))
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()
