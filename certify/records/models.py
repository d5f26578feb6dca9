"""People, agencies, organisations and certification requests.

Victim personal data is encrypted field by field (certify.fields); exact-match lookups go
through keyed-hash columns. Status changes belong to workflows; these models hold data only.
"""

import datetime
import hashlib
import ipaddress
import json
import secrets
import uuid
import zoneinfo
from datetime import date
from typing import Any, ClassVar, NoReturn

from django.conf import settings
from django.contrib.auth.models import AbstractUser, BaseUserManager
from django.core.exceptions import ValidationError
from django.core.validators import MinValueValidator, RegexValidator
from django.db import connections, models, router, transaction
from django.db.models.functions import ExtractYear
from django.utils import timezone
from django.utils.crypto import salted_hmac
from django.utils.translation import gettext_lazy as _
from phonenumber_field.modelfields import PhoneNumberField
from rules.permissions import has_perm, perm_exists

from certify.records import crypto
from certify.records.fields import EncryptedDateField, EncryptedJSONField, EncryptedTextField

US_STATES = [
    ("AL", "Alabama"), ("AK", "Alaska"), ("AZ", "Arizona"), ("AR", "Arkansas"),
    ("CA", "California"), ("CO", "Colorado"), ("CT", "Connecticut"), ("DE", "Delaware"),
    ("DC", "District of Columbia"), ("FL", "Florida"), ("GA", "Georgia"), ("HI", "Hawaii"),
    ("ID", "Idaho"), ("IL", "Illinois"), ("IN", "Indiana"), ("IA", "Iowa"), ("KS", "Kansas"),
    ("KY", "Kentucky"), ("LA", "Louisiana"), ("ME", "Maine"), ("MD", "Maryland"),
    ("MA", "Massachusetts"), ("MI", "Michigan"), ("MN", "Minnesota"), ("MS", "Mississippi"),
    ("MO", "Missouri"), ("MT", "Montana"), ("NE", "Nebraska"), ("NV", "Nevada"),
    ("NH", "New Hampshire"), ("NJ", "New Jersey"), ("NM", "New Mexico"), ("NY", "New York"),
    ("NC", "North Carolina"), ("ND", "North Dakota"), ("OH", "Ohio"), ("OK", "Oklahoma"),
    ("OR", "Oregon"), ("PA", "Pennsylvania"), ("RI", "Rhode Island"), ("SC", "South Carolina"),
    ("SD", "South Dakota"), ("TN", "Tennessee"), ("TX", "Texas"), ("UT", "Utah"),
    ("VT", "Vermont"), ("VA", "Virginia"), ("WA", "Washington"), ("WV", "West Virginia"),
    ("WI", "Wisconsin"), ("WY", "Wyoming"), ("PR", "Puerto Rico"), ("GU", "Guam"),
    ("VI", "U.S. Virgin Islands"), ("AS", "American Samoa"), ("MP", "Northern Mariana Islands"),
]  # fmt: skip


def validate_time_zone(value: str) -> None:
    if value not in zoneinfo.available_timezones():
        raise ValidationError(_("%(value)s is not a known time zone."), params={"value": value})


class UserManager(BaseUserManager["User"]):
    use_in_migrations = True

    def _create(self, email: str, password: str | None, **extra: Any) -> "User":
        if not email:
            raise ValueError("An e-mail address is required")
        user = self.model(email=self.normalize_email(email).lower(), **extra)
        user.set_password(password)
        user.save(using=self._db)
        return user

    def create_user(self, email: str, password: str | None = None, **extra: Any) -> "User":
        extra.setdefault("is_staff", False)
        extra.setdefault("is_superuser", False)
        return self._create(email, password, **extra)

    def create_superuser(self, email: str, password: str | None = None, **extra: Any) -> "User":
        extra["is_staff"] = True
        extra["is_superuser"] = True
        return self._create(email, password, **extra)


class User(AbstractUser):
    """Everyone signs in with an e-mail address; roles come from memberships and designations."""

    # Removes AbstractUser's username column. django-stubs types the attribute as that field.
    username = None  # type: ignore[assignment]
    email = models.EmailField(_("e-mail address"), unique=True)
    preferred_language = models.CharField(
        _("preferred language"), max_length=10, choices=settings.LANGUAGES, default="en"
    )
    # Moves on whenever the person's agency memberships, designations or second-factor devices
    # change (certify.records.access_version): a session that kept what they were allowed can
    # tell, from the user row it reads anyway, that it must look again.
    access_version = models.PositiveIntegerField(default=0, editable=False)
    # Raised to sign the person out of every session at once (a reset of the second factor).
    sessions_epoch = models.PositiveIntegerField(default=0, editable=False)

    USERNAME_FIELD = "email"
    REQUIRED_FIELDS: ClassVar[list[str]] = []
    # django-stubs types AbstractUser.objects as the username-based contrib UserManager; this
    # model signs people in by e-mail and has its own manager.
    objects: ClassVar[UserManager] = UserManager()  # type: ignore[assignment]

    class Meta:
        verbose_name = _("user")
        verbose_name_plural = _("users")

    def __str__(self) -> str:
        return self.get_full_name() or self.email

    def _get_session_auth_hash(self, secret: str | None = None) -> str:
        """Django's session check, which also fails once sessions_epoch moves on: every session
        signed in before then ends at its next request. At epoch 0 it is Django's own value,
        so sessions from before this field keep working."""
        key_salt = "django.contrib.auth.models.AbstractBaseUser.get_session_auth_hash"
        value = (
            self.password if not self.sessions_epoch else f"{self.password}:{self.sessions_epoch}"
        )
        return salted_hmac(key_salt, value, secret=secret, algorithm="sha256").hexdigest()

    def has_perm(self, perm: str, obj: models.Model | None = None) -> bool:
        # Django lets a superuser through every permission. Site admins run the installation;
        # they do not read victims' requests, so certify's own policy permissions skip that.
        # rules 3.5 leaves perm_exists and has_perm unannotated (both return a bool).
        if perm_exists(perm):  # type: ignore[no-untyped-call]
            if not self.is_active:
                return False
            allowed: bool = has_perm(perm, self, obj)  # type: ignore[no-untyped-call]
            return allowed
        return super().has_perm(perm, obj)


