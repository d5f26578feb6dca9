from django.contrib.admin.apps import AdminConfig


class CertifyAdminConfig(AdminConfig):
    """The Django admin, served by an admin site that insists on a verified second factor."""

    default_site = "certify.site.accounts.admin_site.CertifyAdminSite"
