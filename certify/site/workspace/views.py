"""The workspace's pages. Each names its permission (certify.records.policy); every read of a
request goes through certify.records.selectors.access_request, which answers 404 to anyone
outside the request, so another agency's staff cannot even learn that a reference exists. Writes
go through the actions in workflows."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date
from typing import TYPE_CHECKING, Any, Generic, TypeVar

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponse, QueryDict
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views import View
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from certify.records import agency_parts as parts
from certify.records import answers, selectors
from certify.records.models import (
    US_STATES,
    Agency,
    AgencyCompletion,
    CertificationRequest,
    FamilyMember,
    RequestEvent,
    User,
)
from certify.site.access import GuardedView, SignedInRequest, checked_inside, requires
from certify.site.accounts.reauth import require_recent_authentication
from certify.site.caseload import list_form_data
from certify.site.formerrors import error_list
from certify.site.wizard.forms import ContactForm
from certify.site.workspace import completion
from certify.site.workspace import forms as wforms
from forms.editions import Edition
from forms.fill import undrawable_items
from workflows import decisions, messaging, review, supplement
from workflows.clock import clock_for
from workflows.deadlines import Duties, agency_today, duties_for_agency
from workflows.lifecycle import (
    DECIDABLE_STATUSES,
    MOVES,
    UNACCEPTED,
    StaleRequestError,
    TransitionError,
    allowed_moves,
)
from workflows.models import DeadlineRule
from workflows.routing import next_official

if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise

Status = CertificationRequest.Status
F = TypeVar("F", bound=wforms.VersionedForm)


def _edition_notice(req: CertificationRequest) -> dict[str, object] | None:
    """For the official's pages: the banner while the official edition is not installed."""
    edition = answers.edition_for(req)
    if supplement.official_edition_installed(edition):
        return None
    return {"edition": edition, "allowed": supplement.standin_allowed()}


def _agency(req: CertificationRequest) -> Agency:
    """The agency a request went to; the agency's pages have no business with one without."""
    if req.agency is None:
        raise Http404
    return req.agency


def _duties(req: CertificationRequest) -> Duties:
    """What the laws in force for the request's agency ask of it, today."""
    if req.agency is None:
        return Duties()
    return duties_for_agency(req.agency, req.form, agency_today(req.agency.time_zone))


def _load(
    request: SignedInRequest, reference: str, permission: str | None = None
) -> CertificationRequest:
    req = selectors.access_request(actor=request.user, reference=reference, http_request=request)
    if permission and not request.user.has_perm(permission, req):
        raise PermissionDenied
    return req


def _latest_event_id(req: CertificationRequest) -> int:
    return req.events.order_by("-id").values_list("id", flat=True).first() or 0


def _changes_since(req: CertificationRequest, seen_event: int | None) -> list[RequestEvent]:
    """What others did since the person loaded the page: the events after the one they saw."""
    events = req.events.select_related("actor").order_by("id")
    if seen_event:
        events = events.filter(id__gt=seen_event)
    return list(events)


# --- the queue ------------------------------------------------------------------------------


@requires("certify.view_agency_queue")
def agency_queue(request: SignedInRequest) -> HttpResponse:
    user = request.user
    form = wforms.QueueFilterForm(
        list_form_data(request, search_field="q"), officials=selectors.queue_officials(user=user)
    )
    queue = selectors.queue_for(user=user, filters=form.filters())
    after = request.POST.get("after") or request.GET.get("after", "")
    page = selectors.due_page(queue.requests, after=after, lead="mine")
    return render(
        request,
        "certify/workspace/queue.html",
        {
            "form": form,
            "rows": [{"req": req, "clock": clock_for(req)} for req in page.rows],
            "next_after": page.next_after,
            "counts": queue.counts,
            "can_assign": queue.can_assign,
            "officials": selectors.queue_officials(user=user) if queue.can_assign else [],
            "filtered": form.is_bound,
        },
    )


