"""The workspace's forms: GOV.UK patterns, a specific message for every mistake.

Forms that change a request carry its `version`: the lifecycle refuses a move made on a page
loaded before someone else's change (optimistic locking), and the page then shows what changed.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING, Any, cast

from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from certify.records import documents
from certify.records.models import Agency, CertificationRequest, CertifyingOfficial, DenialReason
from certify.records.selectors import QueueFilters
from certify.site.wizard.forms import DatePartsField, Radios
from workflows.review import forward_targets

Status = CertificationRequest.Status
QUEUE_STATUSES = [
    (s.value, s.label)
    for s in (
        Status.SUBMITTED,
        Status.RECEIVED,
        Status.ASSIGNED,
        Status.IN_REVIEW,
        Status.INFO_REQUESTED,
        Status.RECONSIDERATION,
        Status.CERTIFIED,
        Status.DENIED,
        Status.WITHDRAWN,
        Status.CERT_WITHDRAWN,
        Status.RETURNED,
    )
]


class QueueFilterForm(forms.Form):
    """The queue's search and filters, sent by POST: the search may hold a client's name,
    which must never reach a URL (see certify.site.caseload.list_form_data)."""

    q = forms.CharField(
        label=_("Find a request"),
        help_text=_(
            "A reference, or the client's full name, A-number or police report number, "
            "written in full"
        ),
        required=False,
        max_length=200,
    )
    status = forms.ChoiceField(
        label=_("Status"),
        required=False,
        choices=[("", _("All open requests")), *QUEUE_STATUSES],
    )
    assignee = forms.ChoiceField(label=_("Assigned to"), required=False)
    form = forms.ChoiceField(
        label=_("Certification"),
        required=False,
        choices=[("", _("U and T")), *CertificationRequest.Form.choices],
    )
    expedited = forms.BooleanField(label=_("Only expedited requests"), required=False)

    def __init__(
        self, *args: Any, officials: Iterable[CertifyingOfficial] = (), **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        cast(forms.ChoiceField, self.fields["assignee"]).choices = [
            ("", _("Anyone or no one")),
            ("me", _("Me")),
            ("none", _("Not assigned yet")),
            *[(str(o.pk), o.user.get_full_name() or o.user.email) for o in officials],
        ]

    def filters(self) -> QueueFilters:
        """The filters asked for; none when the form is empty or not valid."""
        if not self.is_valid():
            return QueueFilters()
        data = self.cleaned_data
        assignee = data["assignee"]
        return QueueFilters(
            status=data["status"],
            assignee=int(assignee) if assignee.isdigit() else assignee,
            form=data["form"],
            expedited=data["expedited"],
            search=data["q"],
        )


class VersionedForm(forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput)
    # The newest event the person saw: on a conflict, the events after it are "what changed".
    seen_event = forms.IntegerField(widget=forms.HiddenInput, required=False)


if TYPE_CHECKING:
    _OfficialField = forms.ModelChoiceField[CertifyingOfficial]
else:  # Django's field is not subscriptable at run time
    _OfficialField = forms.ModelChoiceField


class OfficialChoiceField(_OfficialField):
    """An agency's designated officials, each shown with their title."""

    def label_from_instance(self, obj: CertifyingOfficial) -> str:
        return f"{obj.user.get_full_name() or obj.user.email}, {obj.title}"


def designated(agency: Agency) -> QuerySet[CertifyingOfficial]:
    """Whom a request of `agency` may be given to: its officials still designated."""
    return (
        CertifyingOfficial.objects.filter(agency=agency, active=True, user__is_active=True)
        .select_related("user")
        .order_by("user__last_name", "user__first_name")
    )


