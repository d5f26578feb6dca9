"""The agency lead's settings pages: details, designated officials, staff, invitations and
routing rules; and the organisation manager's members page.

Every page reads its agency through certify.records.selectors.led_agency, which answers 404 to
anyone who does not lead it (another agency's lead included), and every object in a path is
looked up within that agency. Writes go through workflows.agency_settings and
workflows.invitations, which audit them.
"""

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db.models import QuerySet
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from certify.records import selectors
from certify.records.models import (
    Agency,
    AgencyMembership,
    CertifyingOfficial,
    Invitation,
    OrganisationMembership,
    User,
)
from certify.site.access import SignedInRequest, checked_inside
from certify.site.agency import forms as aforms
from workflows import agency_settings, invitations
from workflows.models import RoutingRule

MANAGE_AGENCY = "certify.manage_agency"
MANAGE_ORGANISATION = "certify.manage_organisation"


def _agency(request: SignedInRequest, slug: str) -> Agency:
    return selectors.led_agency(actor=request.user, slug=slug)


def _site_url(request: SignedInRequest) -> str:
    return request.build_absolute_uri("/")


def _back(agency: Agency) -> HttpResponse:
    return redirect("agency_settings", slug=agency.slug)


def _settings_context(agency: Agency) -> dict:
    return {
        "agency": agency,
        "officials": agency.officials.select_related("user").order_by("-active", "user__email"),
        "memberships": agency.memberships.select_related("user").order_by("user__email"),
        "invitations": [i for i in agency.invitations.order_by("-created_at") if i.pending],
        "rules": RoutingRule.objects.filter(agency=agency),
    }


@never_cache
@checked_inside(MANAGE_AGENCY)
def agency_settings_page(request: SignedInRequest, slug: str) -> HttpResponse:
    agency = _agency(request, slug)
    form = aforms.AgencySettingsForm(
        request.POST or None, instance=Agency.objects.get(pk=agency.pk)
    )
    if request.method == "POST" and form.is_valid():
        changed = agency_settings.update_settings(
            actor=request.user, agency=agency, changes=form.cleaned_data, http_request=request
        )
        messages.success(request, _("Saved.") if changed else _("Nothing changed."))
        return _back(agency)
    context = {
        **_settings_context(agency),
        "form": form,
        "invite_form": aforms.InviteForm(roles=Invitation.AGENCY_ROLES),
        "rule_form": aforms.RoutingRuleForm(),
    }
    return render(request, "certify/agency/settings.html", context)


def _official(agency: Agency, official_id: int) -> CertifyingOfficial:
    return get_object_or_404(
        CertifyingOfficial.objects.select_related("user", "agency"), pk=official_id, agency=agency
    )


@never_cache
@checked_inside(MANAGE_AGENCY)
def official_page(request: SignedInRequest, slug: str, official_id: int) -> HttpResponse:
    agency = _agency(request, slug)
    official = _official(agency, official_id)
    form = aforms.OfficialForm(request.POST or None, request.FILES or None, instance=official)
    if request.method == "POST" and form.is_valid():
        try:
            agency_settings.update_official(
                actor=request.user,
                official=_official(agency, official_id),
                changes=form.cleaned_data,
                letter=form.cleaned_data.get("letter"),
                http_request=request,
            )
        except ValidationError as error:
            form.add_error("letter", error)
        else:
            messages.success(request, _("The designation is saved."))
            return redirect("agency_official", slug=agency.slug, official_id=official.pk)
    context = {
        "agency": agency,
        "official": official,
        "form": form,
        "end_form": aforms.EndDesignationForm(),
    }
    return render(request, "certify/agency/official.html", context)