@require_POST
@requires("certify.view_agency_queue")
def bulk_assign(request: SignedInRequest) -> HttpResponse:
    """Assign the requests ticked on the queue to one official: each through its own
    transition, so a request that cannot be assigned is named and the others go ahead."""
    references = [
        value
        for value in request.POST.getlist("reference")
        if value.isascii() and 0 < len(value) <= 12
    ]
    official_id = _int(request.POST.get("official"))
    officials = selectors.queue_officials(user=request.user)
    official = officials.filter(pk=official_id).first() if official_id is not None else None
    if official is None or not references:
        messages.error(request, _("Tick at least one request and choose an official."))
        return redirect("agency_queue")
    assigned, refused = review.assign_many(
        references, actor=request.user, official=official, http_request=request
    )
    if assigned:
        messages.success(
            request,
            _("%(count)s requests assigned to %(name)s.")
            % {
                "count": len(assigned),
                "name": official.user.get_full_name() or official.user.email,
            },
        )
    if refused:
        messages.error(
            request,
            _(
                "These could not be assigned (another agency, or a status that cannot be "
                "assigned): %(references)s"
            )
            % {"references": ", ".join(refused)},
        )
    return redirect("agency_queue")


# --- the request page -----------------------------------------------------------------------


@never_cache
@checked_inside("certify.view_request")
def request_detail(request: SignedInRequest, reference: str) -> HttpResponse:
    req = _load(request, reference)
    user = request.user
    agency_side = messaging.is_agency_side(user, req)
    documents_qs = req.documents.select_related("uploaded_by", "message")
    thread = req.messages.select_related("author").prefetch_related("attachments")
    moves = allowed_moves(user, req)
    duties = _duties(req)
    message_form = wforms.MessageForm(initial={"version": req.version})
    clock = clock_for(req, duties=duties)
    context = {
        "req": req,
        "clock": clock,
        "duties": duties,
        "first_encounter_form": (
            wforms.FirstEncounterForm(initial={"version": req.version})
            if agency_side and clock.first_encounter_law
            else None
        ),
        "can_explain_delay": (
            agency_side
            and bool(duties.delay_notice_law)
            and clock.running
            and not clock.overdue
            and user.has_perm("certify.decide_request", req)
        ),
        "agency_side": agency_side,
        "activities": req.activities.all(),
        "said": what_was_said(req),
        "edition_notice": _edition_notice(req) if agency_side else None,
        "can_download_packet": user.has_perm("certify.download_packet", req),
        "documents": [d for d in documents_qs if d.message_id is None],
        "events": req.events.select_related("actor"),
        "thread": thread,
        "message_form": message_form,
        "moves": moves,
        "can_assign": user.has_perm("certify.assign_request", req),
        "can_complete": user.has_perm("certify.complete_request", req),
        "can_decide": user.has_perm("certify.decide_request", req),
        "can_withdraw": user.has_perm("certify.withdraw_certification", req),
        "can_message": user.has_perm("certify.message_request", req) and req.agency_id,
        "letters": req.sealed_pdfs.filter(kind__in=["denial_letter", "withdrawal_letter"]),
    }
    return render(request, "certify/workspace/request.html", context)


# --- accept and assign ----------------------------------------------------------------------


@never_cache
@checked_inside("certify.assign_request")
def accept(request: SignedInRequest, reference: str) -> HttpResponse:
    """The jurisdiction check: accept the request and assign it, forward it to the agency whose
    case it is, or return it to the requester with the reasons."""
    req = _load(request, reference, "certify.assign_request")
    agency = _agency(req)
    if req.status not in UNACCEPTED:
        messages.error(
            request,
            _("This request is no longer waiting to be accepted. Its status is: %(status)s.")
            % {"status": req.get_status_display()},
        )
        return redirect("request_detail", reference=req.reference)
    form = wforms.JurisdictionForm(
        request.POST or None,
        req=req,
        agency=agency,
        initial={
            "version": req.version,
            "seen_event": _latest_event_id(req),
            "official": next_official(agency),
        },
    )
    changes = None
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        moved = {
            "actor": request.user,
            "expected_version": data["version"],
            "http_request": request,
        }
        try:
            if data["decision"] == form.OURS:
                review.assign_request(req, official=data["official"], **moved)
                messages.success(
                    request,
                    _("The request is accepted and assigned to %(name)s.")
                    % {"name": data["official"].user.get_full_name()},
                )
                return redirect("request_detail", reference=req.reference)
            if data["decision"] == form.FORWARD:
                review.forward_request(req, to=data["agency"], reasons=data["reasons"], **moved)
                messages.success(
                    request,
                    _("The request is forwarded to %(agency)s. It is no longer in your queue.")
                    % {"agency": data["agency"].name},
                )
            else:
                review.return_request(req, reasons=data["reasons"], **moved)
                messages.success(
                    request, _("The request is returned to the requester with your reasons.")
                )
            return redirect("agency_queue")
        except StaleRequestError as error:
            changes = _stale(req, form, error)
        except TransitionError as error:
            form.add_error(None, str(error))
    return render(
        request,
        "certify/workspace/accept.html",
        {
            "req": req,
            "form": form,
            "errors": error_list(form, non_field_anchor="main"),
            "changes": changes,
        },
    )


