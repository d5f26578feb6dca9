"""Denial and withdrawal letters: the agency's written reasons, as a sealed PDF.

Several states require a written denial with reasons (among them 5 ILCS 825/11, Va. Code
9.1-1500 to 9.1-1502, G.L. c. 258F, § 3, and Cal. Penal Code 679.10 since 2024), and USCIS acts
on a withdrawal or disavowal only in writing (8 CFR 214.14(h)(2)(i)(A)).
The letter is written in English, the language USCIS and the courts read, and repeated in the
requester's preferred language when the catalogue has it, so the victim can read the reasons.
"""

from __future__ import annotations

import io
from datetime import date
from xml.sax.saxutils import escape

from django.conf import settings
from django.utils import formats, translation
from django.utils.translation import gettext as _
from reportlab.lib.pagesizes import LETTER
from reportlab.lib.styles import ParagraphStyle, getSampleStyleSheet
from reportlab.lib.units import inch
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import PageBreak, Paragraph, SimpleDocTemplate, Spacer
from reportlab.platypus.flowables import Flowable

from certify.records.models import CertificationRequest, DenialReason
from forms import unicode_font
from workflows.routing import receiving_agency

# Languages a letter is repeated in: those the site's catalogue translates.
LETTER_LANGUAGES = {code for code, _name in settings.LANGUAGES}


def languages_for(req: CertificationRequest) -> list[str]:
    preferred = req.preferred_language or "en"
    return ["en"] + ([preferred] if preferred != "en" and preferred in LETTER_LANGUAGES else [])


def _styles() -> dict[str, ParagraphStyle]:
    sheet = getSampleStyleSheet()
    # Letters greet the victim by name: Helvetica has no "ễ" for "Nguyễn".
    body = ParagraphStyle(
        "body",
        parent=sheet["BodyText"],
        fontName=unicode_font.reportlab_font(),
        fontSize=11,
        leading=15,
    )
    return {
        "body": body,
        "small": ParagraphStyle("small", parent=body, fontSize=9, leading=12),
        "heading": ParagraphStyle("heading", parent=sheet["Heading2"], fontSize=14),
    }


def _p(text: str, style: ParagraphStyle) -> Paragraph:
    # Official's and requester's words are data, never markup.
    return Paragraph(escape(text).replace("\n", "<br/>"), style)


def _agency_block(req: CertificationRequest) -> list[str]:
    """The agency's letterhead if its lead set one, then where to write to it."""
    agency = receiving_agency(req)
    return [*agency.letterhead_lines(), *agency.mailing_lines()]


def _signature_block(req: CertificationRequest) -> list[str]:
    agency_name = receiving_agency(req).name
    official = req.assigned_official
    if official is None:
        return [agency_name]
    title = ", ".join(p for p in (official.title, official.division) if p)
    return [official.user.get_full_name() or official.user.email, title, agency_name]


def _letter_date(req: CertificationRequest, on: date) -> str:
    return formats.date_format(on, "DATE_FORMAT")


def _opening(
    req: CertificationRequest, title: str, *, on: date, styles: dict[str, ParagraphStyle]
) -> list[Flowable]:
    """Title, date, reference and salutation: how every letter begins."""
    return [
        _p(title, styles["heading"]),
        _p(_("Date: %(date)s") % {"date": _letter_date(req, on)}, styles["body"]),
        _p(_("Request reference: %(ref)s") % {"ref": req.reference}, styles["body"]),
        Spacer(1, 8),
        _p(_("To %(name)s,") % {"name": req.victim_name}, styles["body"]),
        Spacer(1, 6),
    ]


def _denial_story(
    req: CertificationRequest,
    *,
    on: date,
    appeal_days: int | None,
    appeal_day_kind: str,
    appeal_law: str = "",
) -> list[Flowable]:
    styles = _styles()
    form = req.get_form_display()
    story = [
        *_opening(req, _("Decision on a request for certification"), on=on, styles=styles),
        _p(
            _(
                "%(agency)s has reviewed your request for certification (%(form)s). "
                "The agency has decided not to sign the certification."
            )
            % {"agency": receiving_agency(req).name, "form": form},
            styles["body"],
        ),
        Spacer(1, 6),
        _p(
            _("Reason: %(reason)s") % {"reason": DenialReason(req.denial_reason).label},
            styles["body"],
        ),
        _p(_("The agency's explanation:"), styles["body"]),
        _p(_denial_note(req), styles["body"]),
        Spacer(1, 6),
    ]
    if appeal_days:
        kind = _("business days") if appeal_day_kind == "business" else _("calendar days")
        story.append(
            _p(
                _(
                    "You may ask the agency to reconsider this decision. The law (%(law)s) "
                    "gives the agency %(days)s %(kind)s to answer once it receives your "
                    "request. You can ask through certify, on the page of this request, or in "
                    "writing to the address above."
                )
                % {"days": appeal_days, "kind": kind, "law": appeal_law},
                styles["body"],
            )
        )
    else:
        story.append(
            _p(
                _(
                    "You may ask the agency to reconsider this decision, on the page of this "
                    "request in certify or in writing to the address above."
                ),
                styles["body"],
            )
        )
    story += [
        Spacer(1, 6),
        _p(
            _(
                "This decision does not decide any immigration matter, and you may ask for a "
                "certification again if you have new information. There is no time limit on "
                "asking for a certification."
            ),
            styles["body"],
        ),
    ]
    return story