class AssignForm(VersionedForm):
    official = OfficialChoiceField(
        label=_("Certifying official"),
        queryset=CertifyingOfficial.objects.none(),
        widget=Radios,
        empty_label=None,
        error_messages={
            "required": _("Choose the official who will review the request."),
            "invalid_choice": _("Choose one of the agency's designated officials."),
        },
        help_text=_("Only officials the agency has designated to certify are listed."),
    )

    def __init__(self, *args: Any, agency: Agency, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        cast(OfficialChoiceField, self.fields["official"]).queryset = designated(agency)


class InkSignatureForm(VersionedForm):
    signature_date = DatePartsField(
        what=_("The date of signature"),
        past=True,
        error_messages={"required": _("Enter the date written beside your signature")},
        help_text=_(
            "The date you wrote in Part 6. The six months for filing the supplement run from it."
        ),
    )
    scan = forms.FileField(
        label=_("Scan of the signed supplement"),
        help_text=_("A PDF, JPEG or PNG of every page, with your signature in ink."),
        error_messages={"required": _("Choose the scan of the signed supplement")},
    )

    def clean_scan(self):
        upload = self.cleaned_data["scan"]
        try:
            content = documents.read_upload(upload)
        except ValidationError as error:
            raise ValidationError(error.messages) from None
        self.scan_content = content
        self.scan_name = upload.name or ""
        return upload


class ElectronicSignatureForm(VersionedForm):
    typed_name = forms.CharField(
        label=_("Type your full name"),
        max_length=150,
        help_text=_("Typing your name here is your signature on this supplement."),
        error_messages={"required": _("Type your full name to sign")},
    )
    password = forms.CharField(
        label=_("Your password"),
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
        error_messages={"required": _("Enter your password to confirm it is you")},
    )
    confirm = forms.BooleanField(
        label=_(
            "I have read the completed supplement and I certify that its contents are true "
            "to the best of my knowledge."
        ),
        error_messages={"required": _("Confirm that you have read the supplement")},
    )


class DenyForm(VersionedForm):
    reason = forms.ChoiceField(
        label=_("Main reason"),
        choices=DenialReason.choices,
        widget=Radios,
        error_messages={"required": _("Choose the main reason for the decision")},
    )
    explanation = forms.CharField(
        label=_("The agency's explanation"),
        widget=forms.Textarea(attrs={"rows": 8}),
        max_length=5000,
        help_text=_(
            "Say why the evidence does not support certification. The requester reads this in "
            "the letter, in English and translated where possible."
        ),
        error_messages={"required": _("Explain the decision in the agency's own words")},
    )


class FirstEncounterForm(VersionedForm):
    first_encounter_on = DatePartsField(
        what=_("The date of the first encounter"),
        past=True,
        label=_("When did your agency first encounter the victim?"),
        error_messages={"required": _("Enter the date your agency first encountered the victim")},
        help_text=_("For example, 2 14 2025. The law counts the agency's time from this day."),
    )


class DelayNoticeForm(VersionedForm):
    explanation = forms.CharField(
        label=_("Why the answer is delayed, and what the agency will do"),
        widget=forms.Textarea(attrs={"rows": 6}),
        max_length=5000,
        help_text=_(
            "The circumstances outside the agency's control, and the process it will follow to "
            "answer. The requester reads this."
        ),
        error_messages={"required": _("Explain the delay and what the agency will do")},
    )
    projected_on = DatePartsField(
        what=_("The projected date"),
        future=True,
        label=_("By when does the agency expect to answer?"),
        error_messages={"required": _("Enter the date by which the agency expects to answer")},
        help_text=_("For example, 2 14 2027. This is the agency's own projection."),
    )


class WithdrawForm(VersionedForm):
    reason = forms.CharField(
        label=_("Reasons for withdrawing the certification"),
        widget=forms.Textarea(attrs={"rows": 8}),
        max_length=5000,
        help_text=_("USCIS and the requester read these reasons in the withdrawal letter."),
        error_messages={"required": _("Write the agency's reasons for withdrawing")},
    )


class MessageForm(forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)
    body = forms.CharField(
        label=_("Message"),
        widget=forms.Textarea(attrs={"rows": 5}),
        max_length=5000,
        error_messages={"required": _("Write your message")},
    )
    attachment = forms.FileField(
        label=_("Attach a file (optional)"),
        required=False,
    )

    attachment_content: bytes | None
    attachment_name: str

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # Formatted per request, so the hint follows the reader's language.
        self.fields["attachment"].help_text = _("A PDF, JPEG or PNG, up to %(mb)d MB.") % {
            "mb": settings.DOCUMENT_MAX_BYTES // (1024 * 1024)
        }

    def clean_attachment(self) -> UploadedFile[bytes] | None:
        upload: UploadedFile[bytes] | None = self.cleaned_data.get("attachment")
        self.attachment_content = None
        if not upload:
            return upload
        try:
            content = documents.read_upload(upload)
        except ValidationError as error:
            raise ValidationError(error.messages) from None
        self.attachment_content = content
        self.attachment_name = upload.name or ""
        return upload


class InformationRequestForm(MessageForm):
    """The agency asks the requester for something: a message that puts the request on hold
    for their answer (the response deadline keeps running)."""

    body = forms.CharField(
        label=_("What the agency needs"),
        widget=forms.Textarea(attrs={"rows": 6}),
        max_length=5000,
        help_text=_("Say exactly what to send or answer. The requester reads this message."),
        error_messages={"required": _("Write what the agency needs from the requester")},
    )


if TYPE_CHECKING:
    _AgencyField = forms.ModelChoiceField[Agency]
else:  # Django's field is not subscriptable at run time
    _AgencyField = forms.ModelChoiceField


class AgencyChoiceField(_AgencyField):
    def label_from_instance(self, obj: Agency) -> str:
        return f"{obj.name} ({obj.state})"


class JurisdictionForm(VersionedForm):
    """The coordinator's first look at a request: is the crime this agency's case?"""

    OURS, FORWARD, RETURN = "ours", "forward", "return"

    decision = forms.ChoiceField(
        label=_("Is this request for your agency?"),
        choices=[
            (OURS, _("Yes: accept it and assign an official")),
            (FORWARD, _("No: forward it to the agency whose case it is")),
            (RETURN, _("No: return it to the requester with the reasons")),
        ],
        widget=Radios,
        error_messages={"required": _("Say whether the request is for your agency")},
    )
    official = OfficialChoiceField(
        label=_("Certifying official"),
        queryset=CertifyingOfficial.objects.none(),
        widget=Radios,
        empty_label=None,
        required=False,
        error_messages={"invalid_choice": _("Choose one of the agency's designated officials.")},
        help_text=_("If you accept it. Only officials the agency has designated are listed."),
    )
    agency = AgencyChoiceField(
        label=_("Agency to forward it to"),
        queryset=Agency.objects.none(),
        empty_label=_("Choose an agency"),
        required=False,
        error_messages={"invalid_choice": _("Choose an agency that takes requests on certify.")},
        help_text=_(
            "If you forward it. Only agencies that take requests on certify are listed; it is "
            "received there today, and their deadline starts then."
        ),
    )
    reasons = forms.CharField(
        label=_("Reasons"),
        widget=forms.Textarea(attrs={"rows": 5}),
        max_length=5000,
        required=False,
        help_text=_(
            "If you forward or return it: why the crime is not your agency's case. The "
            "requester reads them."
        ),
    )

    def __init__(
        self, *args: Any, req: CertificationRequest, agency: Agency, **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        cast(OfficialChoiceField, self.fields["official"]).queryset = designated(agency)
        cast(AgencyChoiceField, self.fields["agency"]).queryset = forward_targets(req).order_by(
            "state", "name"
        )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        decision = data.get("decision")
        if decision == self.OURS and not data.get("official"):
            self.add_error("official", _("Choose the official who will review the request."))
        if decision == self.FORWARD and not data.get("agency"):
            self.add_error("agency", _("Choose the agency to forward the request to."))
        if decision in (self.FORWARD, self.RETURN) and not (data.get("reasons") or "").strip():
            self.add_error("reasons", _("Write why the request is not your agency's case."))
        return data


class ReconsiderationForm(forms.Form):
    note = forms.CharField(
        label=_("Why should the agency look again?"),
        widget=forms.Textarea(attrs={"rows": 6}),
        max_length=5000,
        help_text=_("New information, or what you think the decision got wrong."),
        error_messages={"required": _("Say why the agency should look at the request again")},
    )
