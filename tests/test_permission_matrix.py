"""Role-by-URL permission matrix, built from the URLconf.

Every URL pattern of the project must have rows in `MATRIX`; a new URL without one fails
`test_every_url_pattern_has_an_entry`. Each row states, for one URL name and one HTTP method,
the answer every role gets. Pattern kwargs come from the default world (`KWARGS`), bodies for
writes from `DATA`.

Which patterns count:
- every pattern with a name, addressed as `namespace:name`;
- an unnamed pattern fails the coverage test too, except Django's media `static()` helper,
  which exists only with DEBUG on;
- the admin (`betrieb/`, namespace `admin`) is Django's own: its internals are skipped, and
  `test_admin_is_closed_to_every_role` checks that no role of the domain gets in;
- DRF format-suffix duplicates (a `format` group in the pattern, e.g. `.json`) are skipped:
  they answer like the pattern they duplicate.

Semantics: anonymous visitors are sent to the login page (LOGIN) from HTML pages and get
`ANON_API` from the API; people outside the initiative get 404 (existence stays private);
members without the right get 403.
"""

import datetime
import re
import types
from datetime import timedelta

import pytest
from django.contrib import admin
from django.urls import URLPattern, URLResolver, get_resolver, path, reverse
from django.urls.resolvers import RegexPattern
from django.utils import timezone
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode

from core.models import AuditEvent
from initiatives import services
from initiatives.models import Invitation, Membership, Role, invitation_token_hash
from tests.factories import OrganisationFactory
from tests.impact.builders import FrameworkBuilder, report
from tests.initiatives.agenda_support import publish_version

ROLES = (
    "coordinator",
    "partner",
    "viewer",
    "participant",
    "other_coordinator",
    "outsider",
    "anonymous",
)
LOGIN = "login"  # a redirect to the login page
# DRF answers unauthenticated requests 403 because SessionAuthentication comes first in
# REST_FRAMEWORK["DEFAULT_AUTHENTICATION_CLASSES"] (it sends no WWW-Authenticate header).
# With TokenAuthentication first this becomes 401.
ANON_API = 401
INVITATION_TOKEN = "matrix-invitation-token"

