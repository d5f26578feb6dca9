"""The catalogue check: every language the site offers is complete and says the same thing.

usage: python scripts/check_catalogue.py [--locale-dir DIR] [--glossary FILE] [--language CODE ...]

For every language in settings.LANGUAGES but English (or each --language given), in every domain
(django, and djangojs once any language has it), it reports and exits 1 on:
- a missing catalogue, or an entry another language's catalogue has and this one lacks;
- an untranslated entry, or a fuzzy one (msgmerge's guess from a similar string: translate afresh);
- a placeholder (%(name)s, %s, %d, {name}) in the translation that differs from its source;
- a glossary term translated another way: every entry whose English text contains a term of
  locale/GLOSSARY.md (whole word, any case, an optional plural s) must contain one of that
  language's forms for it. An empty glossary cell is not checked.

Run after `make messages` and after editing a catalogue (Poedit or any text editor).
"""

import argparse
import re
import sys
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

import polib

ROOT = Path(__file__).resolve().parent.parent
LOCALE_DIR = ROOT / "locale"
GLOSSARY = LOCALE_DIR / "GLOSSARY.md"
REQUIRED_DOMAINS = ("django",)
# %(name)s, %s, %d, %.1f (not %% nor "50 % de": no space flag), and {name} or {}.
PRINTF = re.compile(r"%(?:\(\w+\))?[-#0+]*\d*(?:\.\d+)?[sdifr]")
BRACES = re.compile(r"\{\w*\}")


@dataclass(frozen=True)
class Term:
    english: str
    pattern: re.Pattern[str]
    forms: tuple[str, ...]

    def kept_in(self, translation: str) -> bool:
        folded = translation.casefold()
        return any(form.casefold() in folded for form in self.forms)


def placeholders(text: str, *, printf: bool = True) -> Counter[str]:
    found = PRINTF.findall(text.replace("%%", "")) if printf else []
    return Counter(found + BRACES.findall(text))


def _is_printf(entry: polib.POEntry) -> bool:
    """Whether % in the entry is a placeholder; elsewhere "50 % de" is plain text."""
    return "python-format" in entry.flags or bool(
        PRINTF.search(entry.msgid) or PRINTF.search(entry.msgid_plural)
    )


def _cells(line: str) -> list[str]:
    return [cell.strip() for cell in line.strip().strip("|").split("|")]


def glossary_terms(path: Path, column: str) -> list[Term]:
    """The terms of one language's column of the glossary table (a markdown table whose header
    names the languages by their locale directory: es, zh_Hans, ...)."""
    rows = [line for line in path.read_text(encoding="utf-8").splitlines() if line.startswith("|")]
    if not rows:
        return []
    header = _cells(rows[0])
    if column not in header:
        return []
    english_at, column_at = header.index("English"), header.index(column)
    terms = []
    for line in rows[2:]:  # after the header and its |---| line
        cells = _cells(line)
        if len(cells) <= column_at:
            continue
        forms = tuple(form.strip() for form in cells[column_at].split(";") if form.strip())
        if not forms:
            continue
        for english in filter(None, (word.strip() for word in cells[english_at].split(";"))):
            pattern = re.compile(r"\b" + re.escape(english) + r"s?\b", re.IGNORECASE)
            terms.append(Term(english, pattern, forms))
    return terms


def _translations(entry: polib.POEntry) -> list[tuple[str, str]]:
    """(source, translation) pairs: each plural form against the English it must match."""
    if not entry.msgid_plural:
        return [(entry.msgid, entry.msgstr)]
    forms = sorted(entry.msgstr_plural.items())
    last = forms[-1][0] if forms else 0
    # Forms before the last may drop the number ("one day"); the last says what the plural says.
    return [(entry.msgid_plural if n == last else "", text) for n, text in forms]


