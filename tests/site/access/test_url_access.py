"""Every URL, as every role and as outsiders: who gets the page, who is refused.

A new URL pattern without a row in ACCESS fails `test_every_url_has_an_access_rule`; a rule
removed from certify.records.policy makes the roles it allowed fail their row (views fail closed).
"""

import pytest
import rules
from django.contrib import admin
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from tests.support.samples import TINY_PDF
from tests.support.url_map import ACCESS, LOGIN, PERSONAS


def named_patterns(resolver=None, namespace=""):
    resolver = resolver or get_resolver()
    for entry in resolver.url_patterns:
        if isinstance(entry, URLResolver):
            if entry.namespace == "admin":
                continue  # covered model by model in test_the_admin_is_for_site_admins_only
            yield from named_patterns(entry, namespace)
        elif isinstance(entry, URLPattern) and entry.name:
            yield entry


def test_every_url_has_an_access_rule():
    names = {pattern.name for pattern in named_patterns()}
    assert names - ACCESS.keys() == set(), "add these URLs to ACCESS"
    assert ACCESS.keys() - names == set(), "these ACCESS rows name no URL"


def test_every_view_declares_its_access_and_the_policy_knows_it():
    for pattern in named_patterns():
        access = getattr(pattern.callback, "certify_access", None)
        assert access is not None, f"{pattern.name} declares no access rule"
        if access != "public":
            assert rules.perm_exists(access), f"{pattern.name}: no rule for {access}"


@pytest.fixture
def world_with_document(world, tmp_path, settings):
    from certify.records import documents

    settings.PRIVATE_STORAGE_DIR = tmp_path
    documents.store(
        actor=world.users["advocate"],
        certification_request=world.advocate_request,
        kind="police_report",
        content=TINY_PDF,
        original_name="report.pdf",
    )
    return world


CASES = [
    pytest.param(
        name,
        label,
        method,
        build,
        persona,
        expected[persona],
        id=f"{name}{label and f'[{label}]'}-{persona}",
    )
    for name, rows in ACCESS.items()
    for label, method, build, expected in rows
    for persona in PERSONAS
]


@pytest.mark.parametrize("name,label,method,build,persona,expected", CASES)
def test_url_access(client, world_with_document, name, label, method, build, persona, expected):
    world = world_with_document
    if persona != "anonymous":
        client.force_login(world.users[persona])
    url = reverse(name, kwargs=build(world) if build else None)
    response = getattr(client, method)(url)
    if expected == LOGIN:
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("login"))
    else:
        assert response.status_code == expected, f"{persona} on {url}"


@pytest.mark.parametrize("persona", PERSONAS)
def test_the_admin_is_for_site_admins_only(client, world, persona):
    if persona != "anonymous":
        client.force_login(world.users[persona])
    for model in admin.site._registry:
        url = reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_changelist")
        response = client.get(url)
        if persona == "admin":
            assert response.status_code == 200, url
        else:
            assert response.status_code == 302, url
            assert response["Location"].startswith(reverse("admin:login"))