@require_POST
@checked_inside(MANAGE_AGENCY)
def official_end(request: SignedInRequest, slug: str, official_id: int) -> HttpResponse:
    agency = _agency(request, slug)
    official = _official(agency, official_id)
    form = aforms.EndDesignationForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Say why the designation ends."))
        return redirect("agency_official", slug=agency.slug, official_id=official.pk)
    returned = agency_settings.end_designation(
        actor=request.user,
        official=official,
        reason=form.cleaned_data["reason"],
        http_request=request,
    )
    messages.success(
        request,
        ngettext(
            "The designation has ended. %(count)d open request went back to the queue.",
            "The designation has ended. %(count)d open requests went back to the queue.",
            len(returned),
        )
        % {"count": len(returned)},
    )
    return _back(agency)


@never_cache
@checked_inside(MANAGE_AGENCY)
def official_letter(request: SignedInRequest, slug: str, official_id: int) -> HttpResponse:
    agency = _agency(request, slug)
    official = _official(agency, official_id)
    if not official.letter_storage_name:
        raise Http404
    content = agency_settings.designation_letter(official)
    kind = "application/pdf" if content.startswith(b"%PDF-") else "image/png"
    if content.startswith(b"\xff\xd8\xff"):
        kind = "image/jpeg"
    response = HttpResponse(content, content_type=kind)
    response["Content-Disposition"] = f'attachment; filename="designation-{official.pk}"'
    response["X-Content-Type-Options"] = "nosniff"
    return response


def _designatable(agency: Agency) -> QuerySet[User]:
    """Staff of the agency who are not an active official of it."""
    ids = {member.pk for member in agency_settings.staff_of(agency)}
    active = agency.officials.filter(active=True).values_list("user_id", flat=True)
    return User.objects.filter(pk__in=ids).exclude(pk__in=active).order_by("email")


@never_cache
@checked_inside(MANAGE_AGENCY)
def designate_staff(request: SignedInRequest, slug: str) -> HttpResponse:
    agency = _agency(request, slug)
    form = aforms.DesignateForm(request.POST or None, people=_designatable(agency))
    if request.method == "POST" and form.is_valid():
        agency_settings.designate(
            actor=request.user,
            agency=agency,
            user=form.cleaned_data["person"],
            designation=form.designation(),
            http_request=request,
        )
        messages.success(request, _("The designation is saved."))
        return _back(agency)
    return render(request, "certify/agency/designate.html", {"agency": agency, "form": form})


@never_cache
@checked_inside(MANAGE_AGENCY)
def membership_end(request: SignedInRequest, slug: str, membership_id: int) -> HttpResponse:
    agency = _agency(request, slug)
    membership = get_object_or_404(
        AgencyMembership.objects.select_related("user", "agency"),
        pk=membership_id,
        agency=agency,
        active=True,
    )
    if membership.user_id == request.user.pk:
        raise Http404
    form = aforms.EndRoleForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        agency_settings.end_membership(
            actor=request.user,
            membership=membership,
            reason=form.cleaned_data["reason"],
            http_request=request,
        )
        messages.success(request, _("The role has ended."))
        return _back(agency)
    context = {"agency": agency, "membership": membership, "form": form}
    return render(request, "certify/agency/membership_end.html", context)


@never_cache
@checked_inside(MANAGE_AGENCY)
def invite_staff(request: SignedInRequest, slug: str) -> HttpResponse:
    agency = _agency(request, slug)
    form = aforms.InviteForm(request.POST or None, roles=Invitation.AGENCY_ROLES)
    if request.method == "POST" and form.is_valid():
        try:
            invitations.invite(
                actor=request.user,
                email=form.cleaned_data["email"],
                role=form.cleaned_data["role"],
                agency=agency,
                designation=form.designation(),
                site_url=_site_url(request),
                language=request.LANGUAGE_CODE,
            )
        except invitations.InvitationError as error:
            form.add_error("email", str(error))
        else:
            messages.success(request, _("The invitation is on its way."))
            return _back(agency)
    context = {
        "agency": agency,
        "form": form,
        "days": settings.INVITATION_MAX_AGE_SECONDS // 86400,
    }
    return render(request, "certify/agency/invite.html", context)


