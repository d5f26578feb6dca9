"""After `make messages`: clear msgmerge's fuzzy guesses and list what is left to translate.

Translations live in locale/es/LC_MESSAGES/django.po and are edited there. Exits non-zero while
any entry is untranslated.
"""

import sys
from pathlib import Path

import polib

PO = Path(__file__).resolve().parent.parent / "locale/es/LC_MESSAGES/django.po"


def main() -> int:
    catalogue = polib.pofile(str(PO))
    missing = []
    for entry in catalogue:
        if entry.obsolete:
            continue
        if "fuzzy" in entry.flags:
            # msgmerge's guess from a similar string: never ship it, translate afresh.
            entry.flags.remove("fuzzy")
            entry.previous_msgid = None
            entry.previous_msgid_plural = None
            if entry.msgid_plural:
                entry.msgstr_plural = dict.fromkeys(entry.msgstr_plural, "")
            else:
                entry.msgstr = ""
        translated = all(entry.msgstr_plural.values()) if entry.msgid_plural else entry.msgstr
        if not translated:
            missing.append(entry.msgid)
    catalogue.save()
    for msgid in missing:
        print(f"untranslated: {msgid!r}")
    return 1 if missing else 0


if __name__ == "__main__":
    sys.exit(main())
