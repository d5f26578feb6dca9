"""Seven languages: each named in its own script, right to left for Arabic, the account's
language at sign-in, translated error pages, US dates in English."""

import re
from datetime import date

import polib
import pytest
from django import forms
from django.conf import settings
from django.core import mail
from django.test import Client
from django.urls import reverse
from django.utils import formats, translation

from certify.records.models import QualifyingActivity
from certify.site import django_strings
from certify.site.languages import language_choices
from certify.site.templatetags.certify_tags import ltr
from certify.site.wizard.forms import VictimForm
from tests.conftest import PASSWORD

OWN_NAMES = {
    "en": "English",
    "es": "Español",
    "zh-hans": "中文（简体）",
    "vi": "Tiếng Việt",
    "ko": "한국어",
    "tl": "Tagalog",
    "ar": "العربية",
}


def _in(client: Client, language: str) -> Client:
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = language
    return client


def test_the_site_offers_seven_languages_each_under_its_own_name():
    assert dict(language_choices()) == OWN_NAMES
    assert translation.get_language_info("tl")["bidi"] is False
    assert translation.get_language_info("ar")["bidi"] is True


def test_the_wizard_asks_for_a_language_among_all_seven_in_their_own_names():
    with translation.override("en"):
        choices = dict(VictimForm().fields["preferred_language"].choices)
    assert choices == OWN_NAMES


def test_the_switch_lists_every_language_in_its_own_script_and_keeps_the_page(client, db):
    page = client.get(reverse("agency_list")).content.decode()
    for code, name in OWN_NAMES.items():
        assert f'lang="{code}"' in page and name in page
    assert '<input type="hidden" name="next" value="/agencies/">' in page
    response = client.post(reverse("set_language"), {"language": "ko", "next": "/agencies/"})
    assert response["Location"] == "/agencies/"
    assert '<html lang="ko" dir="ltr">' in client.get("/agencies/").content.decode()


def test_arabic_pages_run_right_to_left_with_their_own_style_sheet(client, db):
    arabic = _in(client, "ar").get(reverse("home")).content.decode()
    assert '<html lang="ar" dir="rtl">' in arabic
    assert "certify/rtl.css" in arabic
    english = _in(Client(), "en").get(reverse("home")).content.decode()
    assert '<html lang="en" dir="ltr">' in english
    assert "rtl.css" not in english


def test_references_and_codes_stay_left_to_right_inside_arabic(client, world):
    assert ltr("UV-7K3Q") == '<bdi dir="ltr">UV-7K3Q</bdi>'
    assert ltr("<b>") == '<bdi dir="ltr">&lt;b&gt;</bdi>'
    client.force_login(world.users["victim"])
    page = _in(client, "ar").get(reverse("request_list")).content.decode()
    assert f'<bdi dir="ltr">{world.victim_request.reference}</bdi>' in page


def test_signing_in_switches_the_site_to_the_accounts_language(client, world):
    user = world.users["victim"]
    user.preferred_language = "es"
    user.save(update_fields=["preferred_language"])
    response = _in(client, "en").post(
        reverse("login"), {"username": user.email, "password": PASSWORD}
    )
    assert response.status_code == 302
    assert response.cookies[settings.LANGUAGE_COOKIE_NAME].value == "es"
    assert '<html lang="es" dir="ltr">' in client.get(reverse("home")).content.decode()


def test_a_failed_sign_in_is_explained_in_the_visitors_language(client, world):
    response = _in(client, "es").post(
        reverse("login"), {"username": world.users["victim"].email, "password": "wrong"}
    )
    assert "La dirección de correo electrónico o la contraseña no son correctas" in (
        response.content.decode()
    )
    assert settings.LANGUAGE_COOKIE_NAME not in response.cookies


def test_a_form_refused_by_the_csrf_check_says_why_in_the_visitors_language(db):
    client = _in(Client(enforce_csrf_checks=True), "es")
    response = client.post(reverse("login"), {"username": "a@example.org", "password": "x"})
    assert response.status_code == 403
    page = response.content.decode()
    assert "Este formulario ha caducado" in page and '<html lang="es" dir="ltr">' in page


def test_a_missing_page_is_explained_in_the_visitors_language(client, db):
    response = _in(client, "es").get("/no-such-page/")
    assert response.status_code == 404
    assert '<html lang="es" dir="ltr">' in response.content.decode()
    assert "Page not found" not in response.content.decode()


