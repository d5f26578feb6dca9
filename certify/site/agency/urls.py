from django.urls import path

from certify.site.agency import public, views

urlpatterns = [
    path("agency/<slug:slug>/settings/", views.agency_settings_page, name="agency_settings"),
    path(
        "agency/<slug:slug>/settings/officials/<int:official_id>/",
        views.official_page,
        name="agency_official",
    ),
    path(
        "agency/<slug:slug>/settings/officials/<int:official_id>/end/",
        views.official_end,
        name="agency_official_end",
    ),
    path(
        "agency/<slug:slug>/settings/officials/<int:official_id>/letter/",
        views.official_letter,
        name="agency_official_letter",
    ),
    path(
        "agency/<slug:slug>/settings/officials/designate/",
        views.designate_staff,
        name="agency_designate",
    ),
    path(
        "agency/<slug:slug>/settings/staff/roles/<int:membership_id>/end/",
        views.membership_end,
        name="agency_membership_end",
    ),
    path("agency/<slug:slug>/settings/invite/", views.invite_staff, name="agency_invite"),
    path(
        "agency/<slug:slug>/settings/invitations/<int:invitation_id>/revoke/",
        views.invitation_revoke,
        name="agency_invitation_revoke",
    ),
    path("agency/<slug:slug>/settings/routing/", views.routing_rule_add, name="agency_routing_add"),
    path(
        "agency/<slug:slug>/settings/routing/<int:rule_id>/remove/",
        views.routing_rule_remove,
        name="agency_routing_remove",
    ),
    path(
        "agency/<slug:slug>/settings/staff/<int:user_id>/reset-second-factor/",
        views.staff_reset,
        name="agency_staff_reset",
    ),
    path(
        "organisation/<slug:slug>/members/",
        views.organisation_members,
        name="organisation_members",
    ),
    path("invitations/<str:token>/", public.invitation_accept, name="invitation_accept"),
    path(
        "agencies/join/confirm/<str:token>/", public.agency_join_confirm, name="agency_join_confirm"
    ),
    path("agencies/<slug:slug>/join/", public.agency_join, name="agency_join"),
]
