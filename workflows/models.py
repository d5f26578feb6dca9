"""Deadline rules kept as data.

The response deadlines that state laws and local rules set for certifying agencies change with
the law, and several of them rest on secondary sources. They therefore live in a table that
admins can correct, each row carrying its official source and how far it has been checked,
rather than in code. Deadline rules point at no row in certify: the request-facing side stores
the value snapshot the engine returns (workflows.deadlines.Deadline), not a link to a rule row.

Routing rules, assignments and notices (below) do point at certify's requests and people.
"""

from __future__ import annotations

from datetime import date
from typing import Any

import holidays
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MinValueValidator, RegexValidator
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext, ngettext
from django.utils.translation import gettext_lazy as _

from certify.records.models import Agency
from certify.records.official_sources import is_official_url


class Form(models.TextChoices):
    U = "U", _("U (Form I-918 Supplement B)")
    T = "T", _("T (Form I-914 Supplement B)")


class DayKind(models.TextChoices):
    CALENDAR = "calendar", _("calendar days")
    BUSINESS = "business", _("business days")


state_code_validator = RegexValidator(
    r"^[A-Z]{2}$", _("Use the two-letter postal code in capitals, e.g. CA.")
)


class Authority(models.TextChoices):
    """What kind of law a rule is. Ties between equally strict rules go to the higher one."""

    STATUTE = "statute", _("state statute")
    REGULATION = "regulation", _("regulation or agency rule")
    ORDINANCE = "ordinance", _("local ordinance")
    DIRECTIVE = "directive", _("directive binding the agencies")


AUTHORITY_RANK = {
    Authority.STATUTE: 0,
    Authority.REGULATION: 1,
    Authority.ORDINANCE: 2,
    Authority.DIRECTIVE: 3,
}


class Checking(models.TextChoices):
    """How far a row has been checked: staff and admins see it, victims never do."""

    TEXT = "text", _("checked against the law's text")
    SECONDARY = "secondary", _("from a secondary source, not yet checked against the law's text")


AGENCY_KINDS = frozenset(Agency.Kind.values)


def _kinds_are_known(value: object) -> None:
    if not isinstance(value, list) or not all(isinstance(k, str) for k in value):
        raise ValidationError(_("Give a list of agency kinds."))
    unknown = sorted(set(value) - AGENCY_KINDS)
    if unknown:
        raise ValidationError(
            _("Unknown agency kind: %(kinds)s. Use %(known)s."),
            params={"kinds": ", ".join(unknown), "known": ", ".join(sorted(AGENCY_KINDS))},
        )


def normalise_place(name: str) -> str:
    """A place name as compared: case, spacing, "St." for "Saint" and a trailing "City" or
    "city of" do not matter (Saint Paul, St. Paul and ST PAUL are one place)."""
    text = " ".join(name.replace(".", " ").replace(",", " ").split()).casefold()
    text = text.removeprefix("city of ").removesuffix(" city")
    words = ["saint" if w in {"st", "ste"} else w for w in text.split()]
    return " ".join(words)