class Agency(models.Model):
    class Kind(models.TextChoices):
        POLICE = "police", _("Police department")
        SHERIFF = "sheriff", _("Sheriff's office")
        PROSECUTOR = "prosecutor", _("Prosecutor (district attorney)")
        CITY_ATTORNEY = "city_attorney", _("City attorney")
        COURT = "court", _("Court")
        LABOR = "labor", _("Labor agency")
        CHILD_PROTECTIVE = "child_protective", _("Child protective services")
        ADULT_PROTECTIVE = "adult_protective", _("Adult protective services")
        OTHER = "other", _("Other")

    class Level(models.TextChoices):
        # Part 2 of Supplement B asks which government the agency belongs to. A state court or
        # a state labor agency is State, whatever city it sits in.
        FEDERAL = "federal", _("Federal")
        STATE = "state", _("State")
        LOCAL = "local", _("Local")
        TRIBAL = "tribal", _("Tribal")

    class Category(models.TextChoices):
        JUDGE = "judge", _("Judge")
        LAW_ENFORCEMENT = "law_enforcement", _("Law enforcement")
        PROSECUTOR = "prosecutor", _("Prosecutor")
        OTHER = "other", _("Other")

    name = models.CharField(_("name"), max_length=200)
    slug = models.SlugField(_("slug"), unique=True)
    kind = models.CharField(_("kind"), max_length=30, choices=Kind.choices)
    # How Part 2 of the supplement describes the agency. Blank means "not recorded": the
    # certifying official then answers the item on the form.
    level = models.CharField(
        _("level of government"),
        max_length=10,
        choices=Level.choices,
        blank=True,
        help_text=_(
            "Federal, state, local or tribal. A state court or state labor agency is State."
        ),
    )
    category = models.CharField(
        _("category"),
        max_length=20,
        choices=Category.choices,
        blank=True,
        help_text=_("Judge, law enforcement, prosecutor, or other (say what in the next box)."),
    )
    category_other = models.CharField(
        _("other category, in words"),
        max_length=100,
        blank=True,
        help_text=_(
            "For example: labor agency, child protective services, adult protective services."
        ),
    )
    state = models.CharField(_("state"), max_length=2, choices=US_STATES)
    # As the agency's details go on Part 2 of the supplement.
    street = models.CharField(_("street address"), max_length=200, blank=True)
    suite = models.CharField(_("suite or floor"), max_length=50, blank=True)
    city = models.CharField(_("city"), max_length=100, blank=True)
    zip_code = models.CharField(
        _("ZIP code"),
        max_length=10,
        blank=True,
        validators=[RegexValidator(r"^\d{5}(-\d{4})?$", _("Enter a ZIP code like 94110."))],
    )
    phone = PhoneNumberField(_("phone"), blank=True)
    fax = PhoneNumberField(_("fax"), blank=True)
    email = models.EmailField(_("e-mail for requests"), blank=True)
    certifies_u = models.BooleanField(_("certifies Form I-918 Supplement B (U)"), default=True)
    certifies_t = models.BooleanField(_("certifies Form I-914 Supplement B (T)"), default=True)
    time_zone = models.CharField(
        _("time zone"),
        max_length=64,
        default="America/Los_Angeles",
        validators=[validate_time_zone],
    )
    # False: the agency is not on certify and gets a printable packet instead.
    on_certify = models.BooleanField(_("receives requests through certify"), default=True)
    # Empty unless the agency has published a target of its own: where no law sets a deadline
    # the site's default (settings.CERTIFY_DEFAULT_TARGET_DAYS) applies instead, and either is
    # shown as policy, not law.
    target_days = models.PositiveSmallIntegerField(
        _("own published target in days"),
        null=True,
        blank=True,
        validators=[MinValueValidator(1)],
        help_text=_(
            "Only where no law sets a deadline, and only a target the agency has published; "
            "shown as the agency's policy, not law."
        ),
    )
    electronic_signature_allowed = models.BooleanField(
        _("electronic signature allowed by counsel"), default=False
    )
    instructions = models.TextField(_("published instructions"), blank=True)
    # Where the agency's own e-mail addresses end: a request to join is confirmed through an
    # address at this domain, or else at the website's.
    website = models.URLField(_("website"), blank=True)
    email_domain = models.CharField(
        _("e-mail domain"),
        max_length=100,
        blank=True,
        help_text=_("The domain of the agency's staff addresses when it is not the website's."),
    )
    letterhead = models.TextField(
        _("letterhead"),
        blank=True,
        help_text=_("The lines printed at the top of the agency's letters, one per line."),
    )
    return_address = models.TextField(
        _("return address"),
        blank=True,
        help_text=_(
            "Where letters and packets say to write to the agency, one line per line. Empty: "
            "the street address above."
        ),
    )
    created_at = models.DateTimeField(auto_now_add=True)

    # django-modeltranslation (untyped) swaps in its own Manager subclass when the app loads.
    objects: ClassVar[models.Manager["Agency"]]

    class Meta:
        verbose_name = _("agency")
        verbose_name_plural = _("agencies")
        ordering = ["state", "name"]

    def __str__(self) -> str:
        return f"{self.name} ({self.state})"

    def clean(self) -> None:
        super().clean()
        if self.category == self.Category.OTHER and not self.category_other.strip():
            raise ValidationError(
                {"category_other": _("Say in words what kind of agency this is.")}
            )

    @property
    def tz(self) -> zoneinfo.ZoneInfo:
        return zoneinfo.ZoneInfo(self.time_zone)

    def certifies(self, form: str) -> bool:
        return self.certifies_u if form == CertificationRequest.Form.U else self.certifies_t

    def street_address_lines(self) -> list[str]:
        """As an envelope has it: "1 Main St, Suite 2", then "Oakland, CA 94612"."""
        street = ", ".join(p for p in (self.street, self.suite) if p)
        place = " ".join(p for p in (f"{self.city}," if self.city else "", self.state) if p)
        return [line for line in (street, f"{place} {self.zip_code}".strip()) if line]

    def mailing_lines(self) -> list[str]:
        """The agency's name and where to write to it: its return address if it gave one."""
        given = [line.strip() for line in self.return_address.splitlines() if line.strip()]
        return [self.name, *(given or self.street_address_lines())]

    def letterhead_lines(self) -> list[str]:
        return [line.strip() for line in self.letterhead.splitlines() if line.strip()]


class ServiceArea(models.Model):
    """A county, or a city within it, that an agency serves (a blank city means the county)."""

    agency = models.ForeignKey(Agency, on_delete=models.CASCADE, related_name="service_areas")
    county = models.CharField(_("county"), max_length=100)
    city = models.CharField(_("city"), max_length=100, blank=True)

    class Meta:
        verbose_name = _("service area")
        verbose_name_plural = _("service areas")
        constraints = [
            models.UniqueConstraint(fields=["agency", "county", "city"], name="uniq_service_area")
        ]

    def __str__(self) -> str:
        return f"{self.city}, {self.county}" if self.city else self.county


