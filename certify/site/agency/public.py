"""Pages reached without an account: accepting an invitation, and an agency asking to join.

Neither shows anything personal. A token in a path is single-use and only its hash is kept.
"""

import secrets

from django.contrib import messages
from django.contrib.auth import login
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.cache import never_cache
from django.views.decorators.debug import sensitive_post_parameters

from certify.records.models import Agency
from certify.site.access import public
from certify.site.accounts import twofactor
from certify.site.accounts.ratelimit import rate_limited
from certify.site.agency import forms as aforms
from workflows import accounts, invitations, joining


@public
@never_cache
@sensitive_post_parameters("password1", "password2")
@rate_limited("invitation", limit=20, window=900)
def invitation_accept(request: HttpRequest, token: str) -> HttpResponse:
    """Set a password, then straight on to the authenticator: one flow, one browser."""
    invitation = invitations.pending_invitation(token)
    if invitation is None:
        return render(request, "certify/agency/invitation_invalid.html", status=404)
    form = aforms.AcceptInvitationForm(request.POST or None, email=invitation.email)
    if request.method == "POST" and form.is_valid():
        try:
            joined = invitations.accept(
                token=token,
                first_name=form.cleaned_data["first_name"],
                last_name=form.cleaned_data["last_name"],
                password=form.cleaned_data["password1"],
                language=request.LANGUAGE_CODE,
            )
        except invitations.InvitationError as error:
            messages.error(request, str(error))
            return render(request, "certify/agency/invitation_invalid.html", status=404)
        login(request, joined.user, backend="django.contrib.auth.backends.ModelBackend")
        _open_enrolment(request, joined)
        return redirect("two_factor_setup")
    return render(
        request, "certify/agency/invitation_accept.html", {"invitation": invitation, "form": form}
    )


def _open_enrolment(request: HttpRequest, joined: invitations.Joined) -> None:
    """This session takes the set-up link the invitation gave, as if the person had opened
    the e-mailed link of a reset (certify.site.accounts.views.enrol)."""
    nonce = secrets.token_urlsafe(24)
    grant_id = accounts.claim_enrolment_link(
        user=joined.user, token=joined.enrolment_token, session_nonce=nonce
    )
    if grant_id is not None:
        twofactor.start_enrolment(request, grant_id=grant_id, nonce=nonce)


@public
@never_cache
@rate_limited("join", limit=10, window=900)
def agency_join(request: HttpRequest, slug: str) -> HttpResponse:
    agency = get_object_or_404(Agency, slug=slug)
    if not joining.may_ask_to_join(agency):
        return redirect("agency_detail", slug=agency.slug)
    form = aforms.JoinRequestForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            joining.ask_to_join(
                agency=agency,
                site_url=request.build_absolute_uri("/"),
                language=request.LANGUAGE_CODE,
                **form.cleaned_data,
            )
        except joining.JoinError as error:
            form.add_error("email", str(error))
        else:
            return render(request, "certify/join/sent.html", {"agency": agency})
    context = {"agency": agency, "form": form, "domain": joining.agency_domain(agency)}
    return render(request, "certify/join/ask.html", context)


@public
@never_cache
@rate_limited("join-confirm", limit=20, window=900)
def agency_join_confirm(request: HttpRequest, token: str) -> HttpResponse:
    join = joining.confirm(token=token)
    if join is None:
        return render(request, "certify/join/invalid.html", status=404)
    return render(request, "certify/join/confirmed.html", {"agency": join.agency})
