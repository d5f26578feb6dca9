"""URL-by-role rows for the lead's settings pages, the organisation's members page, the
invitation and the request to join, merged into test_url_access.ACCESS.

Agency A's lead alone reaches agency A's settings; everyone else, agency B's official among
them, gets 404, as does agency A's lead on agency B's pages.
"""

from certify.records import documents
from certify.records.models import Agency, AgencyMembership, Invitation, OrganisationMembership
from tests.support.samples import TINY_PDF
from tests.support.workspace_access import MISSING, OK, PERSONAS, REDIRECT, statuses
from workflows import invitations
from workflows.models import RoutingRule

NOT_ALLOWED, BAD_INPUT = 405, 400


def everyone(status):
    return dict.fromkeys(PERSONAS, status)


def lead_only(status=OK):
    return statuses(lead=status)


def nobody():
    return statuses()


def _a(**extra):
    return lambda w: {"slug": w.agency_a.slug, **{k: v(w) for k, v in extra.items()}}


def _b(**extra):
    return lambda w: {"slug": w.agency_b.slug, **{k: v(w) for k, v in extra.items()}}


def _rule(agency_of):
    def build(world):
        agency = agency_of(world)
        return RoutingRule.objects.create(agency=agency, unit="domestic_violence").pk

    return build


def _membership(persona):
    def build(world):
        return AgencyMembership.objects.get(user=world.users[persona]).pk

    return build


def _invitation(world, agency=None):
    return invitations.invite(
        actor=world.users["lead"],
        email="new.person@example.org",
        role=Invitation.Role.COORDINATOR,
        agency=agency or world.agency_a,
        site_url="http://testserver/",
    )


def _with_letter(world):
    storage_name, _kind = documents.store_file(TINY_PDF)
    world.official_a.letter_storage_name = storage_name
    world.official_a.save(update_fields=["letter_storage_name"])
    return world.official_a.pk


def _manager(world):
    OrganisationMembership.objects.filter(user=world.users["advocate"]).update(role="manager")
    return {"slug": world.org_x.slug}


def _open_invitation(world):
    invitation = invitations.invite(
        actor=None,
        email="invited@example.org",
        role=Invitation.Role.ADVOCATE,
        organisation=world.org_x,
        site_url="http://testserver/",
    )
    # The token is only e-mailed; the test reads it back from the outbox.
    from django.core import mail

    link = mail.outbox[-1].body.split("/invitations/")[1].split("/")[0] if mail.outbox else ""
    assert invitation.pk and link
    return {"token": link}


def _off_certify(world):
    agency, _created = Agency.objects.get_or_create(
        slug="paper-sheriff",
        defaults={"name": "Paper Sheriff", "kind": "sheriff", "state": "CA", "on_certify": False},
    )
    return {"slug": agency.slug}


AGENCY_SETTINGS_ACCESS = {
    "agency_settings": [
        ("agency A", "get", _a(), lead_only()),
        ("agency B", "get", _b(), nobody()),
        ("unknown", "get", lambda w: {"slug": "nope"}, nobody()),
    ],
    "agency_official": [
        ("A's official", "get", _a(official_id=lambda w: w.official_a.pk), lead_only()),
        ("B's official via A", "get", _a(official_id=lambda w: w.official_b.pk), nobody()),
        ("B's official", "get", _b(official_id=lambda w: w.official_b.pk), nobody()),
    ],
    "agency_official_end": [
        ("get", "get", _a(official_id=lambda w: w.official_a.pk), everyone(NOT_ALLOWED)),
        ("A's official", "post", _a(official_id=lambda w: w.official_a.pk), lead_only(REDIRECT)),
        ("B's official via A", "post", _a(official_id=lambda w: w.official_b.pk), nobody()),
    ],
    "agency_official_letter": [
        ("letter on file", "get", _a(official_id=_with_letter), lead_only()),
        ("no letter", "get", _a(official_id=lambda w: w.official_b.pk), nobody()),
    ],
    "agency_designate": [
        ("agency A", "get", _a(), lead_only()),
        ("agency B", "get", _b(), nobody()),
        ("empty form", "post", _a(), lead_only()),
    ],
    "agency_membership_end": [
        ("A's coordinator", "get", _a(membership_id=_membership("coordinator")), lead_only()),
        ("the lead's own", "get", _a(membership_id=_membership("lead")), nobody()),
        ("A's coordinator via B", "get", _b(membership_id=_membership("coordinator")), nobody()),
    ],
    "agency_invite": [
        ("agency A", "get", _a(), lead_only()),
        ("agency B", "get", _b(), nobody()),
    ],
    "agency_invitation_revoke": [
        ("A's", "post", _a(invitation_id=lambda w: _invitation(w).pk), lead_only(REDIRECT)),
        (
            "B's via A",
            "post",
            _a(invitation_id=lambda w: _invitation(w, w.agency_b).pk),
            nobody(),
        ),
    ],
    "agency_routing_add": [
        ("empty form", "post", _a(), lead_only(BAD_INPUT)),
        ("agency B", "post", _b(), nobody()),
    ],
    "agency_routing_remove": [
        ("A's", "post", _a(rule_id=_rule(lambda w: w.agency_a)), lead_only(REDIRECT)),
        ("B's via A", "post", _a(rule_id=_rule(lambda w: w.agency_b)), nobody()),
    ],
    "agency_staff_reset": [
        ("A's coordinator", "get", _a(user_id=lambda w: w.users["coordinator"].pk), lead_only()),
        ("A's official", "get", _a(user_id=lambda w: w.users["official"].pk), lead_only()),
        ("B's official", "get", _a(user_id=lambda w: w.users["other_official"].pk), nobody()),
        ("the lead", "get", _a(user_id=lambda w: w.users["lead"].pk), nobody()),
        ("the site admin", "get", _a(user_id=lambda w: w.users["admin"].pk), nobody()),
    ],
    "organisation_members": [
        ("advocate made manager", "get", _manager, statuses(advocate=OK)),
        ("another organisation", "get", lambda w: {"slug": w.org_y.slug}, nobody()),
    ],
    "invitation_accept": [
        ("open invitation", "get", _open_invitation, everyone(OK)),
        ("bad link", "get", lambda w: {"token": "nope"}, everyone(MISSING)),
    ],
    "agency_join": [
        ("agency not on certify", "get", _off_certify, everyone(OK)),
        ("agency on certify", "get", _a(), everyone(REDIRECT)),
        ("unknown", "get", lambda w: {"slug": "nope"}, everyone(MISSING)),
    ],
    "agency_join_confirm": [("bad link", "get", lambda w: {"token": "nope"}, everyone(MISSING))],
}
