"""The language a person reads the site in: the account's preferred one once signed in."""

import functools
from typing import NamedTuple

from django.conf import settings
from django.http import HttpResponse
from django.utils import translation
from django.utils.text import capfirst


def language_choices() -> list[tuple[str, str]]:
    """Every language of the site, each named in its own language and script ("Español",
    "中文（简体）", "العربية"), as a reader looks for it whatever the page's language."""
    return [(language.code, language.name) for language in switch_languages()]


class SwitchLanguage(NamedTuple):
    code: str
    name: str  # in its own language and script
    direction: str  # "ltr" or "rtl"


def switch_languages() -> tuple[SwitchLanguage, ...]:
    """The language switch's choices: on every page, and the same on each, so worked out once
    (for each value of settings.LANGUAGES)."""
    return _switch_languages(tuple(code for code, _name in settings.LANGUAGES))


@functools.cache
def _switch_languages(codes: tuple[str, ...]) -> tuple[SwitchLanguage, ...]:
    info = {code: translation.get_language_info(code) for code in codes}
    return tuple(
        SwitchLanguage(
            code, capfirst(info[code]["name_local"]), "rtl" if info[code]["bidi"] else "ltr"
        )
        for code in codes
    )


def use_language(response: HttpResponse, language: str) -> HttpResponse:
    """From the next page on, show the site in ``language`` (one of settings.LANGUAGES), as the
    language switch would: LocaleMiddleware reads the language cookie."""
    if language not in dict(settings.LANGUAGES):
        return response
    translation.activate(language)
    response.set_cookie(
        settings.LANGUAGE_COOKIE_NAME,
        language,
        max_age=settings.LANGUAGE_COOKIE_AGE,
        path=settings.LANGUAGE_COOKIE_PATH,
        domain=settings.LANGUAGE_COOKIE_DOMAIN,
        secure=settings.LANGUAGE_COOKIE_SECURE,
        httponly=settings.LANGUAGE_COOKIE_HTTPONLY,
        samesite=settings.LANGUAGE_COOKIE_SAMESITE,  # type: ignore[arg-type]  # "Lax"
    )
    return response
