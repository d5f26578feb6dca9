"""/verify/: anyone can check a supplement or letter by its code or by the file itself."""

from __future__ import annotations

from typing import Any

from django import forms
from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext_lazy as _
from django.views.decorators.cache import never_cache

from certify.records import seal
from certify.site.access import public
from certify.site.accounts.ratelimit import rate_limited


class VerifyForm(forms.Form):
    code = forms.CharField(
        label=_("Verification code"),
        help_text=_("Printed at the foot of each page, for example K7QM-4XPD-2H."),
        required=False,
        max_length=20,
    )
    document = forms.FileField(
        label=_("Or upload the PDF"),
        help_text=_("We compare the file with the one certify issued. The file is not kept."),
        required=False,
    )

    def clean_document(self):
        # Checked before anything reads the file: certify.site.uploads keeps no byte past the
        # limit, and a file over it is never parsed (an anonymous visitor's file must not cost
        # the server more than the limit allows).
        document = self.cleaned_data.get("document")
        too_large = getattr(document, "too_large", False)
        if document and (document.size > settings.DOCUMENT_MAX_BYTES or too_large):
            raise forms.ValidationError(
                _("The file is larger than %(limit)d MB. Enter the code printed on it instead.")
                % {"limit": settings.DOCUMENT_MAX_BYTES // (1024 * 1024)}
            )
        return document

    def clean(self) -> dict[str, Any]:
        super().clean()
        cleaned = self.cleaned_data
        if not cleaned.get("code") and not cleaned.get("document") and not self.errors:
            raise forms.ValidationError(
                _("Enter the verification code, or choose the PDF to check."), code="empty"
            )
        return cleaned


@public
@never_cache
@rate_limited("verify", limit=20, window=60)
def verify(request: HttpRequest) -> HttpResponse:
    verdict = None
    if request.method == "POST":
        form = VerifyForm(request.POST, request.FILES)
        if form.is_valid():
            document = form.cleaned_data.get("document")
            if document:
                verdict = seal.verify_file(document.read())
            else:
                verdict = seal.verify_code(form.cleaned_data["code"])
    else:
        form = VerifyForm()
    return render(request, "certify/verify.html", {"form": form, "verdict": verdict})