@require_POST
@checked_inside(MANAGE_AGENCY)
def invitation_revoke(request: SignedInRequest, slug: str, invitation_id: int) -> HttpResponse:
    agency = _agency(request, slug)
    invitation = get_object_or_404(Invitation, pk=invitation_id, agency=agency)
    invitations.revoke(actor=request.user, invitation=invitation)
    messages.success(request, _("The invitation no longer works."))
    return _back(agency)


@require_POST
@checked_inside(MANAGE_AGENCY)
def routing_rule_add(request: SignedInRequest, slug: str) -> HttpResponse:
    agency = _agency(request, slug)
    form = aforms.RoutingRuleForm(request.POST)
    if form.is_valid():
        agency_settings.add_routing_rule(
            actor=request.user, agency=agency, http_request=request, **form.cleaned_data
        )
        messages.success(request, _("The routing rule is added."))
        return _back(agency)
    context = {
        **_settings_context(agency),
        "form": aforms.AgencySettingsForm(instance=agency),
        "invite_form": aforms.InviteForm(roles=Invitation.AGENCY_ROLES),
        "rule_form": form,
    }
    return render(request, "certify/agency/settings.html", context, status=400)


@require_POST
@checked_inside(MANAGE_AGENCY)
def routing_rule_remove(request: SignedInRequest, slug: str, rule_id: int) -> HttpResponse:
    agency = _agency(request, slug)
    rule = get_object_or_404(RoutingRule, pk=rule_id, agency=agency)
    agency_settings.remove_routing_rule(actor=request.user, rule=rule, http_request=request)
    messages.success(request, _("The routing rule is removed."))
    return _back(agency)


@never_cache
@checked_inside(MANAGE_AGENCY)
def staff_reset(request: SignedInRequest, slug: str, user_id: int) -> HttpResponse:
    agency = _agency(request, slug)
    staff = {member.pk: member for member in agency_settings.staff_of(agency)}
    person: User | None = staff.get(user_id)
    if person is None or person.pk == request.user.pk or person.is_superuser:
        raise Http404
    form = aforms.ResetSecondFactorForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        agency_settings.reset_second_factor(
            actor=request.user,
            agency=agency,
            user=person,
            reason=form.cleaned_data["reason"],
            site_url=_site_url(request),
        )
        messages.success(
            request,
            _(
                "The second factor was removed, every session of that person ended, and a "
                "set-up link was e-mailed to them."
            ),
        )
        return _back(agency)
    context = {"agency": agency, "person": person, "form": form}
    return render(request, "certify/agency/staff_reset.html", context)


# --- an organisation's members ------------------------------------------------------------------


@never_cache
@checked_inside(MANAGE_ORGANISATION)
def organisation_members(request: SignedInRequest, slug: str) -> HttpResponse:
    organisation = selectors.managed_organisation(actor=request.user, slug=slug)
    form = aforms.InviteForm(request.POST or None, roles=Invitation.ORGANISATION_ROLES)
    if request.method == "POST" and form.is_valid():
        try:
            invitations.invite(
                actor=request.user,
                email=form.cleaned_data["email"],
                role=form.cleaned_data["role"],
                organisation=organisation,
                site_url=_site_url(request),
                language=request.LANGUAGE_CODE,
            )
        except invitations.InvitationError as error:
            form.add_error("email", str(error))
        else:
            messages.success(request, _("The invitation is on its way."))
            return redirect("organisation_members", slug=organisation.slug)
    context = {
        "organisation": organisation,
        "form": form,
        "memberships": OrganisationMembership.objects.filter(organisation=organisation)
        .select_related("user")
        .order_by("user__email"),
        "invitations": [i for i in organisation.invitations.order_by("-created_at") if i.pending],
    }
    return render(request, "certify/agency/organisation_members.html", context)
