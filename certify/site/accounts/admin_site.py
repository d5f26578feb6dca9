from django_otp.admin import OTPAdminSite


# django_otp ships no type information: its admin site is Any, which strict checks refuse
# to subclass.
class CertifyAdminSite(OTPAdminSite):  # type: ignore[misc, unused-ignore]
    """OTPAdminSite refuses users whose session has no verified device, even site admins.

    Its default instance name is "otpadmin"; the project's URLs and tests reverse "admin:...",
    so the site keeps Django's usual name.
    """

    def __init__(self, name: str = "admin") -> None:
        super().__init__(name)
