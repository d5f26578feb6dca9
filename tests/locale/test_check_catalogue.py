"""scripts/check_catalogue.py on temporary catalogues: it passes a sound one and fails on each
fault it exists to catch."""

import importlib.util
from pathlib import Path

import polib
import pytest

ROOT = Path(__file__).resolve().parents[2]
_spec = importlib.util.spec_from_file_location(
    "check_catalogue", ROOT / "scripts/check_catalogue.py"
)
assert _spec is not None and _spec.loader is not None
check_catalogue = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(check_catalogue)

GLOSSARY = """\
| English | es | zh_Hans | vi | ko | tl | ar | Notes |
|---|---|---|---|---|---|---|---|
| U visa | visa U ; visas U | | | | | | |
| advocate | defensor(a) de víctimas ; defensores de víctimas | | | | | | |
"""
SOUND = [
    ("Ask for a U visa certification", "Pida una certificación de visa U"),
    ("Hello, %(name)s", "Hola, %(name)s"),
    ("Step {number}", "Paso {number}"),
    ("Advocates can help.", "Los defensores de víctimas pueden ayudar."),
    ("Half the requests: 50% done", "La mitad: 50 % de las solicitudes"),
]


def _catalogue(root: Path, locale: str, entries, plural=None) -> Path:
    catalogue = polib.POFile()
    catalogue.metadata = {"Content-Type": "text/plain; charset=UTF-8"}
    catalogue.metadata["Plural-Forms"] = "nplurals=2; plural=(n != 1);"
    for msgid, msgstr, *flags in entries:
        catalogue.append(polib.POEntry(msgid=msgid, msgstr=msgstr, flags=list(flags)))
    if plural is not None:
        catalogue.append(plural)
    path = root / locale / "LC_MESSAGES" / "django.po"
    path.parent.mkdir(parents=True, exist_ok=True)
    catalogue.save(str(path))
    return path


def _problems(tmp_path: Path, entries, *, locales=("es",), plural=None) -> list[str]:
    glossary = tmp_path / "GLOSSARY.md"
    glossary.write_text(GLOSSARY, encoding="utf-8")
    for locale in locales:
        _catalogue(tmp_path / "locale", locale, entries, plural)
    return check_catalogue.check(tmp_path / "locale", list(locales), glossary)


def _days(*forms: str) -> polib.POEntry:
    return polib.POEntry(
        msgid="%(days)s day left",
        msgid_plural="%(days)s days left",
        msgstr_plural=dict(enumerate(forms)),
        flags=["python-format"],
    )


def test_a_sound_catalogue_passes(tmp_path):
    plural = _days("%(days)s día", "%(days)s días")
    assert _problems(tmp_path, SOUND, plural=plural) == []


def test_the_command_exits_1_on_a_problem_and_0_without(tmp_path):
    _problems(tmp_path, SOUND)
    arguments = [
        "--locale-dir",
        str(tmp_path / "locale"),
        "--glossary",
        str(tmp_path / "GLOSSARY.md"),
    ]
    assert check_catalogue.main([*arguments, "--language", "es"]) == 0
    assert check_catalogue.main([*arguments, "--language", "es", "--language", "ko"]) == 1


def test_an_untranslated_entry_fails(tmp_path):
    problems = _problems(tmp_path, [*SOUND, ("Sign in", "")])
    assert len(problems) == 1
    assert "'Sign in': untranslated" in problems[0]


def test_an_entry_missing_from_one_language_fails(tmp_path):
    glossary = tmp_path / "GLOSSARY.md"
    glossary.write_text(GLOSSARY, encoding="utf-8")
    _catalogue(tmp_path / "locale", "es", SOUND)
    _catalogue(tmp_path / "locale", "tl", [*SOUND, ("Sign in", "Mag-sign in")])
    problems = check_catalogue.check(tmp_path / "locale", ["es", "tl"], glossary)
    assert problems == [f"{tmp_path}/locale/es/LC_MESSAGES/django.po: 'Sign in': missing"]