def _denial_note(req: CertificationRequest) -> str:
    event = req.events.filter(kind="deny").order_by("-created_at", "-id").first()
    return event.note if event is not None else ""


def _withdrawal_story(req: CertificationRequest, *, on: date, reason: str) -> list[Flowable]:
    styles = _styles()
    signed = formats.date_format(req.signature_date, "DATE_FORMAT") if req.signature_date else "—"
    return [
        *_opening(req, _("Withdrawal of a certification"), on=on, styles=styles),
        _p(
            _(
                "%(agency)s withdraws the certification (%(form)s) that it signed on "
                "%(signed)s for this request. The agency will tell U.S. Citizenship and "
                "Immigration Services in writing."
            )
            % {
                "agency": receiving_agency(req).name,
                "form": req.get_form_display(),
                "signed": signed,
            },
            styles["body"],
        ),
        Spacer(1, 6),
        _p(_("The agency's reasons:"), styles["body"]),
        _p(reason, styles["body"]),
        Spacer(1, 6),
        _p(
            _(
                "If USCIS acts on this withdrawal it must first tell you and give you time to "
                "answer. You may wish to speak to an immigration lawyer or accredited "
                "representative."
            ),
            styles["body"],
        ),
    ]


def _build(
    req: CertificationRequest, stories: list[tuple[str, list[Flowable]]], code: str
) -> bytes:
    styles = _styles()
    out = io.BytesIO()
    footer_text = f"Verification code: {code}"

    def on_page(canvas: Canvas, doc: SimpleDocTemplate) -> None:
        canvas.saveState()
        canvas.setFont("Helvetica-Bold", 8)
        # The same line seal.code_printed_in reads back, so /verify/ finds an altered copy.
        canvas.drawRightString(LETTER[0] - 0.75 * inch, 0.5 * inch, footer_text)
        canvas.restoreState()

    document = SimpleDocTemplate(
        out,
        pagesize=LETTER,
        leftMargin=inch,
        rightMargin=inch,
        topMargin=0.9 * inch,
        bottomMargin=0.9 * inch,
        title=f"{req.reference}",
        author=receiving_agency(req).name,
        invariant=True,
    )
    flow: list[Flowable] = []
    for index, (language, story) in enumerate(stories):
        if index:
            flow.append(PageBreak())
        with translation.override(language):
            flow += [_p(line, styles["body"]) for line in _agency_block(req)]
            flow.append(Spacer(1, 12))
            flow += story
            flow.append(Spacer(1, 18))
            flow += [_p(line, styles["body"]) for line in _signature_block(req)]
            flow.append(Spacer(1, 12))
            if index:
                flow.append(
                    _p(
                        _("This is a translation; the English letter is the original."),
                        styles["small"],
                    )
                )
            flow.append(
                _p(
                    _(
                        "Check that this letter is genuine at %(url)s with the verification "
                        "code at the foot of each page."
                    )
                    % {"url": settings.SITE_URL.rstrip("/") + "/verify/"},
                    styles["small"],
                )
            )
    document.build(flow, onFirstPage=on_page, onLaterPages=on_page)
    return out.getvalue()


def denial_letter(
    req: CertificationRequest,
    *,
    code: str,
    on: date,
    appeal_days: int | None = None,
    appeal_day_kind: str = "",
    appeal_law: str = "",
) -> bytes:
    stories: list[tuple[str, list[Flowable]]] = []
    for language in languages_for(req):
        with translation.override(language):
            story = _denial_story(
                req,
                on=on,
                appeal_days=appeal_days,
                appeal_day_kind=appeal_day_kind,
                appeal_law=appeal_law,
            )
            stories.append((language, story))
    return _build(req, stories, code)


def withdrawal_letter(req: CertificationRequest, *, code: str, on: date, reason: str) -> bytes:
    stories: list[tuple[str, list[Flowable]]] = []
    for language in languages_for(req):
        with translation.override(language):
            stories.append((language, _withdrawal_story(req, on=on, reason=reason)))
    return _build(req, stories, code)
