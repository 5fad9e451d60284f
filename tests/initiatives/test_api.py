"""The initiatives API under /api/v1/: visibility per role, writes, errors, pagination, schema."""

import re

import pytest
import yaml
from django.core.management import call_command
from django.urls import reverse
from drf_spectacular.drainage import GENERATOR_STATS
from drf_spectacular.validation import validate_schema
from rest_framework.authtoken.models import Token

from initiatives.models import Initiative, Invitation, Membership, Organisation, Role
from tests.factories import MembershipFactory, OrganisationFactory


def _api(name, *args):
    return reverse(f"v1:{name}", args=args)


def _error(response) -> dict:
    body = response.json()
    assert set(body) == {"error"}, body
    assert set(body["error"]) == {"code", "message", "fields"}, body
    assert body["error"]["message"]
    return body["error"]


def _slugs(response) -> list[str]:
    return [item["slug"] for item in response.json()["results"]]


# Initiatives


def test_initiative_list_shows_only_own_initiatives_with_the_callers_role(world, client_for):
    response = client_for(world.partner).get(_api("initiative-list"))
    assert response.status_code == 200
    [item] = response.json()["results"]
    assert (item["slug"], item["my_role"]) == ("fachkraefte-berlin", "partner")
    assert _slugs(client_for(world.other_coordinator).get(_api("initiative-list"))) == [
        "kitaplaetze-leipzig"
    ]
    assert _slugs(client_for(world.outsider).get(_api("initiative-list"))) == []


def test_member_of_two_initiatives_sees_both_once(world, client_for):
    MembershipFactory(user=world.partner, initiative=world.other_initiative, role=Role.VIEWER)
    response = client_for(world.partner).get(_api("initiative-list"))
    assert _slugs(response) == ["fachkraefte-berlin", "kitaplaetze-leipzig"]
    assert response.json()["count"] == 2


def test_create_initiative_makes_the_caller_its_coordinator(world, client_for):
    response = client_for(world.outsider).post(
        _api("initiative-list"),
        {
            "name": "Wohnungslosigkeit Potsdam",
            "problem_statement": "Niemand löst es allein.",
            "target_group": "Wohnungslose Menschen",
            "region": "Potsdam",
            "start_date": "2025-01-01",
        },
        content_type="application/json",
    )
    assert response.status_code == 201
    body = response.json()
    assert (body["slug"], body["my_role"], body["status"]) == (
        "wohnungslosigkeit-potsdam",
        "coordinator",
        "planning",
    )
    initiative = Initiative.objects.get(slug="wohnungslosigkeit-potsdam")
    assert Membership.objects.get(initiative=initiative).user == world.outsider


def test_create_initiative_with_duplicate_name_answers_400_on_the_field(world, client_for):
    response = client_for(world.outsider).post(
        _api("initiative-list"),
        {
            "name": "FACHKRäFTE BERLIN",  # SQLite folds only ASCII case
            "problem_statement": "x",
            "target_group": "y",
            "region": "z",
            "start_date": "2025-01-01",
        },
        content_type="application/json",
    )
    assert response.status_code == 400
    error = _error(response)
    assert error["code"] == "invalid"
    assert list(error["fields"]) == ["name"]
    assert Initiative.objects.count() == 2


def test_coordinator_updates_initiative(world, client_for):
    response = client_for(world.coordinator).patch(
        _api("initiative-detail", world.initiative.slug),
        {"region": "Berlin-Neukölln"},
        content_type="application/json",
    )
    assert response.status_code == 200
    assert response.json()["region"] == "Berlin-Neukölln"
    world.initiative.refresh_from_db()
    assert world.initiative.region == "Berlin-Neukölln"


def test_partner_cannot_update_initiative(world, client_for):
    response = client_for(world.partner).patch(
        _api("initiative-detail", world.initiative.slug),
        {"region": "Mars"},
        content_type="application/json",
    )
    assert response.status_code == 403
    assert _error(response)["code"] == "permission_denied"
    world.initiative.refresh_from_db()
    assert world.initiative.region != "Mars"


# Organisations


def test_organisation_list_is_narrowed_by_initiative_filter(world, client_for):
    MembershipFactory(user=world.coordinator, initiative=world.other_initiative, role=Role.VIEWER)
    client = client_for(world.coordinator)

    everything = client.get(_api("organisation-list")).json()
    assert everything["count"] == 3

    leipzig = client.get(_api("organisation-list"), {"initiative": "kitaplaetze-leipzig"}).json()
    assert [o["name"] for o in leipzig["results"]] == ["Jugendamt Leipzig"]
    berlin = client.get(_api("organisation-list"), {"initiative": "fachkraefte-berlin"}).json()
    assert {o["initiative"] for o in berlin["results"]} == {"fachkraefte-berlin"}
    assert berlin["count"] == 2