class DeadlineRule(models.Model):
    """One law's duties for one form over a period of time, for some kinds of agency in a place.

    A row with a place is a local rule layered over its state: the engine applies every rule
    in force for the agency and keeps the strictest clock, so a local rule can only tighten the
    state's. A row without ``days`` records a law that binds the agency (a presumption of
    helpfulness, a designation or reporting duty) but sets no response clock.
    """

    state = models.CharField(
        max_length=2,
        validators=[state_code_validator],
        help_text=_("Two-letter state code."),
    )
    place = models.CharField(
        max_length=100,
        blank=True,
        help_text=_("The city a local rule covers; empty for a rule of the whole state."),
    )
    place_aliases = models.CharField(
        max_length=300,
        blank=True,
        help_text=_("Other names of the place, separated by commas (e.g. Brooklyn, Queens)."),
    )
    provision = models.SlugField(
        max_length=60,
        help_text=_(
            "Short name of the law, the same on every version of it (e.g. ca-pc-679-10): its "
            "periods may not overlap."
        ),
    )
    form = models.CharField(max_length=1, choices=Form.choices)
    law = models.CharField(
        max_length=300, help_text=_("Citation of the law, as people are to read it.")
    )
    authority = models.CharField(
        max_length=12, choices=Authority.choices, default=Authority.STATUTE
    )
    source = models.TextField(
        help_text=_(
            "Official web addresses of the law's text (legislature, government or official "
            "code sites), separated by spaces."
        )
    )
    checking = models.CharField(
        max_length=10,
        choices=Checking.choices,
        default=Checking.SECONDARY,
        help_text=_("Choose 'checked' only when the figures were read in the law's own text."),
    )
    checking_notes = models.TextField(
        blank=True,
        help_text=_("What on this row is not settled, and which way the row errs (for staff)."),
    )
    notes = models.TextField(blank=True)
    effective_from = models.DateField(
        null=True, blank=True, help_text=_("Empty: in force since before any recorded date.")
    )
    effective_to = models.DateField(null=True, blank=True, help_text=_("Empty: still in force."))

    binds_kinds = models.JSONField(
        default=list,
        blank=True,
        validators=[_kinds_are_known],
        help_text=_("Agency kinds the law binds; empty: every kind not excluded."),
    )
    excludes_kinds = models.JSONField(
        default=list,
        blank=True,
        validators=[_kinds_are_known],
        help_text=_("Agency kinds the law leaves out (e.g. state courts in Illinois)."),
    )

    days = models.PositiveSmallIntegerField(
        null=True,
        blank=True,
        validators=[MinValueValidator(1)],
        help_text=_("Empty: the law sets no response clock."),
    )
    day_kind = models.CharField(max_length=8, choices=DayKind.choices, default=DayKind.CALENDAR)

    # Expedite triggers. Null means the law has no such trigger (or none was found).
    removal_days = models.PositiveSmallIntegerField(
        null=True, blank=True, help_text=_("Days when the victim is in removal proceedings.")
    )
    detention_days = models.PositiveSmallIntegerField(
        null=True, blank=True, help_text=_("Days when the victim is detained.")
    )
    age_out_days_before = models.PositiveSmallIntegerField(
        null=True,
        blank=True,
        help_text=_("Certify no later than this many days before the age-out date (e.g. WA: 14)."),
    )
    age_out_window_days = models.PositiveSmallIntegerField(
        null=True,
        blank=True,
        help_text=_(
            "Days to certify when the age-out date falls inside the standard window (e.g. IL: 21)."
        ),
    )
    age_out_urgent_days = models.PositiveSmallIntegerField(
        null=True,
        blank=True,
        help_text=_(
            "Days to certify when the age-out date falls inside that shorter window itself "
            "(e.g. IL: 5)."
        ),
    )
    age_out_child_age = models.PositiveSmallIntegerField(
        null=True, blank=True, help_text=_("Age at which a child ages out under this law (21).")
    )
    age_out_sibling_age = models.PositiveSmallIntegerField(
        null=True, blank=True, help_text=_("Age at which a sibling ages out under this law (18).")
    )
    age_out_victim_age = models.PositiveSmallIntegerField(
        null=True,
        blank=True,
        help_text=_(
            "The victim's own age at which listed parents or siblings age out (21); empty: the "
            "law does not count the victim's birthday."
        ),
    )
    expedite_day_kind = models.CharField(
        max_length=8, choices=DayKind.choices, default=DayKind.CALENDAR
    )
    expedite_must_be_requested = models.BooleanField(
        default=False,
        help_text=_("The victim must ask for the expedite when making the request (e.g. MN)."),
    )
    first_encounter_days = models.PositiveSmallIntegerField(
        null=True,
        blank=True,
        help_text=_(
            "Days from the agency's first encounter with the victim (e.g. Cal. Penal Code "
            "236.5: 15 business days)."
        ),
    )
    first_encounter_day_kind = models.CharField(max_length=8, choices=DayKind.choices, blank=True)

    presumption_of_helpfulness = models.BooleanField(
        null=True, blank=True, help_text=_("Empty: unknown.")
    )
    presumption_text = models.TextField(blank=True)
    written_denial_required = models.BooleanField(
        null=True, blank=True, help_text=_("Empty: unknown.")
    )
    denial_letter_days = models.PositiveSmallIntegerField(
        null=True,
        blank=True,
        help_text=_("Days to give the victim the letter explaining a denial."),
    )
    denial_letter_day_kind = models.CharField(max_length=8, choices=DayKind.choices, blank=True)
    appeal_days = models.PositiveSmallIntegerField(
        null=True,
        blank=True,
        help_text=_("Days for the agency to answer an appeal or a request to reconsider."),
    )
    appeal_day_kind = models.CharField(max_length=8, choices=DayKind.choices, blank=True)
    delay_notice_allowed = models.BooleanField(
        default=False,
        help_text=_(
            "The law lets the agency answer in time with a written explanation of a delay and a "
            "projected date (e.g. MA)."
        ),
    )
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["state", "place", "form", "provision", "effective_from"]
        constraints = [
            models.UniqueConstraint(
                fields=["provision", "form", "effective_from"],
                name="workflows_rule_unique_version",
            ),
            models.CheckConstraint(
                condition=Q(effective_from__isnull=True)
                | Q(effective_to__isnull=True)
                | Q(effective_to__gte=models.F("effective_from")),
                name="workflows_rule_period_ordered",
            ),
            # A rule is always some state's (and perhaps a city's): the fallback for places
            # without a law is the agency's own target or the site default, never a row, so a
            # policy can never be displayed as law.
            models.CheckConstraint(condition=~Q(state=""), name="workflows_rule_has_a_state"),
            models.CheckConstraint(
                condition=Q(appeal_days__isnull=True, appeal_day_kind="")
                | (Q(appeal_days__isnull=False) & ~Q(appeal_day_kind="")),
                name="workflows_rule_appeal_kind_with_days",
            ),
            models.CheckConstraint(
                condition=Q(first_encounter_days__isnull=True, first_encounter_day_kind="")
                | (Q(first_encounter_days__isnull=False) & ~Q(first_encounter_day_kind="")),
                name="workflows_rule_encounter_kind_with_days",
            ),
            models.CheckConstraint(
                condition=Q(denial_letter_days__isnull=True, denial_letter_day_kind="")
                | (Q(denial_letter_days__isnull=False) & ~Q(denial_letter_day_kind="")),
                name="workflows_rule_letter_kind_with_days",
            ),
        ]

    def __str__(self) -> str:
        where = f"{self.place}, {self.state}" if self.place else self.state
        start = self.effective_from.isoformat() if self.effective_from else "…"
        end = self.effective_to.isoformat() if self.effective_to else "…"
        clock = f"{self.days} {self.day_kind} days" if self.days else "no clock"
        return f"{where} {self.form} {self.provision}: {clock} ({start} to {end})"

    @property
    def confirmed(self) -> bool:
        return self.checking == Checking.TEXT

    @property
    def is_local(self) -> bool:
        return bool(self.place)

    def covers(self, on: date) -> bool:
        return (self.effective_from is None or self.effective_from <= on) and (
            self.effective_to is None or on <= self.effective_to
        )

    def binds(self, agency_kind: str) -> bool:
        """Whether the law binds an agency of this kind; an empty kind (not known) is bound
        by every rule, so an unknown kind never loses a clock."""
        if not agency_kind:
            return True
        if agency_kind in (self.excludes_kinds or []):
            return False
        return not self.binds_kinds or agency_kind in self.binds_kinds

    def place_names(self) -> set[str]:
        names = [self.place, *self.place_aliases.split(",")]
        return {normalise_place(n) for n in names if n.strip()}

    def covers_place(self, place: str) -> bool:
        """A statewide rule covers every place; a local rule only its own (an unknown place is
        not assumed to be inside a city)."""
        if not self.place:
            return True
        return bool(place.strip()) and normalise_place(place) in self.place_names()

    def clean(self) -> None:
        errors: dict[str, str] = {}
        # Business days are counted with that state's holidays, so the code must be one the
        # holidays package knows, not merely two capital letters.
        if self.state and self.state not in holidays.country_holidays("US").subdivisions:
            errors["state"] = str(_("Not a US state or territory code."))
        for days, kind in (
            ("appeal_days", "appeal_day_kind"),
            ("first_encounter_days", "first_encounter_day_kind"),
            ("denial_letter_days", "denial_letter_day_kind"),
        ):
            if getattr(self, days) is not None and not getattr(self, kind):
                errors[kind] = str(_("Say whether these days are calendar or business days."))
            if getattr(self, days) is None and getattr(self, kind):
                errors[days] = str(_("Give the days or clear the kind."))
        ages = self.age_out_child_age or self.age_out_sibling_age or self.age_out_victim_age
        if (
            self.age_out_days_before or self.age_out_window_days or self.age_out_urgent_days
        ) and not ages:
            errors["age_out_child_age"] = str(_("Say whose age-out the law counts."))
        if self.age_out_urgent_days and not self.age_out_window_days:
            errors["age_out_window_days"] = str(
                _("The shorter age-out window needs the age-out window it sits in.")
            )
        if self.days is None and (
            self.removal_days or self.detention_days or self.age_out_window_days
        ):
            errors["days"] = str(_("An expedite needs the standard clock it shortens."))
        clash = set(self.binds_kinds or []) & set(self.excludes_kinds or [])
        if clash:
            errors["excludes_kinds"] = str(
                _("A kind cannot be both bound and left out: %(kinds)s")
                % {"kinds": ", ".join(sorted(clash))}
            )
        addresses = self.source.split()
        if not addresses:
            errors["source"] = str(_("Give the official web address of the law's text."))
        unofficial = [a for a in addresses if not is_official_url(a)]
        if unofficial:
            errors["source"] = str(
                _(
                    "Only official sources (legislature, government or official code sites) "
                    "may be cited: %(addresses)s"
                )
                % {"addresses": " ".join(unofficial)}
            )
        if errors:
            raise ValidationError(errors)
        self._check_no_overlap()

    def _check_no_overlap(self) -> None:
        # Two versions of one law covering the same day would make its history ambiguous, so
        # an admin edit that creates an overlap is refused rather than resolved by guessing.
        # Different laws may overlap: the engine applies the strictest of them.
        others = DeadlineRule.objects.filter(provision=self.provision, form=self.form).exclude(
            pk=self.pk
        )
        if self.effective_to is not None:
            others = others.filter(
                Q(effective_from__isnull=True) | Q(effective_from__lte=self.effective_to)
            )
        if self.effective_from is not None:
            others = others.filter(
                Q(effective_to__isnull=True) | Q(effective_to__gte=self.effective_from)
            )
        clash = others.first()
        if clash is not None:
            raise ValidationError(
                _("This period overlaps another version of the same law and form: %(rule)s"),
                params={"rule": clash},
            )

    def snapshot(self) -> dict[str, Any]:
        """A JSON-ready copy of every editable field, for the change log."""
        data: dict[str, Any] = {}
        for field in self._meta.concrete_fields:
            if field.name in {"id", "updated_at"}:
                continue
            value = getattr(self, field.attname)
            data[field.name] = value.isoformat() if isinstance(value, date) else value
        return data