def test_a_missing_catalogue_fails(tmp_path):
    glossary = tmp_path / "GLOSSARY.md"
    glossary.write_text(GLOSSARY, encoding="utf-8")
    _catalogue(tmp_path / "locale", "es", SOUND)
    problems = check_catalogue.check(tmp_path / "locale", ["es", "ar"], glossary)
    assert problems == [f"{tmp_path}/locale/ar/LC_MESSAGES/django.po: missing catalogue"]


def test_a_djangojs_catalogue_in_one_language_is_required_in_all(tmp_path):
    _problems(tmp_path, SOUND, locales=("es", "vi"))
    _catalogue(tmp_path / "locale", "es", SOUND).rename(
        tmp_path / "locale/es/LC_MESSAGES/djangojs.po"
    )
    _catalogue(tmp_path / "locale", "es", SOUND)
    problems = check_catalogue.check(tmp_path / "locale", ["es", "vi"], tmp_path / "GLOSSARY.md")
    assert problems == [f"{tmp_path}/locale/vi/LC_MESSAGES/djangojs.po: missing catalogue"]


def test_a_fuzzy_entry_fails(tmp_path):
    problems = _problems(tmp_path, [*SOUND, ("Sign out", "Iniciar sesión", "fuzzy")])
    assert len(problems) == 1
    assert "'Sign out': fuzzy" in problems[0]


@pytest.mark.parametrize(
    ("msgid", "msgstr"),
    [
        ("Hello, %(name)s", "Hola, %(nombre)s"),
        ("Hello, %(name)s", "Hola"),
        ("Sent on %s", "Enviado el %d"),
        ("Step {number}", "Paso {número}"),
        ("Step {number}", "Paso {number} {number}"),
    ],
)
def test_a_placeholder_that_differs_from_its_source_fails(tmp_path, msgid, msgstr):
    entries = [entry for entry in SOUND if entry[0] != msgid] + [(msgid, msgstr)]
    problems = _problems(tmp_path, entries)
    assert len(problems) == 1
    assert "placeholders" in problems[0]


def test_a_plural_form_with_a_foreign_placeholder_or_missing_fails(tmp_path):
    assert "placeholders" in _problems(tmp_path, SOUND, plural=_days("un día", "%(dias)s días"))[0]
    assert "untranslated" in _problems(tmp_path, SOUND, plural=_days("un día", ""))[0]
    assert "1 plural forms" in _problems(tmp_path, SOUND, plural=_days("%(days)s días"))[0]


@pytest.mark.parametrize(
    ("msgid", "msgstr"),
    [
        ("Ask for a U visa certification", "Pida una certificación de visado U"),
        ("Advocates can help.", "Los defensores pueden ayudar."),
        ("An ADVOCATE can help.", "Un defensor puede ayudar."),
    ],
)
def test_a_glossary_term_translated_another_way_fails(tmp_path, msgid, msgstr):
    entries = [entry for entry in SOUND if entry[0] != msgid] + [(msgid, msgstr)]
    problems = _problems(tmp_path, entries)
    assert len(problems) == 1
    assert "glossary" in problems[0]


def test_a_term_inside_another_word_is_not_checked(tmp_path):
    # "advocated" is not the term "advocate(s)"; an empty glossary cell checks nothing.
    entries = [*SOUND, ("She advocated for it.", "Ella lo defendió.")]
    assert _problems(tmp_path, entries) == []
    assert _problems(tmp_path, [("Ask for a U visa", "U visa 신청")], locales=("ko",)) == []


def test_the_projects_glossary_lists_every_language_of_the_site(settings):
    from django.utils.translation import to_locale

    header = (ROOT / "locale/GLOSSARY.md").read_text(encoding="utf-8").split("\n| English")[1]
    columns = [cell.strip() for cell in header.split("\n")[0].split("|")]
    expected = {to_locale(code) for code, _name in settings.LANGUAGES} - {"en"}
    assert expected <= set(columns)
    assert check_catalogue.glossary_terms(ROOT / "locale/GLOSSARY.md", "es")
