"""Hardening: second factor for staff, idle sessions, re-authentication, rate limits.

Public helpers other packages use:
- ``certify.site.accounts.ratelimit.rate_limited(key, limit, window)`` for public endpoints;
- ``certify.site.accounts.reauth.require_recent_authentication(max_age_seconds=300)`` before an
  official signs or denies.
"""