class AgencyMembership(models.Model):
    class Role(models.TextChoices):
        COORDINATOR = "coordinator", _("Coordinator")
        LEAD = "lead", _("Agency lead")

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="agency_memberships"
    )
    agency = models.ForeignKey(Agency, on_delete=models.CASCADE, related_name="memberships")
    role = models.CharField(_("role"), max_length=20, choices=Role.choices)
    active = models.BooleanField(_("active"), default=True)

    class Meta:
        verbose_name = _("agency membership")
        verbose_name_plural = _("agency memberships")
        constraints = [
            models.UniqueConstraint(
                fields=["user", "agency", "role"], name="uniq_agency_membership"
            )
        ]

    def __str__(self) -> str:
        return f"{self.user} – {self.get_role_display()} – {self.agency}"


def designation_letter_path(instance: "CertifyingOfficial", filename: str) -> str:
    # Never the uploader's file name: it may carry personal data and is not to be trusted.
    return f"designations/{uuid.uuid4().hex}.pdf"


class CertifyingOfficial(models.Model):
    """A person 8 CFR 214.14(a)(3) lets sign: agency head, designated supervisor or judge."""

    class Basis(models.TextChoices):
        HEAD = "head", _("Head of the agency")
        DESIGNATED = "designated", _("Supervisor designated by the head of the agency")
        JUDGE = "judge", _("Judge")

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="designations"
    )
    agency = models.ForeignKey(Agency, on_delete=models.PROTECT, related_name="officials")
    title = models.CharField(_("title"), max_length=150)
    division = models.CharField(_("division or office"), max_length=150, blank=True)
    basis = models.CharField(
        _("authority to certify"), max_length=20, choices=Basis.choices, default=Basis.DESIGNATED
    )
    designation_date = models.DateField(_("designation date"))
    designation_letter = models.FileField(
        _("designation letter"), upload_to=designation_letter_path, blank=True
    )
    designation_letter_on_file = models.BooleanField(_("designation letter on file"), default=False)
    # The head of the agency who made a supervisor a certifying official (8 CFR 214.14(a)(3)).
    designated_by = models.CharField(
        _("designated by (name and title)"), max_length=200, blank=True
    )
    end_date = models.DateField(_("designation ends on"), null=True, blank=True)
    # The designation letter, encrypted like supporting documents (certify.records.documents).
    letter_storage_name = models.CharField(max_length=64, blank=True, editable=False)
    active = models.BooleanField(_("active"), default=True)

    class Meta:
        verbose_name = _("designated certifying official")
        verbose_name_plural = _("designated certifying officials")
        constraints = [
            models.UniqueConstraint(fields=["user", "agency"], name="uniq_official_per_agency")
        ]

    def __str__(self) -> str:
        return f"{self.user} – {self.title}, {self.agency.name}"


class Organisation(models.Model):
    name = models.CharField(_("name"), max_length=200)
    slug = models.SlugField(_("slug"), unique=True)
    state = models.CharField(_("state"), max_length=2, choices=US_STATES, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("organisation")
        verbose_name_plural = _("organisations")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class OrganisationMembership(models.Model):
    class Role(models.TextChoices):
        ADVOCATE = "advocate", _("Advocate")
        MANAGER = "manager", _("Manager")

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="organisation_memberships"
    )
    organisation = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, related_name="memberships"
    )
    role = models.CharField(_("role"), max_length=20, choices=Role.choices, default=Role.ADVOCATE)
    active = models.BooleanField(_("active"), default=True)

    class Meta:
        verbose_name = _("organisation membership")
        verbose_name_plural = _("organisation memberships")
        constraints = [
            models.UniqueConstraint(fields=["user", "organisation"], name="uniq_org_membership")
        ]

    def __str__(self) -> str:
        return f"{self.user} – {self.organisation}"


class QualifyingActivity(models.Model):
    """The statute's list (INA 101(a)(15)(U)(iii)), translatable, with plain explanations."""

    class Kind(models.TextChoices):
        CRIME = "crime", _("Listed criminal activity")
        INCHOATE = "inchoate", _("Attempt, conspiracy or solicitation")
        SIMILAR = "similar", _("Similar activity")

    code = models.SlugField(_("code"), max_length=50, unique=True)
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices, default=Kind.CRIME)
    position = models.PositiveSmallIntegerField(_("position"))
    name = models.CharField(_("name"), max_length=150)
    description = models.TextField(_("plain-language description"), blank=True)
    source = models.CharField(_("source"), max_length=200, blank=True)

    # django-modeltranslation (untyped) swaps in its own Manager subclass when the app loads.
    objects: ClassVar[models.Manager["QualifyingActivity"]]

    class Meta:
        verbose_name = _("qualifying activity")
        verbose_name_plural = _("qualifying activities")
        ordering = ["position"]

    def __str__(self) -> str:
        return self.name


_REFERENCE_ALPHABET = "23456789ABCDEFGHJKMNPQRSTVWXYZ"  # no 0/O, 1/I/L or U: read aloud safely


def new_reference(form: str) -> str:
    # 8 characters from 30 symbols: about 6.6e11 values, drawn with secrets, so not guessable.
    body = "".join(secrets.choice(_REFERENCE_ALPHABET) for _ in range(8))
    return f"{form}-{body[:4]}-{body[4:]}"


class SignatureMethod(models.TextChoices):
    INK = "ink", _("In ink, scan uploaded")
    ELECTRONIC = "electronic", _("Electronically")


class DenialReason(models.TextChoices):
    # Coded so reports can count reasons (Colorado, Oregon, Nevada) without the letter's text.
    NOT_QUALIFYING = "not_qualifying", _("Not a victim of qualifying criminal activity")
    NOT_HELPFUL = "not_helpful", _("Refused or failed to give reasonably requested help")
    NO_INFORMATION = "no_information", _("Has no information about the criminal activity")
    NO_JURISDICTION = "no_jurisdiction", _("The agency did not detect, investigate or prosecute it")
    INSUFFICIENT_RECORDS = "insufficient_records", _("The agency's records do not support it")
    OTHER = "other", _("Another reason, explained in the letter")


class ClockBasis(models.TextChoices):
    """Where a request's response clock comes from."""

    STATE_LAW = "state_law", _("state law")
    LOCAL_LAW = "local_law", _("local law")
    AGENCY_TARGET = "agency_target", _("the agency's own target (policy, not law)")
    SITE_DEFAULT = "site_default", _("the site's default target (policy, not law)")