# fmt: off
# Columns: coordinator, partner, viewer, participant, other_coordinator, outsider, anonymous.
# name, method                                        coo  par  vie  ptc  oth  out  anon
MATRIX = [
    ("home", "GET",                                   302, 302, 302, 302, 302, 302, LOGIN),
    ("health", "GET",                                 200, 200, 200, 200, 200, 200, 200),
    # accounts
    ("accounts:login", "GET",                         302, 302, 302, 302, 302, 302, 200),
    ("accounts:login", "POST",                        302, 302, 302, 302, 302, 302, 302),
    ("accounts:logout", "GET",                        405, 405, 405, 405, 405, 405, 405),
    ("accounts:logout", "POST",                       302, 302, 302, 302, 302, 302, 302),
    ("accounts:password-reset", "GET",                200, 200, 200, 200, 200, 200, 200),
    ("accounts:password-reset", "POST",               302, 302, 302, 302, 302, 302, 302),
    ("accounts:password-reset-sent", "GET",           200, 200, 200, 200, 200, 200, 200),
    ("accounts:password-reset-confirm", "GET",        200, 200, 200, 200, 200, 200, 200),
    ("accounts:password-reset-complete", "GET",       200, 200, 200, 200, 200, 200, 200),
    ("accounts:password-change", "GET",               200, 200, 200, 200, 200, 200, LOGIN),
    ("accounts:password-change", "POST",              302, 302, 302, 302, 302, 302, LOGIN),
    ("accounts:profile", "GET",                       200, 200, 200, 200, 200, 200, LOGIN),
    ("accounts:profile", "POST",                      302, 302, 302, 302, 302, 302, LOGIN),
    ("accounts:api-token-renew", "GET",               405, 405, 405, 405, 405, 405, LOGIN),
    ("accounts:api-token-renew", "POST",              302, 302, 302, 302, 302, 302, LOGIN),
    ("accounts:api-token-revoke", "GET",              405, 405, 405, 405, 405, 405, LOGIN),
    ("accounts:api-token-revoke", "POST",             302, 302, 302, 302, 302, 302, LOGIN),
    ("accounts:language-set", "GET",                  405, 405, 405, 405, 405, 405, 405),
    ("accounts:language-set", "POST",                 302, 302, 302, 302, 302, 302, 302),
    # initiatives: anyone with an account may found one
    ("initiatives:initiative-list", "GET",            200, 200, 200, 200, 200, 200, LOGIN),
    ("initiatives:initiative-create", "GET",          200, 200, 200, 200, 200, 200, LOGIN),
    ("initiatives:initiative-create", "POST",         302, 302, 302, 302, 302, 302, LOGIN),
    ("initiatives:initiative-detail", "GET",          200, 200, 200, 200, 404, 404, LOGIN),
    ("initiatives:initiative-update", "GET",          200, 403, 403, 403, 404, 404, LOGIN),
    ("initiatives:initiative-update", "POST",         302, 403, 403, 403, 404, 404, LOGIN),
    # partner directory: participants see names and sectors, but no organisation page
    ("initiatives:organisation-list", "GET",          200, 200, 200, 200, 404, 404, LOGIN),
    ("initiatives:organisation-create", "GET",        200, 403, 403, 403, 404, 404, LOGIN),
    ("initiatives:organisation-create", "POST",       302, 403, 403, 403, 404, 404, LOGIN),
    ("initiatives:organisation-detail", "GET",        200, 200, 200, 403, 404, 404, LOGIN),
    ("initiatives:organisation-update", "GET",        200, 403, 403, 403, 404, 404, LOGIN),
    ("initiatives:organisation-update", "POST",       302, 403, 403, 403, 404, 404, LOGIN),
    ("initiatives:organisation-delete", "GET",        200, 403, 403, 403, 404, 404, LOGIN),
    ("initiatives:organisation-delete", "POST",       302, 403, 403, 403, 404, 404, LOGIN),
    # members: not for participants
    ("initiatives:membership-list", "GET",            200, 200, 200, 403, 404, 404, LOGIN),
    ("initiatives:membership-update", "GET",          200, 403, 403, 403, 404, 404, LOGIN),
    ("initiatives:membership-update", "POST",         302, 403, 403, 403, 404, 404, LOGIN),
    ("initiatives:membership-remove", "GET",          200, 403, 403, 403, 404, 404, LOGIN),
    ("initiatives:membership-remove", "POST",         302, 403, 403, 403, 404, 404, LOGIN),
    ("initiatives:invitation-create", "GET",          200, 403, 403, 403, 404, 404, LOGIN),
    ("initiatives:invitation-create", "POST",         302, 403, 403, 403, 404, 404, LOGIN),
    ("initiatives:invitation-resend", "GET",          405, 405, 405, 405, 405, 405, LOGIN),
    ("initiatives:invitation-resend", "POST",         302, 403, 403, 403, 404, 404, LOGIN),
    ("initiatives:invitation-revoke", "GET",          200, 403, 403, 403, 404, 404, LOGIN),
    ("initiatives:invitation-revoke", "POST",         302, 403, 403, 403, 404, 404, LOGIN),
    # the link is addressed to a new person: everyone logged in is someone else
    ("initiatives:invitation-accept", "GET",          403, 403, 403, 403, 403, 403, 200),
    ("initiatives:invitation-accept", "POST",         403, 403, 403, 403, 403, 403, 302),
    # common agenda: every member reads it; the backbone office writes the draft, publishes
    # and keeps the glossary; partner members state their own organisation's endorsement
    ("initiatives:agenda-detail", "GET",              200, 200, 200, 200, 404, 404, LOGIN),
    ("initiatives:agenda-draft-update", "GET",        200, 403, 403, 403, 404, 404, LOGIN),
    ("initiatives:agenda-draft-update", "POST",       302, 403, 403, 403, 404, 404, LOGIN),
    ("initiatives:agenda-draft-discard", "GET",       200, 403, 403, 403, 404, 404, LOGIN),
    ("initiatives:agenda-draft-discard", "POST",      302, 403, 403, 403, 404, 404, LOGIN),
    ("initiatives:agenda-publish", "GET",             200, 403, 403, 403, 404, 404, LOGIN),
    ("initiatives:agenda-publish", "POST",            302, 403, 403, 403, 404, 404, LOGIN),
    ("initiatives:endorsement-edit", "GET",           403, 200, 403, 403, 404, 404, LOGIN),
    ("initiatives:endorsement-edit", "POST",          403, 302, 403, 403, 404, 404, LOGIN),
    ("initiatives:agenda-version-list", "GET",        200, 200, 200, 200, 404, 404, LOGIN),
    ("initiatives:agenda-version-detail", "GET",      200, 200, 200, 200, 404, 404, LOGIN),
    ("initiatives:glossary-term-create", "GET",       200, 403, 403, 403, 404, 404, LOGIN),
    ("initiatives:glossary-term-create", "POST",      302, 403, 403, 403, 404, 404, LOGIN),
    ("initiatives:glossary-term-update", "GET",       200, 403, 403, 403, 404, 404, LOGIN),
    ("initiatives:glossary-term-update", "POST",      302, 403, 403, 403, 404, 404, LOGIN),
    ("initiatives:glossary-term-delete", "GET",       200, 403, 403, 403, 404, 404, LOGIN),
    ("initiatives:glossary-term-delete", "POST",      302, 403, 403, 403, 404, 404, LOGIN),
    # impact: partners and the backbone office report; a value form belongs to whoever enters
    # the value (the world's indicator is a partner's, so the backbone office gets 404; it enters
    # population indicators, see tests/impact/test_views.py); the backbone office reviews
    ("impact:task-list", "GET",                       200, 200, 403, 403, 404, 404, LOGIN),
    ("impact:submission-edit", "GET",                 404, 200, 403, 403, 404, 404, LOGIN),
    ("impact:submission-edit", "POST",                404, 302, 403, 403, 404, 404, LOGIN),
    ("impact:submission-revise", "GET",               405, 405, 405, 405, 405, 405, LOGIN),
    ("impact:submission-revise", "POST",              404, 302, 403, 403, 404, 404, LOGIN),
    ("impact:submission-discard", "GET",              405, 405, 405, 405, 405, 405, LOGIN),
    ("impact:submission-discard", "POST",             404, 302, 403, 403, 404, 404, LOGIN),
    ("impact:review-list", "GET",                     200, 403, 403, 403, 404, 404, LOGIN),
    ("impact:submission-review", "GET",               200, 403, 403, 403, 404, 404, LOGIN),
    ("impact:submission-approve", "GET",              405, 405, 405, 405, 405, 405, LOGIN),
    ("impact:submission-approve", "POST",             302, 403, 403, 403, 404, 404, LOGIN),
    ("impact:submission-return", "GET",               405, 405, 405, 405, 405, 405, LOGIN),
    ("impact:submission-return", "POST",              302, 403, 403, 403, 404, 404, LOGIN),
    ("impact:framework-detail", "GET",                200, 200, 200, 403, 404, 404, LOGIN),
    # API
    ("v1:me", "GET",                                  200, 200, 200, 200, 200, 200, ANON_API),
    ("v1:initiative-list", "GET",                     200, 200, 200, 200, 200, 200, ANON_API),
    ("v1:initiative-list", "POST",                    201, 201, 201, 201, 201, 201, ANON_API),
    ("v1:initiative-detail", "GET",                   200, 200, 200, 200, 404, 404, ANON_API),
    ("v1:initiative-detail", "PATCH",                 200, 403, 403, 403, 404, 404, ANON_API),
    ("v1:organisation-list", "GET",                   200, 200, 200, 200, 200, 200, ANON_API),
    ("v1:organisation-list", "POST",                  201, 403, 403, 403, 404, 404, ANON_API),
    ("v1:organisation-detail", "GET",                 200, 200, 200, 200, 404, 404, ANON_API),
    ("v1:organisation-detail", "PATCH",               200, 403, 403, 403, 404, 404, ANON_API),
    ("v1:organisation-detail", "DELETE",              204, 403, 403, 403, 404, 404, ANON_API),
    # members are invisible to participants in the API, so a membership id answers 404
    ("v1:membership-list", "GET",                     200, 200, 200, 200, 200, 200, ANON_API),
    ("v1:membership-detail", "GET",                   200, 200, 200, 404, 404, 404, ANON_API),
    ("v1:membership-detail", "PATCH",                 200, 403, 403, 404, 404, 404, ANON_API),
    ("v1:membership-detail", "DELETE",                204, 403, 403, 404, 404, 404, ANON_API),
    # invitations exist only for the backbone office
    ("v1:invitation-list", "GET",                     200, 200, 200, 200, 200, 200, ANON_API),
    ("v1:invitation-list", "POST",                    201, 403, 403, 403, 404, 404, ANON_API),
    ("v1:invitation-detail", "GET",                   200, 404, 404, 404, 404, 404, ANON_API),
    ("v1:invitation-detail", "DELETE",                204, 404, 404, 404, 404, 404, ANON_API),
    # common agenda: read by every member; only partner members endorse, for their own organisation
    ("v1:agenda-version-list", "GET",                 200, 200, 200, 200, 200, 200, ANON_API),
    ("v1:agenda-version-detail", "GET",               200, 200, 200, 200, 404, 404, ANON_API),
    ("v1:endorsement-list", "GET",                    200, 200, 200, 200, 200, 200, ANON_API),
    ("v1:endorsement-list", "POST",                   403, 201, 403, 403, 404, 404, ANON_API),
    ("v1:glossary-term-list", "GET",                  200, 200, 200, 200, 200, 200, ANON_API),
    ("api-schema", "GET",                             200, 200, 200, 200, 200, 200, 200),
    ("api-docs", "GET",                               200, 200, 200, 200, 200, 200, 200),
]
# fmt: on