def test_organisation_filter_on_a_foreign_initiative_returns_nothing(world, client_for):
    response = client_for(world.partner).get(
        _api("organisation-list"), {"initiative": "kitaplaetze-leipzig"}
    )
    assert response.status_code == 200
    assert response.json()["results"] == []


def test_organisation_list_filters_by_sector(world, client_for):
    response = client_for(world.partner).get(_api("organisation-list"), {"sector": "business"})
    assert [o["name"] for o in response.json()["results"]] == ["IHK Berlin"]


def test_participant_gets_only_names_and_sectors_of_organisations(world, client_for):
    world.organisation.website = "https://iq.example.org"
    world.organisation.save()
    client = client_for(world.participant)
    for item in client.get(_api("organisation-list")).json()["results"]:
        assert set(item) == {"id", "initiative", "name", "sector"}
    detail = client.get(_api("organisation-detail", world.organisation.pk)).json()
    assert set(detail) == {"id", "initiative", "name", "sector"}


def test_partner_sees_website_and_contribution(world, client_for):
    detail = client_for(world.partner).get(_api("organisation-detail", world.organisation.pk))
    assert {"website", "contribution"} <= set(detail.json())


def test_coordinator_creates_organisation(world, client_for):
    response = client_for(world.coordinator).post(
        _api("organisation-list"),
        {"initiative": world.initiative.slug, "name": "Jobcenter", "sector": "administration"},
        content_type="application/json",
    )
    assert response.status_code == 201
    assert response.json()["initiative"] == world.initiative.slug
    assert world.initiative.organisations.filter(name="Jobcenter").exists()


def test_organisation_without_initiative_is_refused_with_field_error(world, client_for):
    response = client_for(world.coordinator).post(
        _api("organisation-list"),
        {"name": "Jobcenter", "sector": "administration"},
        content_type="application/json",
    )
    assert response.status_code == 400
    assert "initiative" in _error(response)["fields"]


def test_partner_cannot_create_organisation(world, client_for):
    response = client_for(world.partner).post(
        _api("organisation-list"),
        {"initiative": world.initiative.slug, "name": "Jobcenter", "sector": "administration"},
        content_type="application/json",
    )
    assert response.status_code == 403
    assert _error(response)["code"] == "permission_denied"
    assert not Organisation.objects.filter(name="Jobcenter").exists()


def test_organisation_in_other_initiative_is_not_found(world, client_for):
    foreign = world.other_initiative.organisations.get()
    client = client_for(world.partner)
    response = client.get(_api("organisation-detail", foreign.pk))
    assert response.status_code == 404
    assert _error(response)["code"] == "not_found"
    patch = client.patch(
        _api("organisation-detail", foreign.pk), {"name": "X"}, content_type="application/json"
    )
    assert patch.status_code == 404
    created = client_for(world.coordinator).post(
        _api("organisation-list"),
        {"initiative": world.other_initiative.slug, "name": "Fremd", "sector": "business"},
        content_type="application/json",
    )
    assert created.status_code == 404
    assert not Organisation.objects.filter(name="Fremd").exists()


def test_organisation_with_members_cannot_be_deleted_over_the_api(world, client_for):
    response = client_for(world.coordinator).delete(
        _api("organisation-detail", world.organisation.pk)
    )
    assert response.status_code == 400
    assert _error(response)["code"] == "organisation_has_members"
    assert Organisation.objects.filter(pk=world.organisation.pk).exists()


# Memberships


def test_member_emails_only_for_coordinators(world, client_for):
    as_coordinator = client_for(world.coordinator).get(_api("membership-list")).json()
    emails = {m["email"] for m in as_coordinator["results"]}
    assert "partner2@example.org" in emails
    assert None not in emails
    for role in ("partner", "viewer"):
        results = client_for(world.user(role)).get(_api("membership-list")).json()["results"]
        assert len(results) == 5
        assert {m["email"] for m in results} == {None}
        assert {m["person"]["full_name"] for m in results} >= {"Partner2", "Viewer"}


def test_participant_sees_no_members(world, client_for):
    client = client_for(world.participant)
    response = client.get(_api("membership-list"))
    assert response.status_code == 200
    assert response.json()["count"] == 0
    own = Membership.objects.get(user=world.participant)
    assert client.get(_api("membership-detail", own.pk)).status_code == 404


def test_memberships_of_other_initiatives_are_invisible(world, client_for):
    results = client_for(world.other_coordinator).get(_api("membership-list")).json()["results"]
    assert {m["initiative"] for m in results} == {"kitaplaetze-leipzig"}