class CertificationRequest(models.Model):
    class Form(models.TextChoices):
        U = "U", _("U visa: Form I-918 Supplement B")
        T = "T", _("T visa: Form I-914 Supplement B")

    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        SUBMITTED = "submitted", _("Submitted")
        RECEIVED = "received", _("Received by the agency")
        ASSIGNED = "assigned", _("Assigned to an official")
        IN_REVIEW = "in_review", _("In review")
        INFO_REQUESTED = "info_requested", _("Information requested")
        CERTIFIED = "certified", _("Certified")
        DENIED = "denied", _("Denied")
        WITHDRAWN = "withdrawn", _("Withdrawn by the requester")
        CERT_WITHDRAWN = "cert_withdrawn", _("Certification withdrawn by the agency")
        RECONSIDERATION = "reconsideration", _("Reconsideration or appeal requested")
        RETURNED = "returned", _("Returned by the agency: not its case")

    class FiledBy(models.TextChoices):
        VICTIM = "victim", _("The victim")
        ADVOCATE = "advocate", _("An advocate for a client")

    class Gender(models.TextChoices):
        # The 01/20/25 edition of Supplement B offers two boxes.
        MALE = "male", _("Male")
        FEMALE = "female", _("Female")

    class HelpedWay(models.TextChoices):
        REPORTED = "reported", _("Reported the crime")
        STATEMENTS = "statements", _("Gave statements or answered questions")
        IDENTIFIED = "identified", _("Identified the person who did it")
        TESTIFIED = "testified", _("Testified, or agreed to testify")
        WILLING = "willing", _("Is willing to help when asked")
        OTHER = "other", _("Other")

    class TraffickingType(models.TextChoices):
        # The severe forms of trafficking in persons, 22 U.S.C. 7102; the values are the
        # statement-of-claim keys of Form I-914 Supplement B.
        SEX_FORCE = (
            "sex_trafficking_force_fraud_coercion",
            _("Made to do commercial sex acts by force, fraud or coercion"),
        )
        SEX_MINOR = "sex_trafficking_minor", _("Made to do commercial sex acts when under 18")
        LABOR = (
            "labor_trafficking",
            _(
                "Made to work or give services by force, fraud or coercion (for example debt "
                "bondage, involuntary servitude, peonage or slavery)"
            ),
        )

    class Cooperation(models.TextChoices):
        # A T applicant complies with reasonable requests for assistance from law enforcement,
        # unless under 18 or unable to because of physical or psychological trauma.
        COMPLIED = "complied", _("Yes, the victim has helped whenever asked")
        NOT_ASKED = "not_asked", _("No one has asked the victim for help yet")
        TRAUMA = "trauma", _("Not always: physical or psychological trauma made it impossible")
        UNDER_18 = "under_18", _("Not always: the victim was under 18")

    reference = models.CharField(_("reference"), max_length=12, unique=True, editable=False)
    form = models.CharField(_("certification"), max_length=1, choices=Form.choices)
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.DRAFT, db_index=True
    )
    # Bumped on every change of status or of the agency's answers (optimistic locking).
    version = models.PositiveIntegerField(default=1)

    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="requests_created"
    )
    filed_by = models.CharField(_("filed by"), max_length=10, choices=FiledBy.choices)
    organisation = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, null=True, blank=True, related_name="requests"
    )
    agency = models.ForeignKey(
        Agency, on_delete=models.PROTECT, null=True, blank=True, related_name="requests"
    )
    assigned_official = models.ForeignKey(
        CertifyingOfficial,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="assigned_requests",
    )

    # Part 1: the victim, encrypted.
    family_name = EncryptedTextField(_("family name"), blank=True)
    given_name = EncryptedTextField(_("given name"), blank=True)
    middle_name = EncryptedTextField(_("middle name"), blank=True)
    name_index = models.CharField(max_length=64, blank=True, db_index=True, editable=False)
    # The name as written in its own script ({"family_name": ..., "given_name": ...,
    # "middle_name": ...}) when it is not in Latin letters; the three fields above then hold
    # the Latin spelling on the victim's documents, which is what the federal form takes.
    native_name = EncryptedJSONField(_("name in its own script"), default=dict)
    # Each other name as {"family_name", "given_name", "middle_name"}; requests filed before
    # names were asked in parts hold plain strings, which are never split by guess.
    other_names = EncryptedJSONField(_("other names used"))
    date_of_birth = EncryptedDateField(_("date of birth"), null=True, blank=True)
    gender = EncryptedTextField(_("gender"), blank=True)
    a_number = EncryptedTextField(_("A-number"), blank=True)
    a_number_index = models.CharField(max_length=64, blank=True, db_index=True, editable=False)
    preferred_language = models.CharField(
        _("preferred language"), max_length=10, choices=settings.LANGUAGES, default="en"
    )
    safe_mailing_address = EncryptedTextField(_("safe mailing address"), blank=True)
    safe_phone = EncryptedTextField(_("safe phone"), blank=True)
    safe_email = EncryptedTextField(_("safe e-mail"), blank=True)
    safe_channels = models.JSONField(_("channels safe to use"), default=list, blank=True)

    # Part 3: the crime. The place is kept in clear: routing and reports need it.
    crime_dates = models.JSONField(_("dates of the crime"), default=list, blank=True)
    crime_city = models.CharField(_("city of the crime"), max_length=100, blank=True)
    crime_county = models.CharField(_("county of the crime"), max_length=100, blank=True)
    crime_state = models.CharField(_("state of the crime"), max_length=2, blank=True)
    activities = models.ManyToManyField(
        QualifyingActivity, blank=True, related_name="requests", verbose_name=_("activities")
    )
    similar_activity = EncryptedTextField(_("similar activity"), blank=True)
    case_number = EncryptedTextField(_("police report or case number"), blank=True)
    case_number_index = models.CharField(max_length=64, blank=True, db_index=True, editable=False)
    case_charged = models.BooleanField(_("charges filed"), null=True, blank=True)
    narrative = EncryptedTextField(_("what happened"), blank=True)
    # The federal form is in English: an account in another language needs a full English
    # translation with the translator's certification (8 CFR 103.2(b)(3)). None: not asked.
    narrative_in_english = models.BooleanField(_("account written in English"), null=True)
    narrative_language = models.CharField(_("language of the account"), max_length=60, blank=True)
    documents_in_english = models.BooleanField(_("documents in English"), null=True)
    injuries = EncryptedTextField(_("injuries"), blank=True)
    # T requests: the forms of trafficking the requester names (22 U.S.C. 7102), keys of the
    # Form I-914 Supplement B statement of claim ("sex_trafficking_force_fraud_coercion"...).
    trafficking_types = EncryptedJSONField(_("forms of trafficking"))

    # Part 4: helpfulness.
    helped_ways = models.JSONField(_("how the victim has helped"), default=list, blank=True)
    helpfulness_details = EncryptedTextField(_("helpfulness details"), blank=True)
    unmet_request = EncryptedTextField(_("requests the victim could not meet, and why"), blank=True)
    # T requests: compliance with reasonable requests, or why not (the trauma or age exception).
    cooperation = EncryptedTextField(_("cooperation with reasonable requests"), blank=True)
    cooperation_details = EncryptedTextField(_("cooperation, in the requester's words"), blank=True)

    # Expedite facts: every one optional, asked only because state deadlines depend on them.
    removal_proceedings = models.BooleanField(_("in removal proceedings"), default=False)
    detained = models.BooleanField(_("detained"), default=False)
    age_out_date = models.DateField(_("a family member ages out on"), null=True, blank=True)
    expedite_other = EncryptedTextField(_("other urgent reason"), blank=True)
    expedite_requested = models.BooleanField(_("expedited handling requested"), default=False)
    # Asked only where a law counts the victim's own 21st birthday: the petition is to include
    # the victim's parents, or siblings under 18, who can be included only before it.
    parents_or_siblings = models.BooleanField(
        _("parents or siblings under 18 to be included"), null=True, blank=True
    )
    # Set by the agency where a law counts from its first encounter with the victim
    # (Cal. Penal Code 236.5).
    first_encounter_on = models.DateField(
        _("the agency first encountered the victim on"), null=True, blank=True
    )

    # The wizard's raw answers per step while the request is a draft (encrypted as a whole), so
    # a draft resumes on any device; cleared once the request is submitted.
    wizard_data: "models.Field[dict[str, Any], dict[str, Any]]" = EncryptedJSONField(default=dict)
    wizard_step = models.CharField(max_length=40, blank=True)
    copied_from = models.ForeignKey(
        "self", on_delete=models.SET_NULL, null=True, blank=True, related_name="copies"
    )

    consent_to_share = models.BooleanField(_("consent to share with the agency"), default=False)
    declaration_signed_at = models.DateTimeField(null=True, blank=True)

    # The clock, as a snapshot: a later change of the rule never moves a deadline already set.
    received_on = models.DateField(_("received by the agency on"), null=True, blank=True)
    due_date = models.DateField(_("due date"), null=True, blank=True, db_index=True)
    clock_days = models.PositiveSmallIntegerField(null=True, blank=True)
    clock_day_kind = models.CharField(max_length=10, blank=True)
    # The citation of the law the clock comes from (empty for a policy target), its official
    # address, whether the row was checked against the law's text, and on what basis and for
    # what reason (the trigger) the clock runs; pages word them at display time, in the
    # reader's language.
    clock_rule = models.TextField(_("deadline rule"), blank=True)
    clock_source = models.TextField(blank=True)
    clock_confirmed = models.BooleanField(default=False)
    clock_is_policy = models.BooleanField(default=False)
    clock_basis = models.CharField(max_length=16, choices=ClockBasis.choices, blank=True)
    clock_trigger = models.CharField(max_length=30, blank=True)
    expedited = models.BooleanField(_("expedited"), default=False)
    # A written explanation of a delay with a projected date, where the law accepts it as a
    # timely response (G.L. c. 258F, § 3): the response clock stops on that day.
    delay_notice_on = models.DateField(_("delay explained on"), null=True, blank=True)
    delay_projected_on = models.DateField(_("projected answer date"), null=True, blank=True)

    signature_date = models.DateField(_("signature date"), null=True, blank=True)
    signature_method = models.CharField(
        _("signed"), max_length=12, choices=SignatureMethod.choices, blank=True
    )
    # The electronic path (where the agency's counsel allows it): the typed name and the moment.
    electronic_signature_name = models.CharField(max_length=150, blank=True)
    signed_at = models.DateTimeField(null=True, blank=True)
    denial_reason = models.CharField(
        _("reason for denial"), max_length=30, choices=DenialReason.choices, blank=True
    )
    appeal_due_date = models.DateField(_("appeal answer due"), null=True, blank=True)
    decided_at = models.DateTimeField(_("decided at"), null=True, blank=True)
    # When the request last reached a closed status (set by workflows.lifecycle; NULL while
    # open): the retention period runs from here, as a range on a partial index.
    closed_at = models.DateTimeField(_("closed at"), null=True, blank=True, editable=False)
    submitted_at = models.DateTimeField(_("submitted at"), null=True, blank=True)
    created_at = models.DateTimeField(default=timezone.now, editable=False)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("certification request")
        verbose_name_plural = _("certification requests")
        ordering = ["-created_at"]
        indexes = [
            models.Index(fields=["agency", "status"], name="req_agency_status"),
            models.Index(fields=["organisation", "status"], name="req_org_status"),
            # The sweep's six-month reminders read certified requests by signature date.
            models.Index(
                fields=["signature_date"],
                condition=models.Q(status="certified"),
                name="req_certified_signature",
            ),
            # The retention purge reads closed requests by the moment they closed.
            models.Index(
                fields=["closed_at"],
                condition=models.Q(closed_at__isnull=False),
                name="req_closed_at",
            ),
            # The public statistics group received requests by year of receipt and agency:
            # in this key's order, with the columns they read alongside, PostgreSQL reads one
            # year's part of the index alone (and its first and last year at either end),
            # never the wide encrypted rows, and sorts nothing.
            models.Index(
                ExtractYear("received_on"),
                models.F("agency"),
                include=["received_on", "decided_at", "status", "due_date"],
                condition=models.Q(agency__isnull=False, received_on__isnull=False),
                name="req_year_agency",
            ),
        ]

    def __str__(self) -> str:
        return self.reference

    # Each blind index and the encrypted fields it is computed from.
    BLIND_INDEXES: ClassVar[dict[str, tuple[str, ...]]] = {
        "name_index": ("family_name", "given_name"),
        "a_number_index": ("a_number",),
        "case_number_index": ("case_number",),
    }

    def save(self, *args: Any, **kwargs: Any) -> None:
        if not self.reference:
            self.reference = new_reference(self.form or "U")
        update_fields = kwargs.get("update_fields")
        update_fields = set(update_fields) if update_fields is not None else None
        indexes = self._indexes_to_write(update_fields)
        if "name_index" in indexes:
            self.name_index = crypto.blind_index(f"{self.family_name} {self.given_name}")
        if "a_number_index" in indexes:
            self.a_number_index = crypto.blind_index(self.a_number)
        if "case_number_index" in indexes:
            self.case_number_index = crypto.blind_index(self.case_number)
        if update_fields is not None:
            kwargs["update_fields"] = update_fields | indexes | {"updated_at"}
        super().save(*args, **kwargs)

    def _indexes_to_write(self, update_fields: set[str] | None) -> set[str]:
        """The blind indexes whose fields this save writes: every one whose fields are loaded,
        or with update_fields, those whose fields it names (a step of the wizard reads and
        writes none of them)."""
        deferred = self.get_deferred_fields()
        return {
            index
            for index, sources in self.BLIND_INDEXES.items()
            if not deferred & set(sources)
            and (update_fields is None or bool(update_fields & set(sources)))
        }

    @property
    def victim_name(self) -> str:
        return " ".join(p for p in (self.given_name, self.middle_name, self.family_name) if p)

    @property
    def native_victim_name(self) -> str:
        """The whole name as it was written, when part of it is in another script ("" if not)."""
        native = self.native_name or {}
        if not native:
            return ""
        parts = ("given_name", "middle_name", "family_name")
        return " ".join(p for p in (native.get(k) or getattr(self, k) for k in parts) if p)

    @property
    def gender_label(self) -> str:
        try:
            return str(self.Gender(self.gender).label)
        except ValueError:
            return ""

    @property
    def crime_days(self) -> list[date]:
        """The crime dates as dates (stored as ISO strings), for display."""
        days = []
        for value in self.crime_dates or []:
            try:
                days.append(date.fromisoformat(value))
            except (TypeError, ValueError):
                continue
        return days

    @property
    def is_open(self) -> bool:
        return self.status in OPEN_STATUSES