PASSWORD = "demo-pass-123"  # tests.factories.UserFactory


def _slug(w):
    return {"slug": w.initiative.slug}


def _impact(w):
    """An indicator of IQ Netzwerk (the partner's organisation) with an empty period (Q1 2025),
    an approved value (Q2 2025), a submitted one (Q3 2025) and a draft (Q4 2025); built once
    per test."""
    if not hasattr(w, "impact"):
        framework = (
            FrameworkBuilder(w.initiative)
            .indicator("Vermittlungen", frequency="quarterly")
            .reported_by(w.organisation)
            .build()
        )
        indicator = framework.indicator("Vermittlungen")
        q1, q2, q3, q4 = (
            framework.period(indicator, datetime.date(2025, month, 15)) for month in (2, 5, 8, 11)
        )
        entry = {"by": w.partner, "organisation": w.organisation, "value": "5"}
        w.impact = types.SimpleNamespace(
            indicator=indicator,
            empty_period=q1,
            approved=report(indicator, q2, **entry, approve_by=w.coordinator),
            submitted=report(indicator, q3, **entry, submit=True),
            draft=report(indicator, q4, **entry),
        )
    return w.impact


def _value(w, period):
    return {**_slug(w), "indicator_id": _impact(w).indicator.pk, "period_id": period.pk}


