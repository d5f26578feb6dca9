"""No English left on the pages a victim can reach, in each of the six other languages.

Two signals, on the visible text (tags, scripts and styles stripped; `<bdi dir="ltr">`, codes and
anything marked with another `lang`, like the language switch, skipped):

- a text node that is exactly an English msgid of our catalogue whose translation in that
  language differs from it: the string was rendered untranslated (the reliable signal);
- in the Latin-script languages (es, tl, vi), three or more common English words in a row.

Names, references, e-mail addresses and numbers carry none of the common words; the few proper
nouns that do are in ALLOWED with the reason they stay English.
"""

import re
from html.parser import HTMLParser

import polib
import pytest
from django.conf import settings
from django.urls import reverse
from django.utils.translation import to_locale

from tests.support.wizard import U_STEPS, answers, post_step, step_url
from workflows.notices import Wanted, notify

OTHER_LANGUAGES = [code for code, _name in settings.LANGUAGES if code != "en"]
LATIN_SCRIPT = {"es", "tl", "vi"}
# Common English words no Spanish, Tagalog or Vietnamese sentence strings three in a row.
# Left out because they are words there too: a, at, no, may, me, con, sa, an, do, in, to.
ENGLISH_WORDS = frozenset(
    re.findall(
        r"\w+",
        """the and your you request requests agency of for is are this that with on we our will
        be can not if it from by or has have was what who how when please here more about my
        their they there been does all any after before which would should must only""",
    )
)
# Text that stays English on purpose: proper nouns and the official names of federal forms.
ALLOWED = (
    re.compile(r"^\s*certify\s*$", re.I),  # the product's name
    re.compile(r"USCIS"),  # the agency's own name
    re.compile(r"Form I-9\d\d( Supplement B)?"),  # the forms' official names
    re.compile(r"^\s*Agency [AB] Police\s*$"),  # the agencies in the test data: names as they are
)
SKIPPED_TAGS = {"script", "style", "noscript", "template", "code", "kbd", "samp", "svg"}
VOID_TAGS = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source"}
VOID_TAGS |= {"track", "wbr"}
SPOKEN_ATTRIBUTES = ("aria-label", "alt", "placeholder", "title")


class VisibleText(HTMLParser):
    """The text a person reads or hears on the page, one entry per text node."""

    def __init__(self, language: str):
        super().__init__(convert_charrefs=True)
        self.language = language
        self.skipping: list[str] = []  # the open elements whose text is skipped
        self.texts: list[str] = []

    def _skips(self, tag: str, attrs: dict) -> bool:
        if tag in SKIPPED_TAGS or (tag == "bdi" and attrs.get("dir") == "ltr"):
            return True
        lang = attrs.get("lang")
        return tag != "html" and lang is not None and lang != self.language

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag in VOID_TAGS:
            if not self.skipping and attrs.get("type") != "hidden":
                self._add(*(attrs.get(name) or "" for name in SPOKEN_ATTRIBUTES))
            return
        if self.skipping or self._skips(tag, attrs):
            self.skipping.append(tag)
        else:
            self._add(*(attrs.get(name) or "" for name in SPOKEN_ATTRIBUTES))

    def handle_endtag(self, tag):
        if self.skipping and self.skipping[-1] == tag:
            self.skipping.pop()

    def handle_data(self, data):
        if not self.skipping:
            self._add(data)

    def _add(self, *texts: str) -> None:
        for text in texts:
            for pattern in ALLOWED:
                text = pattern.sub(" ", text)
            text = " ".join(text.split())
            if text:
                self.texts.append(text)


def visible_texts(html: str, language: str) -> list[str]:
    parser = VisibleText(language)
    parser.feed(html)
    return parser.texts


def untranslated_msgids(language: str) -> frozenset[str]:
    """English msgids whose translation in the language reads differently."""
    catalogue = polib.pofile(
        settings.LOCALE_PATHS[0] / to_locale(language) / "LC_MESSAGES/django.po"
    )
    return frozenset(
        " ".join(entry.msgid.split())
        for entry in catalogue.translated_entries()
        if not entry.msgid_plural and entry.msgstr.strip() != entry.msgid.strip()
    )