OPEN_STATUSES = frozenset(
    {
        CertificationRequest.Status.SUBMITTED,
        CertificationRequest.Status.RECEIVED,
        CertificationRequest.Status.ASSIGNED,
        CertificationRequest.Status.IN_REVIEW,
        CertificationRequest.Status.INFO_REQUESTED,
        CertificationRequest.Status.RECONSIDERATION,
    }
)
# Statuses that end a request: reaching one sets `closed_at`, leaving one clears it.
CLOSED_STATUSES = (
    CertificationRequest.Status.CERTIFIED,
    CertificationRequest.Status.DENIED,
    CertificationRequest.Status.WITHDRAWN,
    CertificationRequest.Status.CERT_WITHDRAWN,
    CertificationRequest.Status.RETURNED,
)


class FamilyMember(models.Model):
    class Relationship(models.TextChoices):
        SPOUSE = "spouse", _("Spouse")
        CHILD = "child", _("Child")
        PARENT = "parent", _("Parent")
        SIBLING = "sibling", _("Sibling")
        OTHER = "other", _("Other")

    request = models.ForeignKey(
        CertificationRequest, on_delete=models.CASCADE, related_name="family_members"
    )
    family_name = EncryptedTextField(_("family name"), blank=True)
    given_name = EncryptedTextField(_("given name"), blank=True)
    middle_name = EncryptedTextField(_("middle name"), blank=True)
    # Kept whole for members recorded before names were asked in parts; never split by guess.
    full_name = EncryptedTextField(_("full name"), blank=True)
    relationship = models.CharField(_("relationship"), max_length=10, choices=Relationship.choices)
    date_of_birth = EncryptedDateField(_("date of birth"), null=True, blank=True)
    # Harmed: an indirect victim or a qualifying family member (8 CFR 214.14(a)(10), (a)(14)).
    # Implicated: the requester says they took part in the crime. Only the certifying
    # official decides what goes in Part 5, "Family Members Implicated in the Criminal Activity".
    harmed = models.BooleanField(_("also harmed"), default=False)
    implicated = models.BooleanField(_("took part in the crime"), default=False)
    involvement = EncryptedTextField(_("what they did"), blank=True)

    class Meta:
        verbose_name = _("family member")
        verbose_name_plural = _("family members")

    def __str__(self) -> str:
        # Never the name: this string shows up in logs and the admin.
        return f"{self.get_relationship_display()} ({self.request.reference})"

    @property
    def display_name(self) -> str:
        parts = (self.given_name, self.middle_name, self.family_name)
        return " ".join(p for p in parts if p) or self.full_name