def _submitted(w):
    return {**_slug(w), "pk": _impact(w).submitted.pk}


def _partner2_membership(w):
    return {"pk": Membership.objects.get(user=w.partner2, initiative=w.initiative).pk}


# URL kwargs per name, or per (name, method) where a write needs another object than a read.
KWARGS = {
    "accounts:password-reset-confirm": lambda w: {
        "uidb64": urlsafe_base64_encode(force_bytes(w.coordinator.pk)),
        "token": "no-valid-token",
    },
    "initiatives:initiative-detail": _slug,
    "initiatives:initiative-update": _slug,
    "initiatives:organisation-list": _slug,
    "initiatives:organisation-create": _slug,
    "initiatives:organisation-detail": lambda w: {**_slug(w), "pk": w.organisation.pk},
    "initiatives:organisation-update": lambda w: {**_slug(w), "pk": w.organisation.pk},
    "initiatives:organisation-delete": lambda w: {**_slug(w), "pk": w.empty_organisation.pk},
    "initiatives:membership-list": _slug,
    "initiatives:membership-update": lambda w: {**_slug(w), **_partner2_membership(w)},
    "initiatives:membership-remove": lambda w: {**_slug(w), **_partner2_membership(w)},
    "initiatives:invitation-create": _slug,
    "initiatives:invitation-resend": lambda w: {**_slug(w), "pk": w.invitation.pk},
    "initiatives:invitation-revoke": lambda w: {**_slug(w), "pk": w.invitation.pk},
    "initiatives:invitation-accept": lambda w: {"token": INVITATION_TOKEN},
    "initiatives:agenda-detail": _slug,
    "initiatives:agenda-draft-update": _slug,
    "initiatives:agenda-draft-discard": _slug,
    "initiatives:agenda-publish": _slug,
    "initiatives:endorsement-edit": _slug,
    "initiatives:agenda-version-list": _slug,
    "initiatives:agenda-version-detail": lambda w: {**_slug(w), "number": w.agenda_version.number},
    "initiatives:glossary-term-create": _slug,
    "initiatives:glossary-term-update": lambda w: {**_slug(w), "pk": w.glossary_term.pk},
    "initiatives:glossary-term-delete": lambda w: {**_slug(w), "pk": w.glossary_term.pk},
    "impact:task-list": _slug,
    "impact:submission-edit": lambda w: _value(w, _impact(w).empty_period),
    "impact:submission-revise": lambda w: _value(w, _impact(w).approved.period),
    "impact:submission-discard": lambda w: _value(w, _impact(w).draft.period),
    "impact:review-list": _slug,
    "impact:submission-review": _submitted,
    "impact:submission-approve": _submitted,
    "impact:submission-return": _submitted,
    "impact:framework-detail": _slug,
    "v1:initiative-detail": _slug,
    "v1:organisation-detail": lambda w: {"pk": w.organisation.pk},
    ("v1:organisation-detail", "DELETE"): lambda w: {"pk": w.empty_organisation.pk},
    "v1:membership-detail": _partner2_membership,
    "v1:invitation-detail": lambda w: {"pk": w.invitation.pk},
    "v1:agenda-version-detail": lambda w: {"pk": w.agenda_version.pk},
}