def _int(value: str | None) -> int | None:
    try:
        return int(value) if value is not None else None
    except ValueError:
        return None


@never_cache
@checked_inside("certify.assign_request")
def assign(request: SignedInRequest, reference: str) -> HttpResponse:
    req = _load(request, reference, "certify.assign_request")
    agency = _agency(req)
    proposed = next_official(agency)
    form = wforms.AssignForm(
        request.POST or None,
        agency=agency,
        initial={
            "version": req.version,
            "seen_event": _latest_event_id(req),
            "official": req.assigned_official or proposed,
        },
    )
    changes = None
    if request.method == "POST" and form.is_valid():
        try:
            review.assign_request(
                req,
                actor=request.user,
                official=form.cleaned_data["official"],
                expected_version=form.cleaned_data["version"],
                http_request=request,
            )
            messages.success(
                request,
                _("The request is assigned to %(name)s.")
                % {"name": form.cleaned_data["official"].user.get_full_name()},
            )
            return redirect("request_detail", reference=req.reference)
        except StaleRequestError as error:
            changes = _stale(req, form, error)
        except TransitionError as error:
            form.add_error(None, str(error))
    return render(
        request,
        "certify/workspace/assign.html",
        {
            "req": req,
            "form": form,
            "errors": error_list(form, non_field_anchor="main"),
            "changes": changes,
            "proposed": proposed,
        },
    )


def _stale(
    req: CertificationRequest, form: wforms.VersionedForm, error: StaleRequestError
) -> list[RequestEvent]:
    """Keep what the person entered, move the form to the current version, and say what
    changed, so submitting again is a deliberate choice made with the news in view."""
    req.refresh_from_db()
    changes = _changes_since(req, form.cleaned_data.get("seen_event"))
    data = _with_version(form.data, req.version)
    data["seen_event"] = str(_latest_event_id(req))
    form.data = data
    form.add_error(None, str(error))
    return changes


@require_POST
@checked_inside("certify.decide_request")
def begin_review(request: SignedInRequest, reference: str) -> HttpResponse:
    req = _load(request, reference, "certify.decide_request")
    try:
        review.start_review(
            req,
            actor=request.user,
            expected_version=_int(request.POST.get("version")),
            http_request=request,
        )
    except TransitionError as error:
        messages.error(request, str(error))
    return redirect("workspace_complete", reference=req.reference)


# --- completing the agency's parts ----------------------------------------------------------


def _presumption(req: CertificationRequest) -> DeadlineRule | None:
    return _duties(req).presumption


@never_cache
@checked_inside("certify.complete_request")
def complete(request: SignedInRequest, reference: str) -> HttpResponse:
    """The task list: each part with its blank required items, and the way to the PDF."""
    req = _load(request, reference, "certify.complete_request")
    edition = answers.edition_for(req)
    done = review.completion_for(req)
    blanks = review.blank_items(req, done)
    blank_rows = []
    for item in blanks:
        question = parts.question_for_key(edition, item.key)
        blank_rows.append({"item": item, "question": question})
    task_list = [
        {
            "part": number,
            "title": edition.parts[number],
            "blank": sum(1 for b in blanks if b.part == number),
        }
        for number in parts.agency_parts(edition)
    ]
    unprintable = [
        _unprintable_message(problem)
        for problem in undrawable_items(edition, review.merged_answers(req, done))
    ]
    return render(
        request,
        "certify/workspace/complete.html",
        {
            "req": req,
            "edition": edition,
            "tasks": task_list,
            "blank_rows": blank_rows,
            "unprintable": unprintable,
            "edition_notice": _edition_notice(req),
            "completion": done,
            "can_decide": request.user.has_perm("certify.decide_request", req),
            "decidable": req.status in DECIDABLE_STATUSES,
        },
    )


