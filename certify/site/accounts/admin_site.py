from django_otp.admin import OTPAdminSite


class CertifyAdminSite(OTPAdminSite):
    """OTPAdminSite refuses users whose session has no verified device, even site admins.

    Its default instance name is "otpadmin"; the project's URLs and tests reverse "admin:...",
    so the site keeps Django's usual name.
    """

    def __init__(self, name: str = "admin"):
        super().__init__(name)
