"""Fill empty Spanish msgstrs from scripts/es_translations.py and list what is still missing.

Run after `make messages`. Exits non-zero while any entry is untranslated or fuzzy.
"""

import sys
from pathlib import Path

import polib

sys.path.insert(0, str(Path(__file__).parent))
from es_translations import ES, ES_PLURAL  # noqa: E402

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
            if entry.msgid_plural:
                entry.msgstr_plural = dict.fromkeys(entry.msgstr_plural, "")
            else:
                entry.msgstr = ""
        if entry.msgid_plural:
            if not all(entry.msgstr_plural.values()) and entry.msgid in ES_PLURAL:
                one, many = ES_PLURAL[entry.msgid]
                entry.msgstr_plural = {0: one, 1: many}
            if not all(entry.msgstr_plural.values()):
                missing.append(entry.msgid)
        else:
            if not entry.msgstr and entry.msgid in ES:
                entry.msgstr = ES[entry.msgid]
            if not entry.msgstr:
                missing.append(entry.msgid)
    catalogue.metadata["Language"] = "es"
    catalogue.metadata["Plural-Forms"] = "nplurals=2; plural=(n != 1);"
    catalogue.metadata["Content-Type"] = "text/plain; charset=UTF-8"
    catalogue.save()
    for msgid in missing:
        print(f"untranslated: {msgid!r}")
    return 1 if missing else 0


if __name__ == "__main__":
    sys.exit(main())
