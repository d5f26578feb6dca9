"""The site admin's pages for people, agencies and organisations.

Roles are the keys to victims' data, so the admin grants them carefully: every grant, change
or withdrawal of an agency role, an organisation role or a designation asks for a reason and
writes an audit entry naming who made it; grants are withdrawn by unticking "active", never
deleted; inlines only show them; a site admin can hold none of them (and a role holder cannot
be made a site admin), so the admin never opens a request. Second factors are never shown or
edited here; an audited reset e-mails the person a set-up link.
"""

from django import forms
from django.contrib import admin, messages
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from django.contrib.auth.forms import AdminUserCreationForm, UserChangeForm
from django.http import HttpRequest
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.html import format_html
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from modeltranslation.admin import TranslationAdmin

from certify.records import audit, policy
from certify.records.models import (
    Agency,
    AgencyMembership,
    AuditEntry,
    CertifyingOfficial,
    Invitation,
    JoinRequest,
    Organisation,
    OrganisationMembership,
    QualifyingActivity,
    ServiceArea,
    User,
)
from workflows import accounts, invitations, joining

REASON_HELP = _("Why you are making this change (a ticket number, who asked). Kept in the audit.")


def reason_field() -> forms.CharField:
    return forms.CharField(
        label=_("Reason"),
        help_text=REASON_HELP,
        max_length=500,
        widget=forms.Textarea(attrs={"rows": 2}),
        error_messages={"required": _("Say why you are making this change.")},
    )


def is_site_admin(user) -> bool:
    return bool(user.is_staff or user.is_superuser)


def holds_a_role(user) -> bool:
    return bool(policy.staff_agency_ids(user) or policy.organisation_ids(user))


def _described(obj, fields) -> str:
    """The changed fields and their new values, by id: no names or e-mail addresses."""
    parts = []
    for name in fields:
        value = getattr(obj, f"{name}_id", None) if hasattr(obj, f"{name}_id") else None
        if value is None:
            value = getattr(obj, name, "")
        parts.append(f"{name}={value}")
    return ", ".join(parts)


class RoleForm(forms.ModelForm):
    reason = reason_field()
    # Set per request by AuditedRoleAdmin.get_form: who is making the change.
    acting_user = None

    def clean_user(self):
        user = self.cleaned_data.get("user")
        if user is None:
            return user
        if self.acting_user is not None and user.pk == self.acting_user.pk:
            raise forms.ValidationError(_("Nobody grants a role to themselves."))
        if is_site_admin(user):
            raise forms.ValidationError(
                _(
                    "Site administrators hold no agency or organisation role, so the admin "
                    "never opens a victim's request. Use a separate account for that person."
                )
            )
        return user


class AuditedRoleAdmin(admin.ModelAdmin):
    """Grants, changes and withdrawals of a role, each with its reason in the audit trail."""

    form = RoleForm

    def get_form(self, request, obj=None, change=False, **kwargs):
        form = super().get_form(request, obj, change=change, **kwargs)
        form.acting_user = request.user  # type: ignore[attr-defined]  # read by RoleForm
        return form

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        fields = [name for name in form.changed_data if name != "reason"]
        verb = "changed" if change else "granted"
        audit.record(
            actor=request.user,
            action=AuditEntry.Action.UPDATE if change else AuditEntry.Action.CREATE,
            obj=obj,
            detail=f"{type(obj).__name__} {verb} in the admin: {_described(obj, fields)}",
            reason=form.cleaned_data["reason"],
            http_request=request,
        )

    def has_delete_permission(self, request, obj=None):
        # Withdrawn by unticking "active", with a reason; a deleted grant would leave no row.
        return False


class ShownOnlyInline(admin.TabularInline):
    """Roles are listed on the agency or organisation page, and granted on their own page."""

    extra = 0
    can_delete = False
    show_change_link = True

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


class CertifyUserChangeForm(UserChangeForm):
    reason = reason_field()

    def clean(self):
        cleaned = super().clean() or {}
        promoting = cleaned.get("is_staff") or cleaned.get("is_superuser")
        if promoting and self.instance.pk and holds_a_role(self.instance):
            raise forms.ValidationError(
                _(
                    "This person holds an agency or organisation role. Site administrators "
                    "hold none; withdraw the roles first, or use a separate account."
                )
            )
        return cleaned