def test_coordinator_changes_a_role_over_the_api(world, client_for):
    target = Membership.objects.get(user=world.viewer)
    response = client_for(world.coordinator).patch(
        _api("membership-detail", target.pk),
        {"role": "partner", "organisation": world.organisation2.pk},
        content_type="application/json",
    )
    assert response.status_code == 200
    target.refresh_from_db()
    assert (target.role, target.organisation) == (Role.PARTNER, world.organisation2)


def test_last_coordinator_cannot_be_demoted_over_the_api(world, client_for):
    own = Membership.objects.get(user=world.coordinator)
    response = client_for(world.coordinator).patch(
        _api("membership-detail", own.pk), {"role": "viewer"}, content_type="application/json"
    )
    assert response.status_code == 400
    assert _error(response)["code"] == "last_coordinator"
    own.refresh_from_db()
    assert own.role == Role.COORDINATOR


# Invitations


def test_invitations_are_for_coordinators_only(
    world, client_for, django_capture_on_commit_callbacks
):
    coordinator = client_for(world.coordinator)
    with django_capture_on_commit_callbacks(execute=True):
        created = coordinator.post(
            _api("invitation-list"),
            {
                "initiative": world.initiative.slug,
                "email": "Nora.Neu@example.org",
                "role": "partner",
                "organisation": world.organisation.pk,
            },
            content_type="application/json",
        )
    assert created.status_code == 201
    assert created.json()["email"] == "nora.neu@example.org"
    assert created.json()["status"] == "open"
    assert "token" not in created.json() and "token_hash" not in created.json()

    assert coordinator.get(_api("invitation-list")).json()["count"] == 1
    for role in ("partner", "viewer", "participant"):
        assert client_for(world.user(role)).get(_api("invitation-list")).json()["count"] == 0
    partner_post = client_for(world.partner).post(
        _api("invitation-list"),
        {"initiative": world.initiative.slug, "email": "x@example.org", "role": "viewer"},
        content_type="application/json",
    )
    assert partner_post.status_code == 403
    assert Invitation.objects.count() == 1


def test_coordinator_revokes_an_invitation_with_delete(world, client_for):
    client = client_for(world.coordinator)
    created = client.post(
        _api("invitation-list"),
        {"initiative": world.initiative.slug, "email": "neu@example.org", "role": "viewer"},
        content_type="application/json",
    ).json()
    response = client.delete(_api("invitation-detail", created["id"]))
    assert response.status_code == 204
    invitation = Invitation.objects.get(pk=created["id"])
    assert invitation.status == Invitation.Status.REVOKED
    detail = client.get(_api("invitation-detail", created["id"])).json()
    assert detail["status"] == "revoked"


def test_invitation_with_bad_email_answers_400_with_field(world, client_for):
    response = client_for(world.coordinator).post(
        _api("invitation-list"),
        {"initiative": world.initiative.slug, "email": "kein-at-zeichen", "role": "viewer"},
        content_type="application/json",
    )
    assert response.status_code == 400
    assert list(_error(response)["fields"]) == ["email"]
    assert not Invitation.objects.exists()


def test_invitation_to_existing_member_answers_400(world, client_for):
    response = client_for(world.coordinator).post(
        _api("invitation-list"),
        {"initiative": world.initiative.slug, "email": "viewer@example.org", "role": "viewer"},
        content_type="application/json",
    )
    assert response.status_code == 400
    assert "email" in _error(response)["fields"]


# Authentication


def test_token_authentication_works(world, client):
    token = Token.objects.create(user=world.partner)
    response = client.get(_api("me"), HTTP_AUTHORIZATION=f"Token {token.key}")
    assert response.status_code == 200
    body = response.json()
    assert body["email"] == "partner@example.org"
    assert body["memberships"] == [
        {
            "initiative": "fachkraefte-berlin",
            "initiative_name": "Fachkräfte Berlin",
            "role": "partner",
            "organisation": world.organisation.pk,
        }
    ]
    listed = client.get(_api("organisation-list"), HTTP_AUTHORIZATION=f"Token {token.key}")
    assert listed.json()["count"] == 2


def test_token_writes_need_no_csrf_token(world):
    from rest_framework.test import APIClient

    token = Token.objects.create(user=world.coordinator)
    client = APIClient(enforce_csrf_checks=True)
    response = client.post(
        _api("organisation-list"),
        {"initiative": world.initiative.slug, "name": "Jobcenter", "sector": "administration"},
        format="json",
        HTTP_AUTHORIZATION=f"Token {token.key}",
    )
    assert response.status_code == 201


def test_wrong_token_is_refused_with_the_error_format(world, client):
    response = client.get(_api("me"), HTTP_AUTHORIZATION="Token falsch")
    assert response.status_code == 401
    assert _error(response)["code"] == "authentication_failed"