class AgencyCompletion(models.Model):
    """The official's answers for the agency's parts of the supplement, saved as drafts.

    Keyed like the edition's field map (forms.editions); `version` guards against two officials
    overwriting each other (optimistic locking).
    """

    request = models.OneToOneField(
        CertificationRequest, on_delete=models.CASCADE, related_name="completion"
    )
    answers: "models.Field[dict[str, Any], dict[str, Any]]" = EncryptedJSONField(default=dict)
    version = models.PositiveIntegerField(default=1)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("agency's answers")
        verbose_name_plural = _("agency's answers")

    def __str__(self) -> str:
        return f"{self.request.reference} v{self.version}"


class Message(models.Model):
    """The secure thread between the agency and the requester side of one request."""

    request = models.ForeignKey(
        CertificationRequest, on_delete=models.CASCADE, related_name="messages"
    )
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    body = EncryptedTextField(_("message"))
    asks_for_information = models.BooleanField(default=False)
    created_at = models.DateTimeField(default=timezone.now, db_index=True)

    class Meta:
        verbose_name = _("message")
        verbose_name_plural = _("messages")
        ordering = ["created_at", "id"]

    def __str__(self) -> str:
        return f"{self.request.reference} message {self.pk}"


class SupportingDocument(models.Model):
    """An upload, encrypted on disk under the private directory, never under a served path."""

    class Kind(models.TextChoices):
        POLICE_REPORT = "police_report", _("Police report")
        PROTECTIVE_ORDER = "protective_order", _("Protective order")
        SIGNED_SUPPLEMENT = "signed_supplement", _("Signed supplement")
        OTHER = "other", _("Other")

    request = models.ForeignKey(
        CertificationRequest, on_delete=models.CASCADE, related_name="documents"
    )
    message = models.ForeignKey(
        Message, on_delete=models.CASCADE, null=True, blank=True, related_name="attachments"
    )
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    storage_name = models.CharField(max_length=64, unique=True, editable=False)
    original_name = EncryptedTextField(_("file name"), blank=True)
    content_type = models.CharField(max_length=50)
    size = models.PositiveIntegerField()
    sha256 = models.CharField(max_length=64)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    uploaded_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("supporting document")
        verbose_name_plural = _("supporting documents")
        ordering = ["uploaded_at"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} ({self.request.reference})"


# The event kind that marks a request whose personal data the retention purge removed.
PURGED_EVENT = "personal_data_purged"


