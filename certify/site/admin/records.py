from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _
from modeltranslation.admin import TranslationAdmin

from certify.records.models import (
    Agency,
    AgencyMembership,
    AuditEntry,
    CertifyingOfficial,
    Organisation,
    OrganisationMembership,
    QualifyingActivity,
    ServiceArea,
    User,
)


@admin.register(User)
class UserAdmin(BaseUserAdmin[User]):
    ordering = ["email"]
    list_display = ["email", "first_name", "last_name", "is_staff", "is_active"]
    search_fields = ["email", "first_name", "last_name"]
    fieldsets = (
        (None, {"fields": ("email", "password")}),
        (_("Personal info"), {"fields": ("first_name", "last_name", "preferred_language")}),
        (
            _("Permissions"),
            {"fields": ("is_active", "is_staff", "is_superuser", "groups", "user_permissions")},
        ),
        (_("Important dates"), {"fields": ("last_login", "date_joined")}),
    )
    add_fieldsets = ((None, {"classes": ("wide",), "fields": ("email", "password1", "password2")}),)


class ServiceAreaInline(admin.TabularInline[ServiceArea, Agency]):
    model = ServiceArea
    extra = 1


class AgencyMembershipInline(admin.TabularInline[AgencyMembership, Agency]):
    model = AgencyMembership
    extra = 0
    autocomplete_fields = ["user"]


@admin.register(Agency)
class AgencyAdmin(TranslationAdmin[Agency]):
    list_display = ["name", "kind", "state", "on_certify", "certifies_u", "certifies_t"]
    list_filter = ["state", "kind", "on_certify"]
    search_fields = ["name", "city"]
    prepopulated_fields = {"slug": ["name"]}
    inlines = [ServiceAreaInline, AgencyMembershipInline]


@admin.register(CertifyingOfficial)
class CertifyingOfficialAdmin(admin.ModelAdmin[CertifyingOfficial]):
    list_display = ["user", "agency", "title", "basis", "designation_date", "active"]
    list_filter = ["active", "basis", "agency__state"]
    search_fields = ["user__email", "user__last_name", "agency__name"]
    autocomplete_fields = ["user", "agency"]


class OrganisationMembershipInline(admin.TabularInline[OrganisationMembership, Organisation]):
    model = OrganisationMembership
    extra = 0
    autocomplete_fields = ["user"]


@admin.register(Organisation)
class OrganisationAdmin(admin.ModelAdmin[Organisation]):
    list_display = ["name", "state"]
    search_fields = ["name"]
    prepopulated_fields = {"slug": ["name"]}
    inlines = [OrganisationMembershipInline]


@admin.register(AgencyMembership)
class AgencyMembershipAdmin(admin.ModelAdmin[AgencyMembership]):
    list_display = ["user", "agency", "role", "active"]
    list_filter = ["role", "active"]
    autocomplete_fields = ["user", "agency"]


@admin.register(OrganisationMembership)
class OrganisationMembershipAdmin(admin.ModelAdmin[OrganisationMembership]):
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