class DeadlineRuleChange(models.Model):
    """An append-only record of admin edits to deadline rules.

    Deadlines already computed are stored by callers as value snapshots, so editing a rule
    never moves them; this log says who changed what the engine will use next, and from what.
    """

    class Action(models.TextChoices):
        CREATED = "created", _("created")
        CHANGED = "changed", _("changed")
        DELETED = "deleted", _("deleted")

    # SET_NULL keeps the history of a rule that an admin later deletes.
    rule = models.ForeignKey(
        DeadlineRule, null=True, blank=True, on_delete=models.SET_NULL, related_name="changes"
    )
    rule_label = models.CharField(max_length=300)
    action = models.CharField(max_length=8, choices=Action.choices)
    changed_at = models.DateTimeField(default=timezone.now)
    changed_by = models.CharField(max_length=150, blank=True)
    before = models.JSONField(null=True, blank=True)
    after = models.JSONField(null=True, blank=True)

    class Meta:
        ordering = ["-changed_at", "-id"]

    def __str__(self) -> str:
        return f"{self.rule_label} {self.action} by {self.changed_by or '?'} at {self.changed_at}"

    @property
    def changed_fields(self) -> list[str]:
        before = self.before or {}
        after = self.after or {}
        return sorted(k for k in before.keys() | after.keys() if before.get(k) != after.get(k))