def _placeholder_problem(entry: polib.POEntry, source: str, translation: str) -> str | None:
    printf = _is_printf(entry)
    found = placeholders(translation, printf=printf)
    if source:
        expected = placeholders(source, printf=printf)
        if found != expected:
            return f"placeholders {sorted(found)} where the source has {sorted(expected)}"
        return None
    allowed = placeholders(entry.msgid, printf=printf) | placeholders(
        entry.msgid_plural, printf=printf
    )
    extra = found - allowed
    return f"placeholders {sorted(extra)} not in the source" if extra else None


def plural_count(catalogue: polib.POFile) -> int:
    found = re.search(r"nplurals\s*=\s*(\d+)", catalogue.metadata.get("Plural-Forms", ""))
    return int(found.group(1)) if found else 2


def entry_problems(entry: polib.POEntry, terms: list[Term], plurals: int = 2) -> list[str]:
    if "fuzzy" in entry.flags:
        return ["fuzzy (a guess from a similar string): translate it afresh"]
    pairs = _translations(entry)
    if not pairs or not all(text for _source, text in pairs):
        return ["untranslated"]
    if entry.msgid_plural and len(pairs) != plurals:
        return [f"{len(pairs)} plural forms where the language has {plurals}"]
    problems = []
    for source, text in pairs:
        problem = _placeholder_problem(entry, source, text)
        if problem:
            problems.append(problem)
    for term in terms:
        if term.pattern.search(entry.msgid):
            for _source, text in pairs:
                if not term.kept_in(text):
                    problems.append(f"glossary: {term.english!r} must be {' / '.join(term.forms)}")
                    break
    return problems


def catalogue_problems(path: Path, terms: list[Term], expected: set[str]) -> list[str]:
    catalogue = polib.pofile(str(path))
    live = [entry for entry in catalogue if not entry.obsolete]
    plurals = plural_count(catalogue)
    problems = [
        f"{path}: {entry.msgid[:70]!r}: {problem}"
        for entry in live
        for problem in entry_problems(entry, terms, plurals)
    ]
    present = {entry.msgid for entry in live}
    problems += [f"{path}: {msgid[:70]!r}: missing" for msgid in sorted(expected - present)]
    return problems


def domains_in(locale_dir: Path) -> list[str]:
    found = {path.stem for path in locale_dir.glob("*/LC_MESSAGES/*.po")}
    return sorted(found | set(REQUIRED_DOMAINS))


def check(locale_dir: Path, locales: list[str], glossary: Path) -> list[str]:
    problems = []
    for domain in domains_in(locale_dir):
        paths = {locale: locale_dir / locale / "LC_MESSAGES" / f"{domain}.po" for locale in locales}
        existing = {locale: path for locale, path in paths.items() if path.exists()}
        problems += [f"{path}: missing catalogue" for path in paths.values() if not path.exists()]
        every_msgid = {
            entry.msgid
            for path in existing.values()
            for entry in polib.pofile(str(path))
            if not entry.obsolete
        }
        for locale, path in existing.items():
            terms = glossary_terms(glossary, locale) if glossary.exists() else []
            problems += catalogue_problems(path, terms, every_msgid)
    return problems


def site_locales() -> list[str]:
    """Locale directory names (zh_Hans) of every language in settings.LANGUAGES but English."""
    import os

    import django
    from django.conf import settings
    from django.utils.translation import to_locale

    sys.path.insert(0, str(ROOT))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "certify.settings")
    django.setup()
    return [to_locale(code) for code, _name in settings.LANGUAGES if code != "en"]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--locale-dir", type=Path, default=LOCALE_DIR)
    parser.add_argument("--glossary", type=Path, default=GLOSSARY)
    parser.add_argument(
        "--language", action="append", help="a locale directory (es, zh_Hans); default: all"
    )
    args = parser.parse_args(argv)
    locales = args.language or site_locales()
    problems = check(args.locale_dir, locales, args.glossary)
    for problem in problems:
        print(problem)
    print(f"{len(problems)} problem(s) in {', '.join(locales)}")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
