"""The request wizard and its companions: resume, copy, confirmation, sign-up.

One URL per step (NamedUrlSessionWizardView: a GET shows a step from the session without
resetting it). The session is database-backed and encrypted (certify.sessions); for a signed-in
person every valid step is also saved as a draft, so the answers survive the session and move
to any device. Nothing personal ever goes in a URL.
"""

from __future__ import annotations

from datetime import date
from typing import Any
from urllib.parse import urlencode

from django import forms as django_forms
from django.conf import settings
from django.contrib import messages
from django.contrib.auth import get_user_model, login
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import SuspiciousOperation, ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.core.mail import send_mail
from django.db import transaction
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseBase
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.datastructures import MultiValueDict
from django.utils.encoding import force_bytes, force_str
from django.utils.formats import date_format
from django.utils.http import (
    url_has_allowed_host_and_scheme,
    urlsafe_base64_decode,
    urlsafe_base64_encode,
)
from django.utils.translation import get_language, gettext_lazy
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.debug import sensitive_post_parameters
from django.views.decorators.http import require_POST
from formtools.wizard.forms import ManagementForm
from formtools.wizard.storage.session import SessionStorage
from formtools.wizard.views import NamedUrlSessionWizardView, WizardView
from phonenumber_field.phonenumber import PhoneNumber

from certify.records import boxes, policy, selectors
from certify.records.models import Agency, CertificationRequest, User
from certify.records.temp_uploads import TempUploadStorage
from certify.site.access import SignedInRequest, checked_inside, public, requires
from certify.site.accounts.ratelimit import over_budget, rate_limited
from certify.site.formerrors import anchor_for, error_list
from certify.site.rendering import RENDERER
from certify.site.wizard.forms import (
    UPLOAD_KINDS,
    ActivitiesForm,
    AgencyForm,
    CheckForm,
    ContactForm,
    CrimeForm,
    DocumentsForm,
    ExpediteForm,
    FamilyForm,
    HelpfulnessForm,
    StartForm,
    StoryForm,
    VictimForm,
    WhichForm,
)
from workflows import accounts, drafts
from workflows.clock import clock_for
from workflows.deadlines import birthday, duties_for, duties_for_agency
from workflows.lifecycle import TransitionError

PREFIX = "certify_request"
SENT_KEY = "certify_wizard_sent"
NEXT_KEY = "certify_wizard_next"
# Answers in Latin letters and digits, kept left to right in Arabic: "(202) 555-0143" would
# otherwise read "555-0143 (202)".
LEFT_TO_RIGHT_ANSWERS = {"safe_phone", "safe_email", "a_number", "case_number"}

# Pages of answers sent per hour. An address (anonymous visitors): generous enough for an
# advocates' office filing from one address, while a script posting in a loop is stopped. A
# signed-in person is counted on their own, with room for a long day of requests.
ANONYMOUS_BUDGET = (300, 3600)
SIGNED_IN_BUDGET = (2000, 3600)

STEPS = [
    ("start", StartForm),
    ("which", WhichForm),
    ("victim", VictimForm),
    ("contact", ContactForm),
    ("crime", CrimeForm),
    ("activities", ActivitiesForm),
    ("agency", AgencyForm),
    ("story", StoryForm),
    ("helpfulness", HelpfulnessForm),
    ("family", FamilyForm),
    ("expedite", ExpediteForm),
    ("documents", DocumentsForm),
    ("check", CheckForm),
]

STEP_TITLES = {
    "start": gettext_lazy("Before you start"),
    "which": gettext_lazy("Which certification fits?"),
    "victim": gettext_lazy("About the victim"),
    "contact": gettext_lazy("A safe way to make contact"),
    "crime": gettext_lazy("When and where the crime happened"),
    "activities": gettext_lazy("What kind of crime it was"),
    "agency": gettext_lazy("The agency"),
    "story": gettext_lazy("What happened"),
    "helpfulness": gettext_lazy("How the victim has helped"),
    "family": gettext_lazy("Family members"),
    "expedite": gettext_lazy("Is the request urgent?"),
    "documents": gettext_lazy("Documents"),
    "check": gettext_lazy("Check your answers"),
}