# --- routing, assignment and notices ---------------------------------------------------------
# These point at certify's models by label so this module stays importable from migrations and
# from certify's own code without a cycle.


class OffenceLevel(models.TextChoices):
    MISDEMEANOUR = "misdemeanour", _("misdemeanour")
    FELONY = "felony", _("felony")


class RoutingRule(models.Model):
    """What an agency says it handles: an offence level, a unit (domestic violence), or both.

    Agencies draw these lines themselves (a city attorney prosecutes misdemeanours, the district
    attorney felonies; a police department sends domestic-violence cases to its DV unit), and the
    lines change with local practice, so they are rows an admin edits rather than code.
    """

    agency = models.ForeignKey(
        "certify.Agency", on_delete=models.CASCADE, related_name="routing_rules"
    )
    offence_level = models.CharField(
        max_length=20,
        choices=OffenceLevel.choices,
        blank=True,
        help_text=_("Empty: any offence level."),
    )
    unit = models.SlugField(
        max_length=50,
        blank=True,
        help_text=_("A unit the agency routes to, e.g. domestic_violence. Empty: any unit."),
    )
    priority = models.PositiveSmallIntegerField(
        default=100, help_text=_("Lower numbers are proposed first.")
    )
    note = models.CharField(max_length=200, blank=True)

    class Meta:
        ordering = ["agency", "priority", "pk"]
        constraints = [
            # A rule that matches everything would only reorder agencies by kind, which the
            # router already does; an empty rule is almost certainly a data-entry slip.
            models.CheckConstraint(
                condition=~Q(offence_level="", unit=""), name="workflows_routing_rule_not_empty"
            ),
        ]

    def __str__(self) -> str:
        what = " / ".join(p for p in (self.offence_level, self.unit) if p)
        return f"{self.agency_id}: {what} (priority {self.priority})"

    def matches(self, *, offence_level: str | None, unit: str | None) -> bool:
        # A rule says "send these here"; each criterion it names must be met by the case.
        if self.offence_level and self.offence_level != offence_level:
            return False
        return not (self.unit and self.unit != unit)