class CertifyUserCreationForm(AdminUserCreationForm):
    reason = reason_field()

    class Meta(AdminUserCreationForm.Meta):
        model = User
        fields = ("email",)


class ResetSecondFactorForm(forms.Form):
    reason = reason_field()


@admin.register(User)
class UserAdmin(BaseUserAdmin):
    form = CertifyUserChangeForm
    add_form = CertifyUserCreationForm
    ordering = ["email"]
    list_display = ["email", "first_name", "last_name", "is_staff", "is_active"]
    search_fields = ["email", "first_name", "last_name"]
    readonly_fields = ["second_factor"]
    fieldsets = (
        (None, {"fields": ("email", "password")}),
        (_("Personal info"), {"fields": ("first_name", "last_name", "preferred_language")}),
        (
            _("Permissions"),
            {"fields": ("is_active", "is_staff", "is_superuser", "groups", "user_permissions")},
        ),
        (_("Second factor"), {"fields": ("second_factor",)}),
        (_("Important dates"), {"fields": ("last_login", "date_joined")}),
        (_("Reason"), {"fields": ("reason",)}),
    )
    add_fieldsets = (
        (
            None,
            {"classes": ("wide",), "fields": ("email", "password1", "password2", "reason")},
        ),
    )

    @admin.display(description=_("Second factor"))
    def second_factor(self, obj):
        if obj is None or obj.pk is None:
            return ""
        url = reverse("admin:certify_user_reset_second_factor", args=[obj.pk])
        return format_html('<a href="{}">{}</a>', url, gettext("Reset the second factor"))

    def get_urls(self):
        own = [
            path(
                "<int:user_id>/reset-second-factor/",
                self.admin_site.admin_view(self.reset_second_factor_view),
                name="certify_user_reset_second_factor",
            )
        ]
        return own + super().get_urls()

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        fields = sorted(name for name in form.changed_data if name not in {"reason", "password"})
        detail = "user changed in the admin: " if change else "user created in the admin: "
        audit.record(
            actor=request.user,
            action=AuditEntry.Action.UPDATE if change else AuditEntry.Action.CREATE,
            obj=obj,
            # Field names only: the values (names, e-mail addresses) stay out of the trail.
            detail=(detail + ", ".join(fields))[:200],
            reason=form.cleaned_data["reason"],
            http_request=request,
        )

    def user_change_password(self, request, id, form_url=""):
        response = super().user_change_password(request, id, form_url)
        if request.method == "POST" and response.status_code == 302:
            audit.record(
                actor=request.user,
                action=AuditEntry.Action.UPDATE,
                obj=get_object_or_404(User, pk=id),
                detail="password set in the admin",
                http_request=request,
            )
        return response

    def reset_second_factor_view(self, request, user_id: int):
        if not self.has_change_permission(request):
            return redirect("admin:index")
        target = get_object_or_404(User, pk=user_id)
        form = ResetSecondFactorForm(request.POST or None)
        if request.method == "POST" and form.is_valid():
            if target.pk == request.user.pk:
                messages.error(request, gettext("Another site administrator must reset yours."))
            else:
                accounts.reset_second_factor(
                    actor=request.user,
                    user=target,
                    reason=form.cleaned_data["reason"],
                    site_url=request.build_absolute_uri("/"),
                )
                messages.success(
                    request,
                    gettext(
                        "The second factor was removed and a set-up link was e-mailed to the "
                        "person."
                    ),
                )
            return redirect("admin:certify_user_change", target.pk)
        context = {
            **self.admin_site.each_context(request),
            "title": gettext("Reset the second factor"),
            "form": form,
            "target": target,
            "opts": self.model._meta,
        }
        return TemplateResponse(request, "admin/certify/user/reset_second_factor.html", context)


class ServiceAreaInline(admin.TabularInline[ServiceArea, Agency]):
    model = ServiceArea
    extra = 1


class AgencyMembershipInline(ShownOnlyInline):
    model = AgencyMembership
    fields = ["user", "role", "active"]


class CertifyingOfficialInline(ShownOnlyInline):
    model = CertifyingOfficial
    fields = ["user", "title", "basis", "active"]


@admin.register(Agency)
class AgencyAdmin(TranslationAdmin):
    list_display = [
        "name",
        "kind",
        "level",
        "category",
        "state",
        "on_certify",
        "certifies_u",
        "certifies_t",
    ]
    list_filter = ["state", "kind", "level", "category", "on_certify"]
    search_fields = ["name", "city"]
    prepopulated_fields = {"slug": ["name"]}
    inlines = [ServiceAreaInline, AgencyMembershipInline, CertifyingOfficialInline]