def english_run(text: str, length: int = 3) -> str | None:
    """The first run of `length` common English words in a row, if any."""
    run: list[str] = []
    for word in re.findall(r"[^\W\d_]+|\d+", text.lower()):
        run = run + [word] if word in ENGLISH_WORDS else []
        if len(run) >= length:
            return " ".join(run)
    return None


def english_left(html: str, language: str, msgids: frozenset[str]) -> list[str]:
    found = []
    for text in visible_texts(html, language):
        if text in msgids:
            found.append(f"msgid: {text!r}")
        elif language in LATIN_SCRIPT and (run := english_run(text)):
            found.append(f"words {run!r}: {text!r}")
    return found


def victim_pages(client, world) -> dict[str, str]:
    """Every page a victim sees, signed out and then signed in, as {label: html}."""
    pages: dict[str, str] = {}

    def get(label: str, url: str, method: str = "get", data=None) -> None:
        response = getattr(client, method)(url, data or {})
        assert response.status_code == 200, (label, response.status_code)
        pages[label] = response.content.decode()

    for label, url in [
        ("home", reverse("home")),
        ("agencies", reverse("agency_list")),
        ("agency", reverse("agency_detail", kwargs={"slug": world.agency_a.slug})),
        ("stats", reverse("stats")),
        ("verify", reverse("verify")),
        ("accessibility", reverse("accessibility")),
        ("privacy", reverse("privacy")),
        ("sign-in", reverse("login")),
        ("sign-up", reverse("wizard_signup")),
    ]:
        get(label, url)
    get("verify errors", reverse("verify"), "post")
    get("sign-in errors", reverse("login"), "post")
    get("sign-up errors", reverse("wizard_signup"), "post")

    data = answers(world.agency_a.pk)
    data["story"]["language"] = "español"  # as the victim types it, not the English "Spanish"
    for step in U_STEPS[:-1]:
        get(f"wizard {step}", step_url(step))
        empty = post_step(client, step, {})
        if empty.status_code == 200:
            pages[f"wizard {step} errors"] = empty.content.decode()
        assert post_step(client, step, data[step]).status_code == 302, step
    get("wizard check", step_url("check"))

    victim = world.users["victim"]
    client.force_login(victim)
    get("wizard check signed in", step_url("check"))
    get("wizard check errors", step_url("check"), "post", {"certify_request-current_step": "check"})
    assert post_step(client, "check", data["check"]).status_code == 302
    get("sent", reverse("wizard_sent"))
    request = world.victim_request
    notify(
        [
            Wanted(request.pk, victim.pk, "receipt", "l10n"),
            Wanted(request.pk, victim.pk, "update", "l10n"),
        ]
    )
    get("requests", reverse("request_list"))
    get("request", reverse("request_detail", kwargs={"reference": request.reference}))
    get("notices", reverse("notice_list"))
    return pages


@pytest.fixture(autouse=True)
def private_dir(settings, tmp_path):
    settings.PRIVATE_STORAGE_DIR = tmp_path
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"


@pytest.mark.parametrize("language", OTHER_LANGUAGES)
def test_no_english_is_left_on_the_pages_a_victim_sees(client, world, language):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = language
    msgids = untranslated_msgids(language)
    pages = victim_pages(client, world)
    assert all(f'<html lang="{language}"' in html for html in pages.values())
    left = {
        label: found
        for label, html in pages.items()
        if (found := english_left(html, language, msgids))
    }
    assert left == {}, "\n".join(f"{label}: {found}" for label, found in left.items())


def test_the_check_finds_english_left_on_a_page():
    msgids = untranslated_msgids("es")
    page = (
        '<html lang="es"><body><p>Continue</p><p>Envíe your request for the agency</p>'
        '<p lang="en">English</p><bdi dir="ltr">UV-7K3Q</bdi>'
        '<script>var and = "the and you";</script>'
        "<p>Form I-918 Supplement B</p></body></html>"
    )
    assert "Continue" in msgids
    assert english_left(page, "es", msgids) == [
        "msgid: 'Continue'",
        "words 'your request for': 'Envíe your request for the agency'",
    ]
    assert english_left(page, "ko", untranslated_msgids("ko")) == ["msgid: 'Continue'"]