class Assignment(models.Model):
    """Each time a request is given to an official: the round robin reads who waited longest."""

    request = models.ForeignKey(
        "certify.CertificationRequest", on_delete=models.CASCADE, related_name="assignments"
    )
    official = models.ForeignKey(
        "certify.CertifyingOfficial", on_delete=models.CASCADE, related_name="assignments"
    )
    assigned_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["assigned_at", "pk"]
        indexes = [
            models.Index(fields=["official", "assigned_at"], name="wf_assignment_official_at")
        ]

    def __str__(self) -> str:
        return f"request {self.request_id} -> official {self.official_id}"


class NoticeKind(models.TextChoices):
    DUE_14 = "due_14", _("Due in 14 days")
    DUE_7 = "due_7", _("Due in 7 days")
    DUE_3 = "due_3", _("Due in 3 days")
    DUE_1 = "due_1", _("Due tomorrow or today")
    OVERDUE = "overdue", _("Past the due date")
    ESCALATION = "escalation", _("Past the due date (agency lead)")
    VALIDITY_30 = "validity_30", _("Signed form expires in 30 days")
    VALIDITY_7 = "validity_7", _("Signed form expires in 7 days")
    ASSIGNED = "assigned", _("Assigned to you")
    NEW_REQUEST = "new_request", _("New request for the agency")
    UPDATE = "update", _("Update on a request")
    REPLY = "reply", _("Reply from the requester")
    PACKET_READY = "packet_ready", _("Packet ready to send to the agency")
    RETURNED = "returned", _("Back in the queue: the official no longer certifies")
    RECEIPT = "receipt", _("Receipt for a request sent")


