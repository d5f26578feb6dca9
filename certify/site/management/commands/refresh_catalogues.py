"""`make messages`: refresh the catalogue of every language in settings.LANGUAGES but English.

Both domains: django (Python and templates) and djangojs (the site's scripts; gettext writes that
catalogue only once a script has a translatable string). New languages get their catalogue here.
"""

from typing import Any

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand
from django.utils.translation import to_locale

IGNORED = [".venv/*", "var/*"]


def catalogue_locales() -> list[str]:
    """The locale directory names (zh_Hans, not zh-hans) of every language to translate into."""
    return [to_locale(code) for code, _name in settings.LANGUAGES if code != settings.LANGUAGE_CODE]


class Command(BaseCommand):
    help = "Refresh every translated language's django and djangojs catalogues from the source."

    def handle(self, *args: Any, **options: Any) -> None:
        locales = catalogue_locales()
        for domain in ("django", "djangojs"):
            call_command(
                "makemessages",
                locale=locales,
                domain=domain,
                ignore_patterns=IGNORED,
                no_obsolete=True,
                verbosity=options["verbosity"],
            )