T_STEP_TITLES = {
    "activities": gettext_lazy("What the trafficking involved"),
    "helpfulness": gettext_lazy("How the victim has helped law enforcement"),
}


def step_title(step: str, form: str | None) -> str:
    if form == "T" and step in T_STEP_TITLES:
        return str(T_STEP_TITLES[step])
    return str(STEP_TITLES[step])


def overflows(form: str, field: str, value: object) -> bool:
    """Whether an answer is longer than its box on the supplement (the edition's field map)."""
    box = boxes.box_for(form, field)
    return box is not None and isinstance(value, str) and box.overflows(value)


def box_note(box: boxes.Box) -> str:
    return _(
        "About %(chars)d characters fit in the box on the federal form. Anything longer will "
        "continue in Part 7, Additional Information."
    ) % {"chars": box.chars}


def _raw(wizard: RequestWizard, step: str, field: str) -> str:
    data = wizard.storage.get_step_data(step)
    return str(data.get(f"{step}-{field}") or "") if data else ""


def _raw_date(wizard, step: str, field: str) -> date | None:
    parts = [_raw(wizard, step, f"{field}_{part}") for part in ("year", "month", "day")]
    if not all(p.strip().isdigit() for p in parts):
        return None
    try:
        return date(*(int(p) for p in parts))
    except ValueError:
        return None


def needs_which(wizard) -> bool:
    # Raw storage only: get_cleaned_data_for_step inside a condition recurses.
    return _raw(wizard, "start", "form") not in ("U", "T")


def chosen_form(wizard: RequestWizard) -> str | None:
    first = _raw(wizard, "start", "form")
    if first in ("U", "T"):
        return first
    second = _raw(wizard, "which", "form")
    return second if second in ("U", "T") else None


def is_u(wizard: RequestWizard) -> bool:
    return chosen_form(wizard) == "U"


def _display(value: Any, field: django_forms.Field) -> str:
    if isinstance(field, django_forms.BooleanField):
        return _("Yes") if value else _("No")
    if value in (None, "", [], ()):
        return ""
    if isinstance(value, date):
        return date_format(value, "DATE_FORMAT")
    if isinstance(value, Agency):
        return value.name
    if isinstance(value, PhoneNumber):
        return str(value.as_national if value.country_code == 1 else value.as_international)
    if isinstance(field, django_forms.ModelMultipleChoiceField):
        return ", ".join(str(field.label_from_instance(item)) for item in value)
    if isinstance(field, django_forms.ChoiceField):
        # The widget holds the field's normalised choices; the wizard has no option groups.
        labels = {str(k): v for k, v in field.widget.choices}
        if isinstance(value, list | tuple):
            return ", ".join(str(labels.get(str(v), v)) for v in value)
        return str(labels.get(str(value), value))
    return str(value)