@admin.register(CertifyingOfficial)
class CertifyingOfficialAdmin(AuditedRoleAdmin):
    # The letter is uploaded encrypted by the agency's lead (certify.site.agency); the old
    # file field stored it as it came, so it is not offered here.
    exclude = ["designation_letter"]
    list_display = ["user", "agency", "title", "basis", "designation_date", "active"]
    list_filter = ["active", "basis", "agency__state"]
    search_fields = ["user__email", "user__last_name", "agency__name"]
    autocomplete_fields = ["user", "agency"]


class OrganisationMembershipInline(ShownOnlyInline):
    model = OrganisationMembership
    fields = ["user", "role", "active"]


@admin.register(Organisation)
class OrganisationAdmin(admin.ModelAdmin[Organisation]):
    list_display = ["name", "state"]
    search_fields = ["name"]
    prepopulated_fields = {"slug": ["name"]}
    inlines = [OrganisationMembershipInline]


@admin.register(AgencyMembership)
class AgencyMembershipAdmin(AuditedRoleAdmin):
    list_display = ["user", "agency", "role", "active"]
    list_filter = ["role", "active"]
    autocomplete_fields = ["user", "agency"]


@admin.register(OrganisationMembership)
class OrganisationMembershipAdmin(AuditedRoleAdmin):
    list_display = ["user", "organisation", "role", "active"]
    list_filter = ["role", "active"]
    autocomplete_fields = ["user", "organisation"]


@admin.register(QualifyingActivity)
class QualifyingActivityAdmin(TranslationAdmin[QualifyingActivity]):
    list_display = ["position", "name", "kind", "code"]
    list_display_links = ["name"]
    ordering = ["position"]


@admin.register(AuditEntry)
class AuditEntryAdmin(admin.ModelAdmin[AuditEntry]):
    """Read-only: the trail cannot be edited or deleted, even by a site admin."""

    list_display = [
        "created_at",
        "actor_label",
        "action",
        "object_type",
        "object_id",
        "request_reference",
        "ip_address",
    ]
    list_filter = ["action", "object_type"]
    search_fields = ["actor_label", "request_reference"]
    date_hierarchy = "created_at"

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: AuditEntry | None = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: AuditEntry | None = None) -> bool:
        return False


@admin.register(JoinRequest)
class JoinRequestAdmin(admin.ModelAdmin[JoinRequest]):
    """Agencies asking to join: approved here once their address at the agency confirmed."""

    list_display = ["agency", "name", "title", "email", "status", "created_at"]
    list_filter = ["status"]
    readonly_fields = [
        "agency",
        "name",
        "title",
        "email",
        "status",
        "created_at",
        "confirmed_at",
        "decided_at",
        "decided_by",
    ]
    exclude = ["token_hash", "expires_at"]
    actions = ["approve", "turn_down"]

    def has_add_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    @admin.action(description=_("Approve and invite the agency's first lead"))
    def approve(self, request, queryset):
        for join in queryset.select_related("agency"):
            try:
                joining.approve(
                    actor=request.user, join=join, site_url=request.build_absolute_uri("/")
                )
            except (joining.JoinError, invitations.InvitationError) as error:
                messages.error(request, f"{join.agency.name}: {error}")
            except PermissionError:
                messages.error(request, gettext("Only a superuser decides on a request to join."))
                return
            else:
                messages.success(
                    request,
                    gettext("%(agency)s is on certify; its lead is invited.")
                    % {"agency": join.agency.name},
                )

    @admin.action(description=_("Turn down"))
    def turn_down(self, request, queryset):
        if not request.user.is_superuser:
            messages.error(request, gettext("Only a superuser decides on a request to join."))
            return
        for join in queryset:
            joining.reject(actor=request.user, join=join, reason="turned down in the admin")
        messages.success(request, gettext("Turned down."))


@admin.register(Invitation)
class InvitationAdmin(admin.ModelAdmin[Invitation]):
    """Shown only: invitations are made by leads, managers and approvals, never typed here."""

    list_display = ["email", "role", "agency", "organisation", "created_at", "used_at"]
    list_filter = ["role"]
    exclude = ["token_hash"]

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
