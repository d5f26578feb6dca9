from django.utils.translation import gettext_lazy as _
from django_otp.admin import OTPAdminSite

from certify.site.accounts.ratelimit import limit_sign_in


# django_otp ships no type information: its admin site is Any, which strict checks refuse
# to subclass.
class CertifyAdminSite(OTPAdminSite):  # type: ignore[misc, unused-ignore]
    """OTPAdminSite refuses users whose session has no verified device, even site admins.

    Its default instance name is "otpadmin"; the project's URLs and tests reverse "admin:...",
    so the site keeps Django's usual name. Its sign-in page has the same limits as the site's
    (per address, and failures per account), besides django-axes' lockout.
    """

    site_header = _("certify administration")
    site_title = _("certify admin")
    index_title = _("Run this certify site")

    def __init__(self, name: str = "admin") -> None:
        super().__init__(name)

    def login(self, request, extra_context=None):
        def view(request):
            return super(CertifyAdminSite, self).login(request, extra_context)

        return limit_sign_in(view)(request)