class AppendOnlyQuerySet(models.QuerySet[Any]):
    """Refuses every bulk path that changes or removes rows: update(), delete(), the raw
    delete a cascade uses, bulk_update() and an upsert through bulk_create()."""

    def _refuse(self, what: str) -> NoReturn:
        raise PermissionError(f"{self.model.__name__} rows cannot be {what}")

    def update(self, **kwargs: Any) -> int:
        self._refuse("changed")

    def _update(self, values: Any) -> Any:
        self._refuse("changed")

    def delete(self) -> tuple[int, dict[str, int]]:
        self._refuse("deleted")

    def _raw_delete(self, using: Any) -> int:
        self._refuse("deleted")

    def bulk_update(self, objs: Any, fields: Any, batch_size: int | None = None) -> int:
        self._refuse("changed")

    def update_or_create(self, *args: Any, **kwargs: Any) -> Any:
        self._refuse("changed")

    def bulk_create(self, objs: Any, *args: Any, **kwargs: Any) -> Any:
        if kwargs.get("update_conflicts") or kwargs.get("ignore_conflicts"):
            self._refuse("changed")
        return super().bulk_create(objs, *args, **kwargs)


class AppendOnlyManager(models.Manager.from_queryset(AppendOnlyQuerySet)):  # type: ignore[misc]
    pass


class AuditQuerySet(AppendOnlyQuerySet):
    def bulk_create(self, objs: Any, *args: Any, **kwargs: Any) -> Any:
        # bulk_create skips save(), which links each entry into the chain.
        self._refuse("created in bulk")


class AuditManager(models.Manager.from_queryset(AuditQuerySet)):  # type: ignore[misc]
    pass


class AppendOnlyModel(models.Model):
    # Also the base manager (Meta.base_manager_name in each subclass): Django reaches rows
    # through _base_manager for related lookups, and it must refuse as the default one does.
    objects = AppendOnlyManager()

    class Meta:
        abstract = True

    def save(self, *args: Any, **kwargs: Any) -> None:
        if not self._state.adding:
            raise PermissionError(f"{type(self).__name__} rows cannot be changed")
        super().save(*args, **kwargs)

    def delete(self, *args: Any, **kwargs: Any) -> NoReturn:
        raise PermissionError(f"{type(self).__name__} rows cannot be deleted")


class RequestEvent(AppendOnlyModel):
    """The request's history: every change of status and every notable step, who and why."""

    request = models.ForeignKey(
        CertificationRequest, on_delete=models.PROTECT, related_name="events"
    )
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    kind = models.CharField(_("kind"), max_length=40)
    from_status = models.CharField(max_length=20, blank=True)
    to_status = models.CharField(max_length=20, blank=True)
    # Reasons may repeat what the victim told the agency: encrypted like the rest.
    note = EncryptedTextField(_("note"), blank=True)
    created_at = models.DateTimeField(default=timezone.now, db_index=True)

    class Meta:
        verbose_name = _("request event")
        verbose_name_plural = _("request events")
        ordering = ["created_at", "id"]
        # The reports, the dashboard and the retention purge read a request's events by kind.
        indexes = [models.Index(fields=["request", "kind"], name="event_request_kind")]
        base_manager_name = "objects"

    def __str__(self) -> str:
        return f"{self.kind} {self.from_status}->{self.to_status}"


class AuditEntry(AppendOnlyModel):
    """Who looked at or changed what, when and from where. Holds no personal data."""

    class Action(models.TextChoices):
        VIEW = "view", _("Viewed")
        DOWNLOAD = "download", _("Downloaded")
        CREATE = "create", _("Created")
        UPDATE = "update", _("Changed")
        TRANSITION = "transition", _("Changed status")
        EXPORT = "export", _("Exported")
        SIGN_IN = "sign_in", _("Signed in")

    # Plain ids, not foreign keys: an audit entry outlives whatever it points at.
    actor_id = models.BigIntegerField(null=True, blank=True, db_index=True)
    actor_label = models.CharField(max_length=254, blank=True)
    action = models.CharField(max_length=20, choices=Action.choices)
    object_type = models.CharField(max_length=50)
    object_id = models.CharField(max_length=64)
    request_reference = models.CharField(max_length=12, blank=True, db_index=True)
    detail = models.CharField(max_length=200, blank=True)
    # Why a person changed roles, designations or devices, in the words they gave.
    reason = models.CharField(max_length=500, blank=True)
    ip_address = models.GenericIPAddressField(null=True, blank=True)
    created_at = models.DateTimeField(default=timezone.now, db_index=True)
    # The chain: each entry holds the hash of the one before it and of its own content, so an
    # entry removed or altered behind the application's back shows (manage.py verify_audit).
    prev_hash = models.CharField(max_length=64, blank=True, editable=False)
    entry_hash = models.CharField(max_length=64, blank=True, editable=False)

    objects = AuditManager()  # type: ignore[misc]  # refuses bulk_create too

    class Meta:
        verbose_name = _("audit entry")
        verbose_name_plural = _("audit entries")
        ordering = ["-created_at", "-id"]
        base_manager_name = "objects"

    def __str__(self) -> str:
        return (
            f"{self.created_at:%Y-%m-%d %H:%M} {self.actor_label} {self.action} {self.object_type}"
        )

    def save(self, *args: Any, **kwargs: Any) -> None:
        if not self._state.adding:
            raise PermissionError("AuditEntry rows cannot be changed")
        using = kwargs.get("using") or router.db_for_write(type(self), instance=self)
        with transaction.atomic(using=using):
            connection = connections[using]
            if connection.vendor == "postgresql":
                # One writer at a time links to the newest entry; held until commit, so the
                # order of the chain is the order of the ids.
                with connection.cursor() as cursor:
                    cursor.execute("SELECT pg_advisory_xact_lock(%s)", [AUDIT_CHAIN_LOCK])
            last = (
                AuditEntry.objects.using(using)
                .order_by("-id")
                .values_list("entry_hash", flat=True)
                .first()
            )
            self.prev_hash = last or ""
            self.entry_hash = self.compute_hash()
            super().save(*args, **kwargs)

    def compute_hash(self) -> str:
        """SHA-256 over the entry's content and the previous entry's hash, in a fixed form
        that survives the round trip through either database."""
        created = self.created_at
        if timezone.is_naive(created):
            created = timezone.make_aware(created, datetime.UTC)
        address = str(ipaddress.ip_address(self.ip_address)) if self.ip_address else ""
        content = {
            "prev": self.prev_hash,
            "actor_id": self.actor_id,
            "actor_label": self.actor_label,
            "action": self.action,
            "object_type": self.object_type,
            "object_id": str(self.object_id),
            "request_reference": self.request_reference,
            "detail": self.detail,
            "reason": self.reason,
            "ip_address": address,
            "created_at": created.astimezone(datetime.UTC).isoformat(),
        }
        encoded = json.dumps(content, sort_keys=True, ensure_ascii=False, separators=(",", ":"))
        return hashlib.sha256(encoded.encode()).hexdigest()