class NoticeClaim(models.Model):
    """The right to send one notice, taken through a unique row before anything is sent.

    The sweep and the transition hooks may run twice (a second sweep, at-least-once delivery of
    django-q tasks, a restarted worker). Whoever inserts the row, or takes over a claim whose
    lease ran out without a send, is the only one who sends. ``sent_at`` is set right after the
    send, and a claim with ``sent_at`` is never sent again; a claim whose send failed or whose
    worker died keeps ``sent_at`` empty and is retried once its lease has expired. The lease
    outlives the q cluster's task timeout, so a live worker never loses its claim mid-send.
    """

    request = models.ForeignKey(
        "certify.CertificationRequest", on_delete=models.CASCADE, related_name="notice_claims"
    )
    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notice_claims"
    )
    kind = models.CharField(max_length=20, choices=NoticeKind.choices)
    # What makes this notice distinct from an earlier one of the same kind: the due date it
    # counts down to (a new due date is a new reminder), or the event that triggered it.
    key = models.CharField(max_length=40)
    token = models.UUIDField(help_text=_("The run that holds the claim."))
    claimed_at = models.DateTimeField(default=timezone.now)
    lease_until = models.DateTimeField()
    attempts = models.PositiveSmallIntegerField(default=1)
    sent_at = models.DateTimeField(null=True, blank=True)
    # The exception's class name only: messages from mail servers can quote addresses.
    last_error = models.CharField(max_length=100, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["request", "recipient", "kind", "key"], name="workflows_notice_claim_once"
            ),
        ]
        indexes = [
            models.Index(fields=["token"], name="wf_claim_token"),
            # Retries look for unsent claims only; sent ones are the vast majority.
            models.Index(
                fields=["lease_until"],
                condition=Q(sent_at__isnull=True),
                name="wf_claim_unsent",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.kind} {self.key} request {self.request_id} user {self.recipient_id}"


class Notice(models.Model):
    """A message to one user about one request, shown in the app and sent by e-mail."""

    claim = models.OneToOneField(NoticeClaim, on_delete=models.CASCADE, related_name="notice")
    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notices"
    )
    request = models.ForeignKey(
        "certify.CertificationRequest", on_delete=models.CASCADE, related_name="notices"
    )
    kind = models.CharField(max_length=20, choices=NoticeKind.choices)
    # The date the notice counts down to (response due date or last safe filing date), kept so
    # the in-app list reads the same later, when the days left have moved on.
    due_date = models.DateField(null=True, blank=True)
    days_left = models.IntegerField(null=True, blank=True)
    created_at = models.DateTimeField(default=timezone.now)
    sent_at = models.DateTimeField(null=True, blank=True)
    read_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        indexes = [models.Index(fields=["recipient", "-created_at"], name="wf_notice_recipient")]

    def __str__(self) -> str:
        return f"{self.kind} request {self.request_id} user {self.recipient_id}"

    @property
    def headline(self) -> str:
        """A neutral one-line summary in the active language: the e-mail subject and the list
        entry. It never names the victim or the crime."""
        kind, days = self.kind, self.days_left
        if kind in {NoticeKind.DUE_14, NoticeKind.DUE_7, NoticeKind.DUE_3, NoticeKind.DUE_1}:
            if days is not None and days <= 0:
                return gettext("A request is due today")
            days = days if days is not None else 0
            return ngettext(
                "A request is due in %(days)d day", "A request is due in %(days)d days", days
            ) % {"days": days}
        texts: dict[str, str] = {
            NoticeKind.OVERDUE: gettext("A request is past its due date"),
            NoticeKind.ESCALATION: gettext("A request in your agency is past its due date"),
            NoticeKind.VALIDITY_30: gettext("Reminder: a date on your request is coming up"),
            NoticeKind.VALIDITY_7: gettext("Reminder: a date on your request is close"),
            NoticeKind.ASSIGNED: gettext("A request has been assigned to you"),
            NoticeKind.NEW_REQUEST: gettext("A new request has arrived"),
            NoticeKind.UPDATE: gettext("There is an update on your request"),
            NoticeKind.REPLY: gettext("There is a reply on a request"),
            NoticeKind.PACKET_READY: gettext("The packet for your request is ready"),
            NoticeKind.RETURNED: gettext("A request is back in the queue for another official"),
            # Neutral on purpose: an inbox someone else reads should not show what was sent.
            NoticeKind.RECEIPT: gettext("Your message from certify"),
        }
        return texts.get(kind, gettext("There is news on certify"))
