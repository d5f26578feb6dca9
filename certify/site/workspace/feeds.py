"""The queue taken elsewhere: a CSV export without victim data, and a private calendar feed
(.ics) of due dates holding references and dates only."""

from __future__ import annotations

import csv
import io
from datetime import date, timedelta

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from certify.records import audit, selectors, statutory
from certify.records.models import AuditEntry, CertificationRequest, User
from certify.site.access import SignedInRequest, public, requires
from certify.site.caseload import list_form_data
from certify.site.workspace import forms as wforms
from workflows import calendar

CSV_HEADER = [
    "reference", "certification", "status", "agency", "official", "received_on", "due_date",
    "expedited",
]  # fmt: skip


def _queue_rows(user: User, request: HttpRequest) -> list[list[object]]:
    form = wforms.QueueFilterForm(
        list_form_data(request, search_field="q"), officials=selectors.queue_officials(user=user)
    )
    queue = selectors.queue_for(user=user, filters=form.filters())
    header: list[object] = list(CSV_HEADER)
    rows: list[list[object]] = [header]
    for req in queue.requests.iterator(chunk_size=2000):
        official = req.assigned_official
        rows.append(
            [
                req.reference,
                req.form,
                req.status,
                req.agency.name if req.agency else "",
                (official.user.get_full_name() or official.user.email) if official else "",
                req.received_on or "",
                req.due_date or "",
                "yes" if req.expedited else "no",
            ]
        )
    return rows


@never_cache
@requires("certify.view_agency_queue")
def queue_csv(request: SignedInRequest) -> HttpResponse:
    """Every request of the queue as filtered (not one page): references, codes, dates and
    the official's name; nothing of the victim's."""
    rows = _queue_rows(request.user, request)
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    for row in rows:
        writer.writerow([statutory.csv_cell(cell) for cell in row])
    audit.record(
        actor=request.user,
        action=AuditEntry.Action.EXPORT,
        obj=request.user,
        detail=f"queue export, {len(rows) - 1} rows",
        http_request=request,
    )
    response = HttpResponse(buffer.getvalue(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="certify-queue.csv"'
    response["X-Content-Type-Options"] = "nosniff"
    return response


# --- the calendar feed ------------------------------------------------------------------------


@never_cache
@requires("certify.view_agency_queue")
def calendar_settings(request: SignedInRequest) -> HttpResponse:
    """Issue, replace or revoke one's private calendar address. The address is shown once,
    right after it is made: only its hash is kept."""
    new_address = ""
    if request.method == "POST":
        if request.POST.get("action") == "revoke":
            calendar.revoke_feeds(actor=request.user, http_request=request)
            messages.success(request, _("Your calendar address no longer works."))
            return redirect("calendar_settings")
        token = calendar.issue_feed(actor=request.user, http_request=request)
        new_address = request.build_absolute_uri(reverse("calendar_feed", args=[token]))
    return render(
        request,
        "certify/workspace/calendar.html",
        {"feed": calendar.active_feed(request.user), "new_address": new_address},
    )


def _ics_text(value: str) -> str:
    return value.replace("\\", "\\\\").replace(";", "\\;").replace(",", "\\,").replace("\n", "\\n")


def ics(user: User, requests: list[CertificationRequest], base_url: str) -> str:
    """An iCalendar (RFC 5545) of all-day events on each due date: the reference and a link,
    nothing else."""
    stamp = timezone.now().strftime("%Y%m%dT%H%M%SZ")
    name = _("certify due dates")
    lines = [
        "BEGIN:VCALENDAR",
        "VERSION:2.0",
        "PRODID:-//certify//due dates//EN",
        "CALSCALE:GREGORIAN",
        f"X-WR-CALNAME:{_ics_text(name)}",
    ]
    for req in requests:
        due: date = req.due_date  # type: ignore[assignment]  # filtered to those with one
        summary = _("Due: %(reference)s") % {"reference": req.reference}
        lines += [
            "BEGIN:VEVENT",
            f"UID:{req.reference}-due@certify",
            f"DTSTAMP:{stamp}",
            f"DTSTART;VALUE=DATE:{due:%Y%m%d}",
            f"DTEND;VALUE=DATE:{due + timedelta(days=1):%Y%m%d}",
            f"SUMMARY:{_ics_text(summary)}",
            f"URL:{base_url}{reverse('request_detail', args=[req.reference])}",
            "END:VEVENT",
        ]
    lines.append("END:VCALENDAR")
    return "\r\n".join(lines) + "\r\n"


@public
@require_GET
@never_cache
def calendar_feed(request: HttpRequest, token: str) -> HttpResponse:
    """Public by address: the secret token is the key (calendar programs cannot sign in). An
    unknown or revoked token is 404. Only the open requests' references and due dates."""
    user = calendar.feed_owner(token)
    if user is None:
        raise Http404
    requests = list(
        selectors.queue_for(user=user)
        .requests.filter(due_date__isnull=False)
        .select_related(None)
        .only("reference", "due_date")
        .order_by()
    )
    body = ics(user, requests, request.build_absolute_uri("/").rstrip("/"))
    response = HttpResponse(body, content_type="text/calendar; charset=utf-8")
    response["X-Content-Type-Options"] = "nosniff"
    response["Referrer-Policy"] = "no-referrer"
    return response