# The PostgreSQL advisory lock that serialises appends to the audit chain ("cert" in ASCII).
AUDIT_CHAIN_LOCK = 0x63657274


class SealedPdf(models.Model):
    """A PDF certify issued or received for a request, recorded so anyone can verify it.

    The code printed on the pages finds the record; the SHA-256 tells whether a file is the one
    recorded, to the byte.
    """

    class Kind(models.TextChoices):
        OFFICIAL_COPY = "official_copy", _("Supplement prepared for signature")
        SIGNED_SCAN = "signed_scan", _("Signed supplement")
        ELECTRONIC = "electronic", _("Supplement signed electronically")
        DENIAL_LETTER = "denial_letter", _("Denial letter")
        WITHDRAWAL_LETTER = "withdrawal_letter", _("Withdrawal letter")

    code = models.CharField(_("verification code"), max_length=16, unique=True, editable=False)
    request = models.ForeignKey(
        CertificationRequest, on_delete=models.PROTECT, related_name="sealed_pdfs"
    )
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    edition = models.CharField(_("form edition"), max_length=40, blank=True)
    sha256 = models.CharField(max_length=64, db_index=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("sealed PDF")
        verbose_name_plural = _("sealed PDFs")
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.code} ({self.get_kind_display()})"


def new_verification_code() -> str:
    body = "".join(secrets.choice(_REFERENCE_ALPHABET) for _ in range(10))
    return f"{body[:4]}-{body[4:8]}-{body[8:]}"


class SecondFactorEnrolment(models.Model):
    """A single-use link to set up a second factor, given by an audited reset.

    Staff cannot enrol with a password alone: someone else (a site admin, or the
    reset_second_factor command) must reset their second factor, which e-mails this link. The
    first session that opens it owns it (`session_hash`), and that session alone gets a fresh
    secret. Only the SHA-256 of the link's token is stored."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    token_hash = models.CharField(max_length=64, unique=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)
    expires_at = models.DateTimeField()
    session_hash = models.CharField(max_length=64, blank=True)
    opened_at = models.DateTimeField(null=True, blank=True)
    used_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("second-factor set-up link")
        verbose_name_plural = _("second-factor set-up links")

    def __str__(self) -> str:
        return f"set-up link {self.pk} for user {self.user_id}"


class Invitation(models.Model):
    """A single-use, expiring link that lets one person join an agency or an organisation.

    Only the SHA-256 of the link's token is stored. Joining sets a password and goes straight
    on to the second factor (workflows.invitations)."""

    class Role(models.TextChoices):
        COORDINATOR = "coordinator", _("Coordinator")
        LEAD = "lead", _("Agency lead")
        OFFICIAL = "official", _("Certifying official")
        ADVOCATE = "advocate", _("Advocate")
        MANAGER = "manager", _("Organisation manager")

    AGENCY_ROLES = (Role.COORDINATOR, Role.LEAD, Role.OFFICIAL)
    ORGANISATION_ROLES = (Role.ADVOCATE, Role.MANAGER)

    email = models.EmailField(_("e-mail address"))
    agency = models.ForeignKey(
        Agency, on_delete=models.CASCADE, null=True, blank=True, related_name="invitations"
    )
    organisation = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, null=True, blank=True, related_name="invitations"
    )
    role = models.CharField(_("role"), max_length=20, choices=Role.choices)
    # For an official: the designation made when they join.
    title = models.CharField(_("title"), max_length=150, blank=True)
    basis = models.CharField(
        _("authority to certify"),
        max_length=20,
        choices=CertifyingOfficial.Basis.choices,
        blank=True,
    )
    designated_by = models.CharField(
        _("designated by (name and title)"), max_length=200, blank=True
    )
    designation_date = models.DateField(_("designation date"), null=True, blank=True)
    token_hash = models.CharField(max_length=64, unique=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)
    expires_at = models.DateTimeField()
    used_at = models.DateTimeField(null=True, blank=True)
    revoked_at = models.DateTimeField(null=True, blank=True)
    joined_user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        verbose_name = _("invitation")
        verbose_name_plural = _("invitations")
        ordering = ["-created_at"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(agency__isnull=False, organisation__isnull=True)
                | models.Q(agency__isnull=True, organisation__isnull=False),
                name="invitation_one_place",
            )
        ]

    def __str__(self) -> str:
        return f"invitation {self.pk} ({self.role})"

    @property
    def pending(self) -> bool:
        return self.used_at is None and self.revoked_at is None and self.expires_at > timezone.now()


class JoinRequest(models.Model):
    """An agency listed in the directory asking to receive requests through certify.

    Confirmed through a link sent to an address at the agency's own domain, then approved by a
    site admin; approval invites the person who asked as the agency's first lead."""

    class Status(models.TextChoices):
        UNCONFIRMED = "unconfirmed", _("Waiting for the e-mail confirmation")
        CONFIRMED = "confirmed", _("Confirmed; waiting for the site administrator")
        APPROVED = "approved", _("Approved")
        REJECTED = "rejected", _("Turned down")

    agency = models.ForeignKey(Agency, on_delete=models.CASCADE, related_name="join_requests")
    name = models.CharField(_("your name"), max_length=150)
    title = models.CharField(_("your title"), max_length=150)
    email = models.EmailField(_("your e-mail address at the agency"))
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.UNCONFIRMED
    )
    token_hash = models.CharField(max_length=64, unique=True)
    created_at = models.DateTimeField(default=timezone.now)
    expires_at = models.DateTimeField()
    confirmed_at = models.DateTimeField(null=True, blank=True)
    decided_at = models.DateTimeField(null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        verbose_name = _("request to join")
        verbose_name_plural = _("requests to join")
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"join request {self.pk} ({self.status})"


class CalendarFeed(models.Model):
    """A private calendar address for a staff member's due dates (an .ics feed). The address
    holds a random token; only its SHA-256 is stored. Issuing a new one revokes the old."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="calendar_feeds"
    )
    token_hash = models.CharField(max_length=64, unique=True)
    created_at = models.DateTimeField(default=timezone.now)
    revoked_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("calendar feed")
        verbose_name_plural = _("calendar feeds")

    def __str__(self) -> str:
        return f"calendar feed {self.pk} for user {self.user_id}"