# formtools ships no type information: its wizard view is Any, which strict checks refuse
# to subclass.
class RequestWizard(NamedUrlSessionWizardView):  # type: ignore[misc, unused-ignore]
    form_list = STEPS
    condition_dict = {"which": needs_which, "family": is_u}
    file_storage = TempUploadStorage()

    def get_prefix(self, request: HttpRequest, *args: Any, **kwargs: Any) -> str:
        return PREFIX

    def get_template_names(self) -> list[str]:
        return [f"certify/wizard/step_{self.steps.current}.html", "certify/wizard/step.html"]

    # --- the draft behind this session -------------------------------------------------

    def _draft(self, *, whole: bool = False) -> CertificationRequest | None:
        """The draft behind this session: the columns a step reads and writes (none of the
        encrypted answers), or the whole row to submit it."""
        pk = self.storage.extra_data.get("draft")
        user = self.request.user
        if not pk or not user.is_authenticated:
            return None
        drafts_ = CertificationRequest.objects.filter(pk=pk, status="draft")
        if not whole:
            drafts_ = drafts_.only(*drafts.STEP_COLUMNS)
        draft = drafts_.first()
        if draft is None or not user.has_perm("certify.edit_draft", draft):
            return None
        return draft

    def _clear_caches(self) -> None:
        for name in ("_resolved_form_list", "_cache_signature"):
            self.__dict__.pop(name, None)

    def _step_files(self, step: str) -> dict[str, dict[str, Any]]:
        files: dict[str, dict[str, Any]] = self.storage.data[self.storage.step_files_key].get(
            step, {}
        )
        return files

    def _forget_temp_file(self, field: str) -> None:
        info = self._step_files("documents").pop(field, None)
        self.storage._files.pop(("documents", field), None)
        if info:
            self.file_storage.delete(info["tmp_name"])

    def _absorb_uploads(self, draft: CertificationRequest) -> None:
        """Move uploads from the wizard's temp storage onto the draft (encrypted for good)."""
        for field, info in list(self._step_files("documents").items()):
            with self.file_storage.open(info["tmp_name"]) as handle:
                content = handle.read()
            drafts.attach_upload(
                actor=self.request.user,
                draft=draft,
                kind=UPLOAD_KINDS[field.removeprefix("documents-")],
                content=content,
                name=info["name"],
            )
            self._forget_temp_file(field)

    def _existing_uploads(self) -> list[tuple[str, str]]:
        labels = {
            "police_report": _("Police report"),
            "protective_order": _("Protective order"),
            "other_document": _("Other document"),
        }
        existing = []
        draft = self._draft()
        if draft is not None:
            existing += [
                (f"d{d.pk}", f"{d.get_kind_display()}: {d.original_name}")
                for d in draft.documents.all()
            ]
        existing += [
            (f"f{field}", f"{labels[field.removeprefix('documents-')]}: {info['name']}")
            for field, info in self._step_files("documents").items()
        ]
        return existing

    def _after_valid_step(
        self, form: django_forms.Form, next_step: str
    ) -> CertificationRequest | None:
        step = form.prefix
        if step == "documents":
            self._remove_uploads(form.cleaned_data.get("remove") or [])
        if not self.request.user.is_authenticated:
            return None
        draft = drafts.save_draft(
            actor=self.request.user,
            draft=self._draft(),
            step_data=dict(self.storage.data[self.storage.step_data_key]),
            current_step=next_step,
        )
        self.storage.extra_data = {**self.storage.extra_data, "draft": draft.pk}
        self._absorb_uploads(draft)
        return draft

    def _keep_accepted_uploads(self, form: django_forms.Form) -> django_forms.Form:
        """The documents page came back with an error: the files that passed are kept all
        the same (in the temp storage, or on the draft when signed in), and the page shows
        them as uploaded. Returns the page's form again, holding only the refused files, so
        their errors say which file was refused and why."""
        uploads: dict[str, UploadedFile] = {
            key: upload for key in form.files if isinstance(upload := form.files[key], UploadedFile)
        }
        accepted = {
            key: upload
            for key, upload in uploads.items()
            if key.removeprefix("documents-") in UPLOAD_KINDS
            and key.removeprefix("documents-") not in form.errors
        }
        if not accepted:
            return form
        self.storage.set_step_files("documents", accepted)
        draft = self._draft()
        if draft is not None:
            self._absorb_uploads(draft)
        names = ", ".join(f"“{upload.name}”" for upload in accepted.values())
        messages.success(self.request, _("We kept %(names)s.") % {"names": names})
        refused = {key: upload for key, upload in uploads.items() if key not in accepted}
        for upload in refused.values():
            upload.seek(0)
        return self.get_form(
            data=self.request.POST, files=MultiValueDict({k: [v] for k, v in refused.items()})
        )

    def render(self, form: django_forms.Form | None = None, **kwargs: Any) -> HttpResponseBase:
        if form is not None and form.is_bound and form.prefix == "documents" and form.errors:
            form = self._keep_accepted_uploads(form)
        response: HttpResponseBase = super().render(form, **kwargs)
        return response

    def _remove_uploads(self, keys: list[str]) -> None:
        draft = self._draft()
        for key in keys:
            if key.startswith("d") and key[1:].isdigit() and draft is not None:
                drafts.remove_document(
                    actor=self.request.user, draft=draft, document_id=int(key[1:])
                )
            elif key.startswith("f") and key[1:] in self._step_files("documents"):
                self._forget_temp_file(key[1:])
        # The choice is done: kept in storage it would fail the final revalidation.
        data = self.storage.get_step_data("documents")
        if data is not None:
            data = dict(data.lists())
            data.pop("documents-remove", None)
            self.storage.set_step_data("documents", data)

    # --- navigation ----------------------------------------------------------------------

    def _first_missing(self, before: str) -> str | None:
        step: str
        for step in self.get_form_list():
            if step == before:
                return None
            if self.storage.get_step_data(step) is None:
                return step
        return None

    def _signup_url(self, step: str) -> str:
        return f"{reverse('wizard_signup')}?{urlencode({'next': self.get_step_url(step)})}"

    def get(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
        step: str | None = kwargs.get("step")
        if self.storage.current_step not in self.get_form_list():
            # The step this session was on no longer applies (another tab changed the form).
            self.storage.current_step = self._first_missing("check") or "check"
        if step == self.done_step_name:
            return redirect(self.get_step_url(self.steps.current))
        if step is not None and step in self.get_form_list():
            missing = self._first_missing(step)
            if missing:
                return redirect(self.get_step_url(missing))
        response: HttpResponseBase = super().get(request, *args, **kwargs)
        return response

    def post(self, *args: Any, **kwargs: Any) -> HttpResponseBase:
        management = ManagementForm(self.request.POST, prefix=self.prefix)
        if not management.is_valid():
            raise SuspiciousOperation("ManagementForm data is missing or has been tampered.")
        posted_step = management.cleaned_data["current_step"]
        if posted_step not in self.get_form_list():
            # A page that no longer applies: another tab changed the answers (a T visa has
            # no family page; "which" goes once the first page names the form). Nothing
            # from it is kept; the person goes on where the answers now lead.
            return self._stale_page()
        self.storage.current_step = posted_step
        window = over_budget(
            self.request, "wizard", anonymous=ANONYMOUS_BUDGET, signed_in=SIGNED_IN_BUDGET
        )
        if window is not None:
            return self._too_many(window)
        goto = self.request.POST.get("wizard_goto_step")
        if goto and goto in self.get_form_list():
            # formtools drops what was typed on the page when going back (#284): keep it.
            form = self.get_form(data=self.request.POST, files=self.request.FILES)
            self.storage.set_step_data(self.steps.current, self.process_step(form))
            if form.is_valid():
                self.storage.set_step_files(self.steps.current, self.process_step_files(form))
                self._after_valid_step(form, next_step=goto)
            self._clear_caches()
            goto_response: HttpResponseBase = self.render_goto_step(goto)
            return goto_response
        if self.steps.current == "check" and not self.request.user.is_authenticated:
            self.request.session[NEXT_KEY] = self.get_step_url("check")
            return redirect(self._signup_url("check"))
        if "save_later" in self.request.POST:
            return self._save_for_later()
        response: HttpResponseBase = super().post(*args, **kwargs)
        return response

    def _too_many(self, window: int) -> HttpResponseBase:
        """Over the budget: the same page again with what was typed in it, nothing saved and
        nothing lost (what was saved before stays), and when to send it again."""
        messages.error(
            self.request,
            _(
                "This page was sent too often in a short time, so we did not save it yet. "
                "Your answers are still on this page: wait %(minutes)d minutes, then send it "
                "again. Files you chose must be chosen again."
            )
            % {"minutes": max(1, window // 60)},
        )
        form = self.get_form(data=self.request.POST)
        response: HttpResponseBase = self.render(form)
        response.status_code = 429
        response["Retry-After"] = str(window)
        return response

    def _stale_page(self) -> HttpResponseBase:
        self._clear_caches()
        target = self._first_missing("check") or "check"
        self.storage.current_step = target
        messages.info(
            self.request,
            _(
                "That page no longer applies: the answers changed, perhaps in another window. "
                "Check this page and go on from here."
            ),
        )
        return redirect(self.get_step_url(target))

    def _save_for_later(self) -> HttpResponseBase:
        form = self.get_form(data=self.request.POST, files=self.request.FILES)
        if not form.is_valid():
            page: HttpResponseBase = self.render(form)
            return page
        step = self.steps.current
        self.storage.set_step_data(step, self.process_step(form))
        self.storage.set_step_files(step, self.process_step_files(form))
        self._clear_caches()
        if not self.request.user.is_authenticated:
            self.request.session[NEXT_KEY] = self.get_step_url(step)
            messages.info(
                self.request,
                _(
                    "Create an account to save your answers. Your answers stay in this browser "
                    "until then."
                ),
            )
            return redirect(self._signup_url(step))
        draft = self._after_valid_step(form, next_step=step)
        assert draft is not None  # signed in: every valid step is saved as a draft
        messages.success(
            self.request,
            _(
                "Your answers are saved as draft %(reference)s. Continue it from “Requests” "
                "before %(date)s, on any device."
            )
            % {
                "reference": draft.reference,
                "date": date_format(drafts.expires_on(draft), "DATE_FORMAT"),
            },
        )
        return redirect("request_list")

    def _next_target(self) -> str:
        if self.request.POST.get("return_to") == "check":
            return self._first_missing("check") or "check"
        return str(self.get_next_step())

    def render_next_step(self, form: django_forms.Form, **kwargs: Any) -> HttpResponseBase:
        target = self._next_target()
        self._after_valid_step(form, next_step=target)
        self.storage.current_step = target
        return redirect(self.get_step_url(target))

    def render_done(self, form: django_forms.Form, **kwargs: Any) -> HttpResponseBase:
        # Finish on the POST of the last step; formtools' named-URL version would redirect to
        # a GET "done" URL that submits without CSRF protection.
        duplicates = [] if self.request.POST.get("duplicate_ok") else self._duplicates()
        if duplicates:
            # A warning, not a refusal: the same page again, with the requests it repeats and
            # a box to send it all the same.
            return self.render(form, duplicates=duplicates)
        response: HttpResponseBase = WizardView.render_done(self, form, **kwargs)
        return response

    def _duplicates(self) -> list[str]:
        """The person's requests already sent for this client to this agency."""
        user = self.request.user
        agency = (self.get_cleaned_data_for_step("agency") or {}).get("agency")
        victim = self.get_form(
            step="victim",
            data=self.storage.get_step_data("victim"),
            files=self.storage.get_step_files("victim"),
        )
        if not isinstance(user, User) or agency is None or not victim.is_valid():
            return []
        names = victim.names()
        draft = self._draft()
        return selectors.same_client_requests(
            user=user,
            family_name=names["family_name"],
            given_name=names["given_name"],
            agency_id=agency.pk,
            exclude_pk=draft.pk if draft else None,
        )

    def done(
        self,
        form_list: list[django_forms.Form],
        form_dict: dict[str, django_forms.Form] | None = None,
        **kwargs: Any,
    ) -> HttpResponseBase:
        user = self.request.user
        try:
            with transaction.atomic():
                draft = self._draft(whole=True) or drafts.save_draft(
                    actor=user,
                    draft=None,
                    step_data=dict(self.storage.data[self.storage.step_data_key]),
                    current_step="check",
                )
                self._absorb_uploads(draft)
                req = drafts.submit(actor=user, draft=draft, forms=form_dict or {})
        except TransitionError as error:
            messages.error(self.request, str(error))
            return redirect(self.get_step_url("check"))
        self.request.session[SENT_KEY] = req.reference
        return redirect("wizard_sent")

    # --- forms and pages -----------------------------------------------------------------

    def get_form_step_data(self, form: django_forms.Form) -> dict[str, list[Any]]:
        # Only this step's own fields: never the CSRF token or which button was pressed.
        own = f"{form.prefix}-"
        data = form.data
        lists = (
            data.lists()
            if isinstance(data, MultiValueDict)
            else ((k, [v]) for k, v in data.items())
        )
        return {key: values for key, values in lists if key.startswith(own)}

    def get_form_kwargs(self, step: str | None = None) -> dict[str, Any]:
        if step == "start":
            return {"user": self.request.user}
        if step == "agency":
            return {
                "state": _raw(self, "crime", "state"),
                "county": _raw(self, "crime", "county"),
                "city": _raw(self, "crime", "city"),
                "form": chosen_form(self) or "U",
            }
        if step == "expedite":
            return self._expedite_kwargs()
        if step in ("activities", "helpfulness"):
            return {"form": chosen_form(self) or "U"}
        if step == "documents":
            return {"existing": self._existing_uploads()}
        if step == "check":
            return {"filed_by": _raw(self, "start", "filed_by")}
        return {}

    def _expedite_kwargs(self) -> dict:
        """Which expedite facts the laws in force for this request count: those of the chosen
        agency (its kind, state and city), else of the crime's state and city."""
        today = timezone.localdate()
        form = chosen_form(self) or "U"
        agency = None
        chosen = _raw(self, "agency", "agency")
        if chosen.isdigit():
            agency = Agency.objects.filter(pk=int(chosen)).first()
        if agency is not None:
            duties = duties_for_agency(agency, form, today)
        else:
            duties = duties_for(
                _raw(self, "crime", "state"), form, today, place=_raw(self, "crime", "city")
            )
        uses = duties.uses()
        turns_21 = None
        born = _raw_date(self, "victim", "date_of_birth")
        if born is not None:
            turns_21 = birthday(born, 21)
            if turns_21 <= today:
                turns_21 = None
        return {"uses": uses, "victim_turns_21": turns_21}

    def _summary(self) -> list[dict[str, Any]]:
        chosen = chosen_form(self) or CertificationRequest.Form.U
        sections: list[dict[str, Any]] = []
        for step in self.get_form_list():
            if step == "check":
                continue
            data = self.storage.get_step_data(step)
            form = self.get_form(step, data=data, files=self.storage.get_step_files(step))
            rows: list[dict[str, object]] = []
            section = {
                "step": step,
                "title": step_title(step, chosen_form(self)),
                "rows": rows,
                "complete": True,
            }
            sections.append(section)
            if data is None or not form.is_valid():
                section["complete"] = False
                continue
            for name, field in form.fields.items():
                if name == "remove" or isinstance(field, django_forms.FileField):
                    continue
                value = form.cleaned_data.get(name)
                shown = _display(value, field)
                if step == "agency" and value is None:
                    shown = _("I don’t know")
                if not shown and name in form.summary_skip_empty:
                    continue
                rows.append(
                    {
                        "label": field.label,
                        "value": shown,
                        "ltr": name in LEFT_TO_RIGHT_ANSWERS,
                        "anchor": anchor_for(form[name]),
                        "overflow": overflows(chosen, name, value),
                    }
                )
            if step == "documents":
                rows += [
                    {"label": _("File"), "value": label, "anchor": "", "overflow": False}
                    for _key, label in form.existing
                ]
                if not form.existing:
                    rows.append(
                        {"label": _("Files"), "value": _("None"), "anchor": "", "overflow": False}
                    )
        return sections

    def _box_notes(self, form: django_forms.Form) -> dict[str, str]:
        """For each field of the step with a box on the supplement, how much the box holds."""
        chosen = chosen_form(self) or CertificationRequest.Form.U
        notes: dict[str, str] = {}
        for name in form.fields:
            box = boxes.box_for(chosen, name)
            if box is not None:
                notes[name] = box_note(box)
        return notes

    def get_context_data(self, form: django_forms.Form, **kwargs: Any) -> dict[str, Any]:
        context: dict[str, Any] = super().get_context_data(form=form, **kwargs)
        # formtools' hidden step field, drawn like the steps' own fields (certify.site.rendering).
        context["wizard"]["management_form"].renderer = RENDERER
        steps = list(self.get_form_list())
        current = self.steps.current
        draft = self._draft()
        context.update(
            step_number=steps.index(current) + 1,
            step_count=len(steps),
            step_title=step_title(current, chosen_form(self)),
            step_titles=[step_title(step, chosen_form(self)) for step in steps],
            filed_by=_raw(self, "start", "filed_by") or "victim",
            chosen_form=chosen_form(self),
            return_to=(
                "check"
                if self.request.GET.get("return") == "check"
                or self.request.POST.get("return_to") == "check"
                else ""
            ),
            errors=error_list(form),
            draft=draft,
            draft_expires=drafts.expires_on(draft) if draft else None,
            box_notes=self._box_notes(form),
        )
        if current == "check":
            sections = self._summary()
            context["sections"] = sections
            context["incomplete"] = [s for s in sections if not s["complete"]]
        return context


# Rate-limited inside (RequestWizard.post), so that a refusal keeps the page's answers.
request_wizard = public(
    never_cache(RequestWizard.as_view(url_name="wizard_step", done_step_name="done"))
)


def _storage(request: HttpRequest) -> SessionStorage:
    return SessionStorage(PREFIX, request, TempUploadStorage())


def load_draft(request: HttpRequest, draft: CertificationRequest) -> str:
    """Put a draft's answers into this session's wizard; returns the step to resume at."""
    storage = _storage(request)
    storage.reset()
    step_data = (draft.wizard_data or {}).get("step_data") or {}
    for name, values in step_data.items():
        storage.set_step_data(name, values)
    storage.extra_data = {"draft": draft.pk}
    step: str = draft.wizard_step if draft.wizard_step in dict(STEPS) else "start"
    storage.current_step = step
    request.session.modified = True
    return step


def where_to_resume(user: Any) -> str | None:
    """The draft to reopen when this person arrives without saying where to (signing in, or
    the account link, on any device): their most recent work, if it is a draft still open.
    The resume page puts its answers in the session and goes to the step it stopped at."""
    latest = CertificationRequest.objects.filter(created_by=user).order_by("-updated_at").first()
    if latest is None or latest.status != "draft" or drafts.is_expired(latest):
        return None
    if not user.has_perm("certify.edit_draft", latest):
        return None
    return reverse("wizard_resume", kwargs={"reference": latest.reference})


def _editable_draft(request: SignedInRequest, reference: str) -> CertificationRequest:
    draft = CertificationRequest.objects.filter(reference=reference, status="draft").first()
    if draft is None or not request.user.has_perm("certify.edit_draft", draft):
        raise Http404
    return draft


@require_POST
@requires("certify.list_my_requests")
def new(request: SignedInRequest) -> HttpResponse:
    """Start a request from nothing: forget the draft this browser was last working on (it
    stays in the list of requests, to be continued from there)."""
    _storage(request).reset()
    request.session.modified = True
    return redirect("wizard_step", step="start")


@never_cache
@checked_inside("certify.edit_draft")
def resume(request: SignedInRequest, reference: str) -> HttpResponse:
    draft = _editable_draft(request, reference)
    if drafts.is_expired(draft):
        messages.error(request, _("That draft has expired. Start a new request."))
        return redirect("request_list")
    step = load_draft(request, draft)
    return redirect("wizard_step", step=step)


@require_POST
@checked_inside("certify.copy_request")
def copy(request: SignedInRequest, reference: str) -> HttpResponse:
    source = CertificationRequest.objects.filter(reference=reference).first()
    if source is None or not request.user.has_perm("certify.copy_request", source):
        raise Http404
    draft = drafts.copy_request(actor=request.user, source=source)
    load_draft(request, draft)
    messages.success(
        request,
        _(
            "We copied the answers into a new draft, %(reference)s. Check each page, then choose "
            "the certification and the agency."
        )
        % {"reference": draft.reference},
    )
    return redirect("wizard_step", step="start")


@never_cache
@requires("certify.list_my_requests")
def sent(request: SignedInRequest) -> HttpResponse:
    reference = request.session.get(SENT_KEY)
    req = (
        policy.visible_requests(request.user)
        .filter(reference=reference)
        .select_related("agency")
        .first()
        if reference
        else None
    )
    if req is None:
        return redirect("request_list")
    return render(request, "certify/wizard/sent.html", {"req": req, "clock": clock_for(req)})


# --- a small sign-up: e-mail and password, confirmed by a link ----------------------------


class SignUpForm(django_forms.Form):
    email = django_forms.EmailField(
        label=gettext_lazy("E-mail address"),
        help_text=gettext_lazy("Use an address that only you can read."),
        max_length=254,
        error_messages={
            "required": gettext_lazy("Enter your e-mail address"),
            "invalid": gettext_lazy(
                "Enter an e-mail address in the right format, like name@example.com"
            ),
        },
    )
    password = django_forms.CharField(
        label=gettext_lazy("Create a password"),
        help_text=gettext_lazy("At least 10 characters. A few words together work well."),
        widget=django_forms.PasswordInput(attrs={"autocomplete": "new-password"}),
        strip=False,
        error_messages={"required": gettext_lazy("Create a password")},
    )

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        if cleaned.get("password") and "email" in cleaned:
            probe = get_user_model()(email=cleaned["email"])
            try:
                validate_password(cleaned["password"], probe)
            except ValidationError as error:
                self.add_error("password", error)
        return cleaned


def _safe_next(request, value: str | None) -> str:
    if value and url_has_allowed_host_and_scheme(
        value, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return value
    return reverse("wizard")


def _send_account_mail(request, user, *, existing: bool) -> None:
    context = {"site_url": request.build_absolute_uri("/").rstrip("/")}
    if existing:
        template = "certify/wizard/email/account_exists.txt"
        context["sign_in_url"] = request.build_absolute_uri(reverse("login"))
    else:
        template = "certify/wizard/email/confirm_account.txt"
        context["hours"] = settings.ACCOUNT_ACTIVATION_MAX_AGE_SECONDS // 3600
        context["confirm_url"] = request.build_absolute_uri(
            reverse(
                "wizard_activate",
                kwargs={
                    "uidb64": urlsafe_base64_encode(force_bytes(user.pk)),
                    "token": accounts.activation_token(user),
                },
            )
        )
    with translation.override(user.preferred_language):  # the account's language
        send_mail(
            _("Your certify account"),
            render_to_string(template, context, request=request),
            None,
            [user.email],
        )


@public
@never_cache
@sensitive_post_parameters("password")
@rate_limited("signup", limit=10, window=3600)
def signup(request):
    if request.user.is_authenticated:
        return redirect(_safe_next(request, request.GET.get("next")))
    if request.GET.get("next"):
        request.session[NEXT_KEY] = _safe_next(request, request.GET.get("next"))
    form = SignUpForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        outcome = accounts.sign_up(
            email=form.cleaned_data["email"],
            password=form.cleaned_data["password"],
            language=get_language() or "en",
        )
        # Same page whether or not the address has an account.
        _send_account_mail(request, outcome.user, existing=outcome.kind == "active")
        return render(request, "certify/wizard/signup_sent.html")
    return render(request, "certify/wizard/signup.html", {"form": form, "errors": error_list(form)})


class ConfirmAccountForm(django_forms.Form):
    password = django_forms.CharField(
        label=gettext_lazy("Your password"),
        help_text=gettext_lazy("The password you chose when you created the account."),
        widget=django_forms.PasswordInput(attrs={"autocomplete": "current-password"}),
        strip=False,
        max_length=4096,
        error_messages={"required": gettext_lazy("Enter the password you chose")},
    )


def _user_from_link(uidb64: str, token: str):
    User = get_user_model()
    try:
        user = User.objects.get(pk=int(force_str(urlsafe_base64_decode(uidb64))))
    except (ValueError, TypeError, OverflowError, User.DoesNotExist):
        return None
    if not accounts.activation_link_valid(user, token):
        return None
    return user


@public
@never_cache
@sensitive_post_parameters("password")
@rate_limited("activate", limit=10, window=900)
def activate(request, uidb64: str, token: str):
    user = _user_from_link(uidb64, token)
    if user is None:
        return render(request, "certify/wizard/activate.html", {"invalid": True})
    form = ConfirmAccountForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        activated = accounts.activate(
            user=user, token=token, password=form.cleaned_data["password"]
        )
        if activated is not None:
            login(request, activated, backend="django.contrib.auth.backends.ModelBackend")
            messages.success(request, _("Your account is ready."))
            chosen = request.session.pop(NEXT_KEY, None)
            if chosen is None:  # the link opened on another device: go on with the draft
                chosen = where_to_resume(activated)
            return redirect(_safe_next(request, chosen))
        form.add_error(
            "password",
            _(
                "That is not the password of the newest sign-up for this address. If you signed "
                "up more than once, use the newest password, or create the account again."
            ),
        )
    return render(
        request,
        "certify/wizard/activate.html",
        {"invalid": False, "form": form, "errors": error_list(form)},
    )