@never_cache
@checked_inside("certify.complete_request")
def complete_part(request: SignedInRequest, reference: str, part: int) -> HttpResponse:
    req = _load(request, reference, "certify.complete_request")
    edition = answers.edition_for(req)
    if part not in parts.agency_parts(edition):
        raise Http404
    if not req.is_open:
        messages.info(request, _("This request is decided; the agency's answers are closed."))
        return redirect("workspace_complete", reference=req.reference)
    done = review.completion_for(req)
    form_questions = parts.questions(edition, part)
    initial = completion.initial_for(form_questions, review.merged_answers(req, done))
    initial["version"] = done.version
    conflict = None
    if request.method == "POST":
        form = completion.PartForm(request.POST, edition=edition, part=part, initial=initial)
        form.is_valid()
        version = form.cleaned_data.get("version")
        if version is None:
            form.add_error(None, _("The page was incomplete. Reload it and try again."))
        else:
            try:
                review.save_completion(
                    req,
                    actor=request.user,
                    answers=form.answers(),
                    expected_version=version,
                    http_request=request,
                )
                if not form.errors:
                    messages.success(request, _("Saved."))
                    if "next" in request.POST:
                        following = [p for p in parts.agency_parts(edition) if p > part]
                        if following:
                            return redirect(
                                "workspace_complete_part",
                                reference=req.reference,
                                part=following[0],
                            )
                        return redirect("workspace_complete", reference=req.reference)
                    return redirect("workspace_complete_part", reference=req.reference, part=part)
                # Valid answers were saved; the page comes back with the invalid ones marked.
                done.refresh_from_db()
                form.data = _with_version(form.data, done.version)
            except review.CompletionConflict as clash:
                conflict = _completion_diff(form, clash.completion, edition, req)
                form.data = _with_version(form.data, clash.completion.version)
                form.add_error(
                    None,
                    _(
                        "%(name)s saved this part while you were working on it. Your answers "
                        "are below, not saved yet: check the differences and save again."
                    )
                    % {"name": _who(clash.completion.updated_by)},
                )
    else:
        form = completion.PartForm(edition=edition, part=part, initial=initial)
    presumption = _presumption(req) if part == 4 else None
    return render(
        request,
        "certify/workspace/complete_part.html",
        {
            "req": req,
            "edition": edition,
            "part": part,
            "part_title": edition.parts[part],
            "form": form,
            "errors": error_list(form, non_field_anchor="main"),
            "conflict": conflict,
            "presumption": presumption,
            "request_answers": _request_answers_for(req, part),
            "is_last": part == parts.agency_parts(edition)[-1],
        },
    )


def _who(user: User | None) -> str:
    if user is None:
        return _("Someone")
    return user.get_full_name() or user.email


def _with_version(data: Mapping[str, Any], version: int) -> QueryDict:
    """A copy of the submitted data, moved to the request's current `version`."""
    copied = QueryDict(mutable=True)
    copied.update(data)
    copied["version"] = str(version)
    return copied


def _completion_diff(
    form: completion.PartForm,
    stored: AgencyCompletion,
    edition: Edition,
    req: CertificationRequest,
) -> list[dict[str, object]]:
    """Fields where the saved answer (someone else's) differs from what this person sent."""
    theirs = answers.official_answers(req, stored.answers)
    mine = form.answers()
    rows: list[dict[str, object]] = []
    for question in form.questions:
        their_value: object
        my_value: object
        if question.kind == "checklist":
            their_value = {k: theirs.get(k) is True for k in question.keys}
            my_value = {k: mine.get(k) is True for k in question.keys}
        else:
            key = question.keys[0]
            raw = completion.initial_for([question], theirs).get(question.name)
            their_value = raw.isoformat() if isinstance(raw, date) else (raw or "")
            my_value = mine.get(key, "")
        if their_value != my_value:
            rows.append(
                {
                    "question": question,
                    "theirs": parts.display_value(question, their_value),
                    "mine": parts.display_value(question, my_value),
                }
            )
    return rows


def _us_dates(days: list[date]) -> str:
    return ", ".join(date_format(day, "DATE_FORMAT") for day in days)


def _name_text(value: object) -> str:
    family, given, middle = answers.name_parts(value)
    return " ".join(p for p in (given, middle, family) if p)


def _member(member: FamilyMember) -> dict[str, Any]:
    return {
        "name": member.display_name,
        "relationship": member.get_relationship_display(),
        "date_of_birth": member.date_of_birth,
        "involvement": member.involvement,
    }