def test_anonymous_request_is_refused_with_the_error_format(world, client):
    response = client.get(_api("initiative-list"))
    assert response.status_code == 401
    assert _error(response)["code"] == "not_authenticated"


# Errors and pagination


def test_validation_error_format(world, client_for):
    response = client_for(world.coordinator).post(
        _api("organisation-list"),
        {"initiative": world.initiative.slug, "sector": "weltraum"},
        content_type="application/json",
    )
    assert response.status_code == 400
    error = _error(response)
    assert error["code"] == "invalid"
    assert set(error["fields"]) == {"name", "sector"}
    assert all(isinstance(m, str) for msgs in error["fields"].values() for m in msgs)


def test_not_found_error_format(world, client_for):
    response = client_for(world.coordinator).get(_api("initiative-detail", "gibt-es-nicht"))
    assert response.status_code == 404
    assert _error(response) == {
        "code": "not_found",
        "message": response.json()["error"]["message"],
        "fields": {},
    }


def test_list_is_paginated_with_count_and_next(world, client_for):
    OrganisationFactory.create_batch(60, initiative=world.initiative)
    client = client_for(world.partner)
    first = client.get(_api("organisation-list")).json()
    assert first["count"] == 62
    assert len(first["results"]) == 50
    assert first["next"] and "page=2" in first["next"]
    assert first["previous"] is None
    second = client.get(first["next"]).json()
    assert len(second["results"]) == 12
    assert second["next"] is None
    ids = {o["id"] for o in first["results"]} | {o["id"] for o in second["results"]}
    assert len(ids) == 62


def test_page_size_can_be_chosen_up_to_200(world, client_for):
    OrganisationFactory.create_batch(203, initiative=world.initiative)
    client = client_for(world.partner)
    small = client.get(_api("organisation-list"), {"page_size": 3}).json()
    assert len(small["results"]) == 3
    capped = client.get(_api("organisation-list"), {"page_size": 100000}).json()
    assert (capped["count"], len(capped["results"])) == (205, 200)


def test_page_beyond_the_end_answers_404_in_the_error_format(world, client_for):
    response = client_for(world.partner).get(_api("organisation-list"), {"page": 99})
    assert response.status_code == 404
    assert _error(response)["code"] == "not_found"


# Schema and documentation


def test_schema_is_a_valid_openapi_document(world, client):
    response = client.get(reverse("api-schema"))
    assert response.status_code == 200
    schema = yaml.safe_load(response.content)
    validate_schema(schema)  # raises on an invalid document
    assert schema["openapi"].startswith("3.")
    paths = set(schema["paths"])
    assert {
        "/api/v1/me/",
        "/api/v1/initiatives/",
        "/api/v1/initiatives/{slug}/",
        "/api/v1/organisations/",
        "/api/v1/memberships/{id}/",
        "/api/v1/invitations/",
    } <= paths
    parameters = {p["name"] for p in schema["paths"]["/api/v1/organisations/"]["get"]["parameters"]}
    assert {"initiative", "page", "page_size"} <= parameters


def test_schema_generation_has_no_warnings_or_errors(db, tmp_path):
    GENERATOR_STATS.reset()
    target = tmp_path / "schema.yml"
    call_command("spectacular", "--validate", "--fail-on-warn", "--file", str(target))
    assert "openapi:" in target.read_text()


def test_api_docs_load_without_cdn(world, client):
    response = client.get(reverse("api-docs"))
    assert response.status_code == 200
    content = response.content.decode()
    assert "/static/drf_spectacular_sidecar/swagger-ui-dist/swagger-ui-bundle.js" in content
    external = re.findall(r'(?:src|href)="(https?:)?//', content)
    assert external == []
    assert "cdn" not in content.lower()


def test_api_docs_run_under_the_content_security_policy(world, client):
    response = client.get(reverse("api-docs"))
    assert "script-src 'self'" in response["Content-Security-Policy"]
    inline_scripts = re.findall(r"<script(?![^>]*\bsrc=)(?![^>]*\bnonce=)[^>]*>", response.text)
    assert inline_scripts == []


@pytest.mark.parametrize("resource", ["organisation-list", "invitation-list"])
def test_unknown_and_foreign_initiative_in_a_body_look_the_same(world, client_for, resource):
    """Posting to a slug one may not see must not reveal whether it exists."""
    client = client_for(world.coordinator)
    body = {"name": "X", "sector": "business", "email": "x@example.org", "role": "viewer"}
    foreign = client.post(
        _api(resource),
        {**body, "initiative": world.other_initiative.slug},
        content_type="application/json",
    )
    missing = client.post(
        _api(resource), {**body, "initiative": "gibt-es-nicht"}, content_type="application/json"
    )
    assert foreign.status_code == missing.status_code == 404
    assert foreign.json() == missing.json()