def _initiative_fields(name):
    return {
        "name": name,
        "problem_statement": "Ein Problem, das niemand allein löst.",
        "target_group": "Alleinerziehende",
        "region": "Potsdam",
        "start_date": "2025-01-01",
        "status": "planning",
    }


# Request bodies for writes: valid, so that the allowed roles succeed.
DATA = {
    "accounts:login": lambda w: {"username": w.coordinator.email, "password": PASSWORD},
    "accounts:password-reset": lambda w: {"email": w.coordinator.email},
    "accounts:password-change": lambda w: {
        "old_password": PASSWORD,
        "new_password1": "ein-neues-Passwort-42",
        "new_password2": "ein-neues-Passwort-42",
    },
    "accounts:profile": lambda w: {"full_name": "Neuer Name", "language": "de"},
    "accounts:language-set": lambda w: {"language": "en", "next": "/"},
    "initiatives:initiative-create": lambda w: _initiative_fields("Wohnungslosigkeit Potsdam"),
    "initiatives:initiative-update": lambda w: {
        **_initiative_fields(w.initiative.name),
        "region": "Berlin-Neukölln",
    },
    "initiatives:organisation-create": lambda w: {"name": "Jobcenter", "sector": "administration"},
    "initiatives:organisation-update": lambda w: {"name": "IQ Netzwerk", "sector": "science"},
    "initiatives:membership-update": lambda w: {"role": "viewer", "organisation": ""},
    "initiatives:invitation-create": lambda w: {"email": "neu@example.org", "role": "viewer"},
    "initiatives:invitation-accept": lambda w: {
        "full_name": "Nora Neu",
        "password1": "ein-gutes-Passwort-42",
        "password2": "ein-gutes-Passwort-42",
    },
    "v1:initiative-list": lambda w: _initiative_fields("Wohnungslosigkeit Potsdam"),
    "v1:initiative-detail": lambda w: {"region": "Brandenburg"},
    "v1:organisation-list": lambda w: {
        "initiative": w.initiative.slug,
        "name": "Jobcenter",
        "sector": "administration",
    },
    "v1:organisation-detail": lambda w: {"website": "https://iq.example.org"},
    "v1:membership-detail": lambda w: {"role": "viewer"},
    "v1:invitation-list": lambda w: {
        "initiative": w.initiative.slug,
        "email": "neu@example.org",
        "role": "viewer",
    },
    "initiatives:agenda-draft-update": lambda w: {
        "vision": "Alle finden Arbeit, die zu ihnen passt.",
        "problem": "Abschlüsse werden nicht genutzt.",
        "approach": "Gemeinsam beraten und vermitteln.",
        "principles": "Auf Augenhöhe.",
        "change_note": "",
    },
    "initiatives:endorsement-edit": lambda w: {"level": "fully", "reservation": "", "comment": ""},
    "initiatives:glossary-term-create": lambda w: {
        "term": "Prototyp",
        "definition": "Ein schneller Test eines Lösungsansatzes in der Wirklichkeit.",
    },
    "initiatives:glossary-term-update": lambda w: {
        "term": "Anerkennung",
        "definition": "Das Verfahren, das die Gleichwertigkeit eines Abschlusses feststellt.",
    },
    "impact:submission-edit": lambda w: {"value": "12,5", "action": "save"},
    "impact:submission-return": lambda w: {"reason": "Bitte die Zahl prüfen."},
    "v1:endorsement-list": lambda w: {"version": w.agenda_version.pk, "level": "fully"},
}