def test_a_password_reset_e_mail_is_in_the_accounts_language(client, world):
    user = world.users["victim"]
    user.preferred_language = "es"
    user.save(update_fields=["preferred_language"])
    _in(client, "en").post(reverse("password_reset"), {"email": user.email})
    assert "Alguien pidió" in mail.outbox[0].body or "contraseña" in mail.outbox[0].body
    assert "Someone asked to reset" not in mail.outbox[0].body


def test_english_dates_are_written_and_read_month_first():
    day = date(1983, 4, 26)
    with translation.override("en"):
        assert formats.date_format(day, "DATE_FORMAT") == "April 26, 1983"
        assert formats.date_format(day, "SHORT_DATE_FORMAT") == "04/26/1983"
        assert forms.DateField().clean("04/26/1983") == day
        with pytest.raises(forms.ValidationError):
            forms.DateField().clean("26/04/1983")


def test_tagalog_dates_have_a_format_though_django_has_none():
    with translation.override("tl"):
        assert formats.get_format("DATE_FORMAT") == "F j, Y"
        assert forms.DateField().clean("04/26/1983") == date(1983, 4, 26)


@pytest.mark.parametrize("code", [code for code, _name in settings.LANGUAGES if code != "en"])
def test_djangos_words_on_victims_pages_are_in_every_catalogue(code):
    path = settings.BASE_DIR / "locale" / translation.to_locale(code) / "LC_MESSAGES/django.po"
    msgids = {entry.msgid for entry in polib.pofile(str(path))}
    marked = [
        *django_strings.FIELD_ERRORS,
        *django_strings.SIGN_IN_AND_PASSWORDS,
        *django_strings.MONTHS,
    ]
    assert {text for text in marked if isinstance(text, str)} <= msgids
    assert "Ensure this value has at most %(limit_value)d character (it has %(show_value)d)." in (
        msgids
    )


def test_the_reviewed_spanish_activity_names_are_loaded(db):
    hostage = QualifyingActivity.objects.get(code="hostage")
    assert hostage.name_es == "Toma de rehenes"
    kidnapping = QualifyingActivity.objects.get(code="kidnapping")
    assert "se le llevó" not in kidnapping.description_es
    with translation.override("ko"):
        assert hostage.name == "인질로 잡힘"
    with translation.override("ar"):
        assert hostage.description.startswith("احتجزك شخص")


def test_the_deadline_rule_is_written_in_the_readers_language():
    from workflows import deadlines
    from workflows.clock import rule_sentence

    with translation.override("es"):
        sentence = rule_sentence(
            basis="state_law",
            law="Cal. Penal Code 679.10",
            days=30,
            day_kind="calendar",
            trigger=deadlines.REMOVAL_PROCEEDINGS,
        )
    assert sentence == (
        "La ley estatal (Cal. Penal Code 679.10) da a la agencia 30 días. Este plazo más corto "
        "se aplica porque la víctima está en proceso de deportación."
    )


def test_the_deadline_rules_citation_stays_left_to_right_inside_arabic():
    from workflows.clock import rule_sentence

    rule = {"basis": "state_law", "law": "Cal. Penal Code 679.10", "days": 30, "day_kind": ""}
    with translation.override("ar"):
        assert "\u2066Cal. Penal Code 679.10\u2069" in rule_sentence(**rule)
    with translation.override("es"):
        assert "(Cal. Penal Code 679.10)" in rule_sentence(**rule)


def test_a_phone_number_on_the_check_page_stays_left_to_right_inside_arabic(client, world):
    from tests.support.wizard import U_STEPS, answers, step_url, walk

    _in(client, "ar")
    walk(client, U_STEPS, answers(world.agency_a.pk), until="check")
    page = client.get(step_url("check")).content.decode()
    assert '<bdi dir="ltr">rosa.safe@example.org</bdi>' in page
    assert re.search(r'<bdi dir="ltr">[^<]*555[^<]*0143</bdi>', page)


def test_the_account_e_mail_of_a_sign_up_is_in_the_accounts_language(world, mailoutbox):
    user = world.users["victim"]
    user.preferred_language = "es"
    user.save(update_fields=["preferred_language"])
    _in(Client(), "en").post(
        reverse("wizard_signup"), {"email": user.email, "password": "a long and private phrase"}
    )
    assert mailoutbox[0].subject == "Su cuenta de certify"
