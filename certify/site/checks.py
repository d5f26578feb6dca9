"""System checks run by `manage.py check` (and migrate): settings that are legal but unsafe."""

from django.conf import settings
from django.core.checks import Tags, Warning, register


@register(Tags.security)
def proxy_settings(app_configs, **kwargs) -> list[Warning]:
    """Production sits behind a TLS proxy (SECURE_PROXY_SSL_HEADER). If certify is not told how
    many proxies add to X-Forwarded-For, every visitor has the proxy's address: the whole site
    then shares one allowance of sign-ins and codes, and five wrong passwords lock an account
    out for everyone."""
    if settings.DEBUG or not settings.SECURE_PROXY_SSL_HEADER:
        return []
    if settings.TRUSTED_PROXY_COUNT > 0:
        return []
    return [
        Warning(
            "TRUSTED_PROXY_COUNT is 0 behind a TLS proxy: every visitor will count as the "
            "proxy's address for rate limits, lockouts and the audit trail.",
            hint=(
                "Set TRUSTED_PROXY_COUNT to the number of your proxies that append to "
                "X-Forwarded-For, and TRUSTED_PROXY_NETWORKS to where they run. If clients "
                "reach gunicorn directly, add certify.W001 to SILENCED_SYSTEM_CHECKS."
            ),
            id="certify.W001",
        )
    ]