# Answers that refuse a request; a refused write must leave no audit row behind.
REFUSED = {LOGIN, 401, 403, 404, 405}


def _walk(resolver, namespace=None):
    """Yield (full name or None, pattern) for every URL pattern below `resolver`."""
    for pattern in resolver.url_patterns:
        if isinstance(pattern, URLResolver):
            ns = pattern.namespace
            if ns == "admin":
                continue
            full_ns = f"{namespace}:{ns}" if namespace and ns else (ns or namespace)
            yield from _walk(pattern, full_ns)
        elif isinstance(pattern, URLPattern):
            if "(?P<format>" in str(pattern.pattern):
                continue
            name = f"{namespace}:{pattern.name}" if namespace and pattern.name else pattern.name
            yield name, pattern


def coverage_problems(resolver) -> list[str]:
    """What keeps MATRIX from covering the URLconf below `resolver`; empty when it does."""
    names, unnamed = set(), []
    for name, pattern in _walk(resolver):
        if name:
            names.add(name)
        elif pattern.lookup_str != "django.views.static.serve":
            unnamed.append(str(pattern.pattern))
    covered = {name for name, *_ in MATRIX}
    with_get = {name for name, method, *_ in MATRIX if method == "GET"}
    rows = [(name, method) for name, method, *_ in MATRIX]
    problems = [f"URL pattern without a name: {pattern}" for pattern in unnamed]
    problems += [f"URL without an entry in MATRIX: {name}" for name in sorted(names - covered)]
    problems += [f"MATRIX row for a URL that is gone: {name}" for name in sorted(covered - names)]
    problems += [f"URL without a GET row: {name}" for name in sorted(names & covered - with_get)]
    problems += [f"duplicate MATRIX row: {row}" for row in set(rows) if rows.count(row) > 1]
    return problems


def test_every_url_pattern_has_an_entry():
    assert coverage_problems(get_resolver()) == []


def test_a_new_url_without_an_entry_is_reported():
    def view(request):
        raise AssertionError("never called")

    urlconf = types.SimpleNamespace(
        urlpatterns=[
            *get_resolver().url_patterns,
            path("neu/", view, name="brand-new"),
            path("ohne-name/", view),
            path("betrieb-2/", admin.site.urls),  # admin internals stay out
        ]
    )
    problems = coverage_problems(URLResolver(RegexPattern(r"^/"), urlconf))
    assert problems == [
        "URL pattern without a name: ohne-name/",
        "URL without an entry in MATRIX: brand-new",
    ]


def test_every_row_lists_every_role_and_has_its_kwargs():
    for name, _method, *answers in MATRIX:
        assert len(answers) == len(ROLES), name
        if _pattern_kwargs(name):
            assert name in KWARGS, f"{name} needs an entry in KWARGS"


def _pattern_kwargs(name):
    for full_name, pattern in _walk(get_resolver()):
        if full_name == name:
            return pattern.pattern.regex.groupindex
    return {}