def what_was_said(req: CertificationRequest) -> dict[str, Any]:
    """The request's answers as the reader reads them: labels in the reader's language, dates
    written out, family members only where there are some."""
    channels = dict(ContactForm.CHANNELS)
    trafficking = dict(CertificationRequest.TraffickingType.choices)
    cooperation = dict(CertificationRequest.Cooperation.choices)
    members = list(req.family_members.all())
    language = req.narrative_language or _("a language other than English")
    return {
        "other_names": [_name_text(n) for n in answers.other_names_given(req)],
        "native_name": req.native_victim_name,
        "gender": req.gender_label,
        "crime_dates": _us_dates(req.crime_days),
        "place": ", ".join(
            p
            for p in (
                req.crime_city,
                req.crime_county and _("%(county)s County") % {"county": req.crime_county},
                dict(US_STATES).get(req.crime_state, req.crime_state),
            )
            if p
        ),
        "trafficking": [trafficking.get(k, k) for k in req.trafficking_types or []],
        "helped_ways": answers.helped_ways_in_words(req),
        "cooperation": cooperation.get(req.cooperation, ""),
        "safe_channels": [channels.get(c, c) for c in req.safe_channels or []],
        "harmed": [_member(m) for m in members if m.harmed],
        "implicated": [_member(m) for m in members if m.implicated],
        "listed": [_member(m) for m in members if not (m.harmed or m.implicated)],
        "not_english": req.narrative_in_english is False,
        "documents_not_english": req.documents_in_english is False,
        "language": language,
    }


def _request_answers_for(req: CertificationRequest, part: int) -> list[tuple[str, str]]:
    """What the requester said, shown beside the part the official completes from it."""
    said = what_was_said(req)
    rows = []
    if said["not_english"] and part in (3, 4):
        rows.append(
            (
                _("Language"),
                _(
                    "The requester wrote in %(language)s. Write the supplement's answers in "
                    "English; their words are not copied onto the form."
                )
                % {"language": said["language"]},
            )
        )
    if part == 3:
        if req.form == CertificationRequest.Form.T:
            named = "; ".join(str(t) for t in said["trafficking"])
            rows.append((_("Forms of trafficking named by the requester"), named or "—"))
        else:
            named = ", ".join(a.name for a in req.activities.all())
            rows.append((_("Qualifying activities named by the requester"), named or "—"))
        return [
            *rows,
            (_("Dates of the crime"), said["crime_dates"] or "—"),
            (_("Where it happened"), said["place"] or "—"),
            (_("What happened"), req.narrative or "—"),
            (_("Injuries"), req.injuries or "—"),
            (_("Similar activity"), req.similar_activity or "—"),
        ]
    if part == 4:
        rows.append((_("How the victim has helped"), said["helped_ways"] or "—"))
        if req.form == CertificationRequest.Form.T:
            rows.append((_("Cooperation with reasonable requests"), said["cooperation"] or "—"))
            rows.append((_("In the requester's words"), req.cooperation_details or "—"))
        return [
            *rows,
            (_("Helpfulness details"), req.helpfulness_details or "—"),
            (_("Requests the victim could not meet, and why"), req.unmet_request or "—"),
        ]
    if part == 5:

        def line(m: dict[str, Any]) -> str:
            text = f"{m['name']} ({m['relationship']})"
            return f"{text}: {m['involvement']}" if m["involvement"] else text

        return [
            (
                _("Family members the requester says took part in the crime"),
                "\n".join(line(m) for m in said["implicated"]) or _("None"),
            ),
            (
                _("Family members harmed (indirect victims; not for this part)"),
                "\n".join(line(m) for m in said["harmed"]) or _("None"),
            ),
        ]
    return []


# --- the official's copy and signing --------------------------------------------------------


@require_POST
@checked_inside("certify.decide_request")
def official_copy(request: SignedInRequest, reference: str) -> HttpResponse:
    req = _load(request, reference, "certify.decide_request")
    try:
        filled = decisions.prepare_official_copy(req, actor=request.user, http_request=request)
    except review.BlankItemsError:
        messages.error(request, _("Fill in the blank items before printing the supplement."))
        return redirect("workspace_complete", reference=req.reference)
    except supplement.CopyRefused as refused:
        messages.error(request, refused.message)
        return redirect("workspace_complete", reference=req.reference)
    except supplement.UndrawableText as refused:
        messages.error(request, _unprintable_message(refused))
        return redirect("workspace_complete", reference=req.reference)
    response = HttpResponse(filled.data, content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="{req.reference}-for-signature.pdf"'
    response["X-Content-Type-Options"] = "nosniff"
    return response


def _unprintable_message(refused: supplement.UndrawableText) -> str:
    return _(
        "%(where)s contains characters the form cannot print (%(characters)s). Write the "
        "answer in English, or a name in Latin letters as on the victim's documents."
    ) % {"where": refused.where, "characters": refused.characters}


class DecisionView(View, Generic[F]):
    """One page for one decision: sign in ink, sign electronically, deny, or withdraw.

    A GET shows the form while the request can still take the decision (`move`, a lifecycle
    move) and otherwise sends the person back to the request. Only a GET is turned away: a POST
    goes on to the lifecycle, whose StaleRequestError lets the page say what changed and keep
    what was typed. Subclasses name the form, the template and the messages, and `act` calls the
    workflows action."""

    http_method_names = ["get", "head", "post"]
    request: SignedInRequest
    permission = "certify.decide_request"
    move: str
    form_class: type[F]
    template_name: str
    success_message: StrOrPromise
    # Shown when the action finds blank required items in the agency's parts.
    blank_message: StrOrPromise = ""

    def act(self, req: CertificationRequest, form: F) -> None:
        raise NotImplementedError

    def check_page(self, req: CertificationRequest) -> None:
        """Raise Http404 where the agency does not offer this page at all."""

    def closed_message(self, req: CertificationRequest) -> str:
        """What to say when a GET finds the decision no longer open; nothing by default."""
        return ""

    def extra_context(self, req: CertificationRequest) -> dict[str, object]:
        return {}

    def get(self, request: SignedInRequest, reference: str) -> HttpResponse:
        return self._page(request, reference)

    def post(self, request: SignedInRequest, reference: str) -> HttpResponse:
        return self._page(request, reference)

    def _page(self, request: SignedInRequest, reference: str) -> HttpResponse:
        req = _load(request, reference, self.permission)
        self.check_page(req)
        if request.method in ("GET", "HEAD") and req.status not in MOVES[self.move].source:
            closed = self.closed_message(req)
            if closed:
                messages.error(request, closed)
            return redirect("request_detail", reference=req.reference)
        form = self.form_class(
            request.POST or None,
            request.FILES or None,
            initial={"version": req.version, "seen_event": _latest_event_id(req)},
        )
        changes = None
        if request.method == "POST" and form.is_valid():
            try:
                self.act(req, form)
            except StaleRequestError as error:
                changes = _stale(req, form, error)
            except review.BlankItemsError:
                form.add_error(None, self.blank_message)
            except supplement.CopyRefused as refused:
                form.add_error(None, refused.message)
            except supplement.UndrawableText as refused:
                form.add_error(None, _unprintable_message(refused))
            except ValidationError as error:
                if hasattr(error, "error_dict"):
                    for field, field_errors in error.message_dict.items():
                        form.add_error(field, field_errors)
                else:
                    form.add_error(None, error.messages[0])
            except TransitionError as error:
                form.add_error(None, str(error))
            else:
                messages.success(request, str(self.success_message))
                return redirect("request_detail", reference=req.reference)
        context: dict[str, object] = {
            "req": req,
            "form": form,
            "errors": error_list(form, non_field_anchor="main"),
            "changes": changes,
        }
        return render(request, self.template_name, context | self.extra_context(req))


def _decision_view(view: type[DecisionView[Any]]) -> GuardedView[[str]]:
    """The decorators every decision page has: not cached, signed in, recently authenticated."""
    return never_cache(
        checked_inside(view.permission)(require_recent_authentication()(view.as_view()))
    )


class SignInInkView(DecisionView[wforms.InkSignatureForm]):
    move = "certify"
    form_class = wforms.InkSignatureForm
    template_name = "certify/workspace/sign.html"
    success_message = gettext_lazy("The signed supplement is recorded. The requester is told.")
    blank_message = gettext_lazy("Fill in the blank items before recording the signature.")

    def closed_message(self, req: CertificationRequest) -> str:
        return _("This request cannot be signed now: it is %(status)s.") % {
            "status": req.get_status_display()
        }

    def act(self, req: CertificationRequest, form: wforms.InkSignatureForm) -> None:
        decisions.sign_in_ink(
            req,
            actor=self.request.user,
            scan=form.scan_content,
            original_name=form.scan_name,
            signature_date=form.cleaned_data["signature_date"],
            expected_version=form.cleaned_data["version"],
            http_request=self.request,
        )

    def extra_context(self, req: CertificationRequest) -> dict[str, object]:
        return {"blanks": review.blank_items(req), "edition_notice": _edition_notice(req)}


class SignElectronicallyView(DecisionView[wforms.ElectronicSignatureForm]):
    move = "certify"
    form_class = wforms.ElectronicSignatureForm
    template_name = "certify/workspace/sign_electronic.html"
    success_message = gettext_lazy(
        "The supplement is signed electronically. The requester is told."
    )
    blank_message = gettext_lazy("Fill in the blank items before signing.")

    def check_page(self, req: CertificationRequest) -> None:
        if not _agency(req).electronic_signature_allowed:
            raise Http404

    def act(self, req: CertificationRequest, form: wforms.ElectronicSignatureForm) -> None:
        decisions.sign_electronically(
            req,
            actor=self.request.user,
            password=form.cleaned_data["password"],
            typed_name=form.cleaned_data["typed_name"],
            expected_version=form.cleaned_data["version"],
            http_request=self.request,
        )

    def extra_context(self, req: CertificationRequest) -> dict[str, object]:
        return {"blanks": review.blank_items(req), "edition_notice": _edition_notice(req)}


class DenyView(DecisionView[wforms.DenyForm]):
    move = "deny"
    form_class = wforms.DenyForm
    template_name = "certify/workspace/deny.html"
    success_message = gettext_lazy(
        "The request is denied and the letter is issued. The requester is told."
    )

    def act(self, req: CertificationRequest, form: wforms.DenyForm) -> None:
        decisions.deny_request(
            req,
            actor=self.request.user,
            reason=form.cleaned_data["reason"],
            explanation=form.cleaned_data["explanation"],
            expected_version=form.cleaned_data["version"],
            http_request=self.request,
        )

    def extra_context(self, req: CertificationRequest) -> dict[str, object]:
        return {"duties": _duties(req)}


class WithdrawView(DecisionView[wforms.WithdrawForm]):
    permission = "certify.withdraw_certification"
    move = "withdraw_certification"
    form_class = wforms.WithdrawForm
    template_name = "certify/workspace/withdraw.html"
    success_message = gettext_lazy("The certification is withdrawn and the letter is issued.")

    def act(self, req: CertificationRequest, form: wforms.WithdrawForm) -> None:
        decisions.withdraw_certification(
            req,
            actor=self.request.user,
            reason=form.cleaned_data["reason"],
            expected_version=form.cleaned_data["version"],
            http_request=self.request,
        )


sign = _decision_view(SignInInkView)
sign_electronic = _decision_view(SignElectronicallyView)
deny = _decision_view(DenyView)
withdraw = _decision_view(WithdrawView)


# --- the thread and reconsideration (both sides) --------------------------------------------


@never_cache
@checked_inside("certify.message_request")
def post_message(request: SignedInRequest, reference: str) -> HttpResponse:
    req = _load(request, reference, "certify.message_request")
    if request.method != "POST":
        return redirect(reverse("request_detail", args=[req.reference]) + "#messages")
    form = wforms.MessageForm(request.POST, request.FILES)
    if form.is_valid() and _send(request, req, form, asks_for_information=False):
        messages.success(request, _("Your message is sent."))
        return redirect(reverse("request_detail", args=[req.reference]) + "#messages")
    return render(
        request,
        "certify/workspace/message.html",
        {
            "req": req,
            "form": form,
            "errors": error_list(form, non_field_anchor="main"),
            "thread": req.messages.select_related("author").prefetch_related("attachments"),
        },
    )


@never_cache
@checked_inside("certify.message_request")
def ask_for_information(request: SignedInRequest, reference: str) -> HttpResponse:
    """The agency asks the requester for something; the request waits for their answer."""
    req = _load(request, reference, "certify.message_request")
    if not messaging.is_agency_side(request.user, req):
        raise Http404
    if "request_info" not in allowed_moves(request.user, req):
        messages.error(request, _("Information can be asked for while the request is in review."))
        return redirect("request_detail", reference=req.reference)
    form = wforms.InformationRequestForm(
        request.POST or None, request.FILES or None, initial={"version": req.version}
    )
    if request.method == "POST" and form.is_valid() and _send(request, req, form):
        messages.success(request, _("The requester is asked. The request waits for their answer."))
        return redirect(reverse("request_detail", args=[req.reference]) + "#messages")
    return render(
        request,
        "certify/workspace/ask.html",
        {"req": req, "form": form, "errors": error_list(form, non_field_anchor="main")},
    )


def _send(
    request: SignedInRequest,
    req: CertificationRequest,
    form: wforms.MessageForm,
    *,
    asks_for_information: bool = True,
) -> bool:
    """Post the valid `form`'s message; on a refusal, say why on the form, which keeps the
    text, and answer False."""
    attachment = None
    if form.attachment_content is not None:
        attachment = messaging.Attachment(form.attachment_content, form.attachment_name)
    try:
        messaging.post_message(
            req,
            actor=request.user,
            body=form.cleaned_data["body"],
            attachment=attachment,
            asks_for_information=asks_for_information,
            expected_version=form.cleaned_data.get("version"),
            http_request=request,
        )
    except StaleRequestError as error:
        req.refresh_from_db()
        form.data = _with_version(form.data, req.version)
        form.add_error(
            None, str(error) + " " + _("Your message is below: send it again if it still applies.")
        )
        return False
    except (TransitionError, ValidationError) as error:
        form.add_error(None, error.messages[0] if hasattr(error, "messages") else str(error))
        return False
    return True


@never_cache
@checked_inside("certify.ask_reconsideration")
def reconsideration(request: SignedInRequest, reference: str) -> HttpResponse:
    req = _load(request, reference, "certify.ask_reconsideration")
    if req.status != Status.DENIED:
        return redirect("request_detail", reference=req.reference)
    form = wforms.ReconsiderationForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            decisions.ask_reconsideration(
                req, actor=request.user, note=form.cleaned_data["note"], http_request=request
            )
            messages.success(request, _("The agency is asked to look at the request again."))
            return redirect("request_detail", reference=req.reference)
        except TransitionError as error:
            form.add_error(None, str(error))
    return render(
        request,
        "certify/workspace/reconsideration.html",
        {
            "req": req,
            "form": form,
            "errors": error_list(form, non_field_anchor="main"),
            "duties": _duties(req),
        },
    )


# --- facts and responses the law allows -----------------------------------------------------


@require_POST
@checked_inside("certify.complete_request")
def first_encounter(request, reference: str):
    """The agency records when it first encountered the victim, where a law counts from it."""
    req = _load(request, reference, "certify.complete_request")
    form = wforms.FirstEncounterForm(request.POST)
    if not form.is_valid():
        for message in form.errors.get("first_encounter_on", []):
            messages.error(request, str(message))
        return redirect("request_detail", reference=req.reference)
    try:
        decisions.record_first_encounter(
            req,
            actor=request.user,
            on=form.cleaned_data["first_encounter_on"],
            expected_version=form.cleaned_data["version"],
            http_request=request,
        )
    except (TransitionError, ValidationError) as error:
        messages.error(request, " ".join(getattr(error, "messages", [str(error)])))
    else:
        messages.success(request, _("The first encounter is recorded."))
    return redirect("request_detail", reference=req.reference)


@never_cache
@checked_inside("certify.decide_request")
def delay_notice(request, reference: str):
    """Explain a delay in writing, with a projected date, where the law accepts it in time."""
    req = _load(request, reference, "certify.decide_request")
    duties = _duties(req)
    if not duties.delay_notice_law:
        raise Http404
    form = wforms.DelayNoticeForm(
        request.POST or None,
        initial={"version": req.version, "seen_event": _latest_event_id(req)},
    )
    if request.method == "POST" and form.is_valid():
        try:
            decisions.send_delay_notice(
                req,
                actor=request.user,
                explanation=form.cleaned_data["explanation"],
                projected_on=form.cleaned_data["projected_on"],
                expected_version=form.cleaned_data["version"],
                http_request=request,
            )
        except StaleRequestError as error:
            form.add_error(None, str(error))
        except (TransitionError, ValidationError) as error:
            form.add_error(None, " ".join(getattr(error, "messages", [str(error)])))
        else:
            messages.success(
                request, _("The delay is explained and the requester is told. The clock stops.")
            )
            return redirect("request_detail", reference=req.reference)
    return render(
        request,
        "certify/workspace/delay_notice.html",
        {
            "req": req,
            "form": form,
            "errors": error_list(form, non_field_anchor="main"),
            "duties": duties,
            "clock": clock_for(req, duties=duties),
        },
    )