@pytest.fixture
def matrix_world(world):
    """The default world plus what the write rows act on."""
    world.empty_organisation = OrganisationFactory(
        initiative=world.initiative, name="Ohne Mitglieder", sector="science"
    )
    world.invitation = Invitation.objects.create(
        initiative=world.initiative,
        email="nora.neu@example.org",
        role=Role.VIEWER,
        token_hash=invitation_token_hash(INVITATION_TOKEN),
        invited_by=world.coordinator,
        expires_at=timezone.now() + timedelta(days=14),
    )
    world.agenda_version = publish_version(
        initiative=world.initiative, coordinator=world.coordinator
    )
    services.agenda_draft_save(
        acting_user=world.coordinator,
        initiative=world.initiative,
        vision="Eine neue Vision.",
        problem="Das Problem.",
        approach="Der Ansatz.",
        principles="Die Grundsätze.",
    )
    world.glossary_term = services.glossary_term_create(
        acting_user=world.coordinator,
        initiative=world.initiative,
        term="Anerkennung",
        definition="Gleichwertigkeit eines ausländischen Abschlusses feststellen.",
    )
    return world


CASES = [
    pytest.param(name, method, role, expected, id=f"{name}-{method}-{role}")
    for name, method, *answers in MATRIX
    for role, expected in zip(ROLES, answers, strict=True)
]


@pytest.mark.parametrize(("name", "method", "role", "expected"), CASES)
def test_role_gets_expected_answer(matrix_world, client_for, name, method, role, expected):
    w = matrix_world
    client = client_for(w.user(role))
    kwargs_for = KWARGS.get((name, method)) or KWARGS.get(name)
    url = reverse(name, kwargs=kwargs_for(w) if kwargs_for else None)
    is_api = name.startswith("v1:")
    body = DATA[name](w) if name in DATA and method != "GET" else {}
    audit_before = AuditEvent.objects.count()

    if is_api and method != "GET":
        response = getattr(client, method.lower())(url, body, content_type="application/json")
    else:
        response = getattr(client, method.lower())(url, body)

    if expected == LOGIN:
        assert response.status_code == 302, response
        assert response["Location"].startswith(reverse("accounts:login") + "?next=")
    else:
        assert response.status_code == expected, (response.status_code, response.content[:300])
        if response.status_code == 302:
            assert "?next=" not in response["Location"], "sent to the login page"
    if is_api and response.status_code >= 400:
        error = response.json()["error"]
        assert set(error) == {"code", "message", "fields"}
    if expected in REFUSED and method != "GET":
        assert AuditEvent.objects.count() == audit_before, "a refused write changed something"


def test_missing_and_forbidden_initiative_look_the_same(world, client_for):
    client = client_for(world.partner)
    forbidden = client.get(
        reverse("initiatives:initiative-detail", args=[world.other_initiative.slug])
    )
    missing = client.get(reverse("initiatives:initiative-detail", args=["gibt-es-nicht"]))
    assert forbidden.status_code == missing.status_code == 404
    api_forbidden = client.get(reverse("v1:initiative-detail", args=[world.other_initiative.slug]))
    api_missing = client.get(reverse("v1:initiative-detail", args=["gibt-es-nicht"]))
    assert api_forbidden.status_code == api_missing.status_code == 404
    assert api_forbidden.json() == api_missing.json()


@pytest.mark.parametrize("role", [r for r in ROLES if r != "anonymous"])
def test_admin_is_closed_to_every_role(world, client_for, role):
    response = client_for(world.user(role)).get("/betrieb/")
    assert response.status_code == 302
    assert response["Location"].startswith("/betrieb/login/")


NAV_PAGES = [
    "initiatives:initiative-detail",
    "initiatives:agenda-detail",
    "initiatives:organisation-list",
    "initiatives:membership-list",
    "impact:task-list",
    "impact:framework-detail",
]


@pytest.mark.parametrize("role", ["coordinator", "partner", "viewer", "participant"])
def test_navigation_shows_exactly_the_pages_the_role_may_open(world, client_for, role):
    """Navigation and views use the same predicates: no link leads to a 403."""
    answers = {
        name: dict(zip(ROLES, rest, strict=True))[role]
        for name, method, *rest in MATRIX
        if method == "GET" and name in NAV_PAGES
    }
    page = client_for(world.user(role)).get(reverse(NAV_PAGES[0], kwargs=_slug(world)))
    nav = re.search(r'<nav class="initiative-nav".*?</nav>', page.content.decode(), re.S)
    links = set(re.findall(r'href="([^"]+)"', nav.group(0)))
    expected = {
        reverse(name, kwargs=_slug(world)) for name, status in answers.items() if status == 200
    }
    assert links == expected
