"""The HTML views of the initiatives app: forms, confirmations, htmx variants, visibility.

Messages are checked through the form's errors and the database, not through their wording:
the German catalogue changes independently of these tests.
"""

from unittest import mock

import pytest
from django.urls import reverse

from core.models import AuditEvent
from initiatives import services
from initiatives.models import Initiative, Invitation, Membership, Organisation, Role
from tests.factories import OrganisationFactory

HTMX = {"HTTP_HX_REQUEST": "true"}


def _initiative_data(**overrides):
    data = {
        "name": "Wohnungslosigkeit Potsdam",
        "problem_statement": "Menschen ohne Wohnung fallen durch alle Raster.",
        "target_group": "Wohnungslose Menschen in Potsdam",
        "region": "Potsdam",
        "start_date": "2025-03-01",
        "planned_end_date": "",
        "status": "planning",
    }
    return {**data, **overrides}


def _url(name, world, **kwargs):
    return reverse(f"initiatives:{name}", kwargs={"slug": world.initiative.slug, **kwargs})


def _membership(user, initiative):
    return Membership.objects.get(user=user, initiative=initiative)


# Initiatives


def test_anyone_with_an_account_can_found_an_initiative_and_becomes_coordinator(world, client_for):
    response = client_for(world.outsider).post(
        reverse("initiatives:initiative-create"), _initiative_data()
    )
    initiative = Initiative.objects.get(name="Wohnungslosigkeit Potsdam")
    assert response.status_code == 302
    assert response["Location"] == initiative.get_absolute_url()
    assert _membership(world.outsider, initiative).role == Role.COORDINATOR
    assert AuditEvent.objects.filter(verb="initiative.created").count() == 1


def test_duplicate_initiative_name_is_refused_with_422_and_keeps_typed_values(world, client_for):
    data = _initiative_data(name="fachkräfte berlin", region="Spandau")
    response = client_for(world.coordinator).post(reverse("initiatives:initiative-create"), data)
    assert response.status_code == 422
    assert response.context["form"].errors
    content = response.content.decode()
    assert "form-summary" in content
    assert 'value="fachkräfte berlin"' in content
    assert 'value="Spandau"' in content
    assert "Menschen ohne Wohnung fallen durch alle Raster." in content
    assert Initiative.objects.count() == 2


def test_double_submitted_initiative_is_refused_on_the_name_instead_of_failing(world, client_for):
    """The second request of a double submit passes the name check before the first commits;
    the database's unique constraint then answers, and the form says so on the name."""
    client = client_for(world.coordinator)
    assert (
        client.post(reverse("initiatives:initiative-create"), _initiative_data()).status_code == 302
    )
    with mock.patch.object(services, "_check_name_free"):
        response = client.post(reverse("initiatives:initiative-create"), _initiative_data())
    assert response.status_code == 422
    assert response.context["form"].errors["name"]
    assert "Menschen ohne Wohnung fallen durch alle Raster." in response.content.decode()
    assert Initiative.objects.filter(name="Wohnungslosigkeit Potsdam").count() == 1
    assert AuditEvent.objects.filter(verb="initiative.created").count() == 1


def test_initiative_with_end_before_start_is_refused(world, client_for):
    data = _initiative_data(start_date="2025-03-01", planned_end_date="2025-01-01")
    response = client_for(world.coordinator).post(reverse("initiatives:initiative-create"), data)
    assert response.status_code == 422
    assert response.context["form"].errors
    assert not Initiative.objects.filter(name="Wohnungslosigkeit Potsdam").exists()


@pytest.mark.parametrize(
    ("field", "overrides"),
    [
        ("name", {"name": "fachkräfte berlin"}),
        ("planned_end_date", {"start_date": "2025-03-01", "planned_end_date": "2025-01-01"}),
    ],
)
def test_initiative_form_error_is_on_the_field_and_names_no_constraint(
    world, client_for, field, overrides
):
    response = client_for(world.coordinator).post(
        reverse("initiatives:initiative-create"), _initiative_data(**overrides)
    )
    assert response.status_code == 422
    assert field in response.context["form"].errors
    assert "initiatives_initiative_" not in response.content.decode()


def test_coordinator_edits_initiative(world, client_for):
    data = _initiative_data(name="Fachkräfte Berlin", region="Berlin-Neukölln", status="active")
    response = client_for(world.coordinator).post(_url("initiative-update", world), data)
    assert response.status_code == 302
    world.initiative.refresh_from_db()
    assert world.initiative.region == "Berlin-Neukölln"
    assert world.initiative.slug == "fachkraefte-berlin"


def test_rejected_initiative_edit_does_not_show_the_unsaved_name_in_the_navigation(
    world, client_for
):
    data = _initiative_data(name="Kitaplätze Leipzig")
    response = client_for(world.coordinator).post(_url("initiative-update", world), data)
    assert response.status_code == 422
    assert response.context["form"].errors
    assert response.context["current_initiative"].name == "Fachkräfte Berlin"
    world.initiative.refresh_from_db()
    assert world.initiative.name == "Fachkräfte Berlin"


def test_initiative_overview_shows_counts_of_the_whole_initiative(world, client_for):
    response = client_for(world.coordinator).get(_url("initiative-detail", world))
    assert response.status_code == 200
    assert response.context["organisation_count"] == 2
    assert response.context["member_count"] == 5


def test_initiative_list_counts_all_members_not_only_the_viewer(world, client_for):
    response = client_for(world.partner).get(reverse("initiatives:initiative-list"))
    [initiative] = response.context["page"].object_list
    assert initiative.organisation_count == 2
    assert initiative.member_count == 5


# Partner organisations


def test_coordinator_adds_organisation(world, client_for):
    response = client_for(world.coordinator).post(
        _url("organisation-create", world),
        {"name": "Jobcenter Mitte", "sector": "administration", "website": "jobcenter.example"},
    )
    assert response.status_code == 302
    assert response["Location"] == _url("organisation-list", world)
    organisation = Organisation.objects.get(name="Jobcenter Mitte")
    assert organisation.initiative == world.initiative
    assert organisation.website == "https://jobcenter.example"


def test_add_another_organisation_returns_to_the_empty_form(world, client_for):
    response = client_for(world.coordinator).post(
        _url("organisation-create", world),
        {"name": "Jobcenter Mitte", "sector": "administration", "another": "1"},
    )
    assert response["Location"] == _url("organisation-create", world)


def test_duplicate_organisation_is_refused_with_422_and_nothing_created(world, client_for):
    response = client_for(world.coordinator).post(
        _url("organisation-create", world),
        {"name": "iq netzwerk", "sector": "business", "contribution": "Mentoring"},
    )
    assert response.status_code == 422
    assert "name" in response.context["form"].errors
    assert "Mentoring" in response.content.decode()
    assert world.initiative.organisations.count() == 2


def test_double_submitted_organisation_is_refused_on_the_name_instead_of_failing(world, client_for):
    client = client_for(world.coordinator)
    data = {"name": "Jobcenter Mitte", "sector": "administration", "contribution": "Beratung"}
    assert client.post(_url("organisation-create", world), data).status_code == 302
    with mock.patch.object(services, "_check_organisation_name_free"):
        response = client.post(_url("organisation-create", world), data)
    assert response.status_code == 422
    assert response.context["form"].errors["name"]
    assert "Beratung" in response.content.decode()
    assert world.initiative.organisations.filter(name="Jobcenter Mitte").count() == 1
    assert AuditEvent.objects.filter(verb="organisation.created").count() == 1


def test_coordinator_edits_organisation(world, client_for):
    url = _url("organisation-update", world, pk=world.organisation.pk)
    response = client_for(world.coordinator).post(
        url, {"name": "IQ Netzwerk Berlin", "sector": "civil_society", "contribution": "Neu"}
    )
    assert response.status_code == 302
    world.organisation.refresh_from_db()
    assert (world.organisation.name, world.organisation.contribution) == (
        "IQ Netzwerk Berlin",
        "Neu",
    )


def test_renaming_organisation_to_a_taken_name_is_refused(world, client_for):
    url = _url("organisation-update", world, pk=world.organisation.pk)
    response = client_for(world.coordinator).post(url, {"name": "IHK BERLIN", "sector": "business"})
    assert response.status_code == 422
    assert "name" in response.context["form"].errors
    world.organisation.refresh_from_db()
    assert world.organisation.name == "IQ Netzwerk"


def test_organisation_with_members_cannot_be_deleted(world, client_for):
    url = _url("organisation-delete", world, pk=world.organisation.pk)
    response = client_for(world.coordinator).post(url)
    assert response.status_code == 409
    assert response.context["error"]
    assert Organisation.objects.filter(pk=world.organisation.pk).exists()


def test_confirmation_page_says_beforehand_that_open_invitations_must_be_withdrawn(
    world, client_for
):
    organisation = OrganisationFactory(initiative=world.initiative, name="Jobcenter Mitte")
    invitation = services.invitation_create(
        acting_user=world.coordinator,
        initiative=world.initiative,
        email="neu@example.org",
        role=Role.PARTNER,
        organisation=organisation,
    )
    url = _url("organisation-delete", world, pk=organisation.pk)
    client = client_for(world.coordinator)

    confirm = client.get(url)
    assert confirm.status_code == 200
    assert confirm.context["error_code"] == "organisation_has_open_invitations"
    content = confirm.content.decode()
    assert "neu@example.org" in content
    assert "kern-btn--primary danger" not in content  # no button to remove
    assert _url("membership-list", world) + "#invitations-heading" in content

    response = client.post(url)
    assert response.status_code == 409
    assert "neu@example.org" in response.context["error"]
    assert Organisation.objects.filter(pk=organisation.pk).exists()
    assert Invitation.objects.filter(pk=invitation.pk).exists()


def test_organisation_without_members_is_deleted_after_confirmation(world, client_for):
    empty = OrganisationFactory(initiative=world.initiative, name="Ohne Mitglieder")
    url = _url("organisation-delete", world, pk=empty.pk)
    client = client_for(world.coordinator)

    confirm = client.get(url)
    assert confirm.status_code == 200
    assert confirm.context["organisation"] == empty
    assert confirm.context["error"] is None
    assert '<form method="post"' in confirm.content.decode()
    assert Organisation.objects.filter(pk=empty.pk).exists()  # a GET removes nothing

    response = client.post(url)
    assert response.status_code == 302
    assert response["Location"] == _url("organisation-list", world)
    assert not Organisation.objects.filter(pk=empty.pk).exists()


def test_organisation_of_another_initiative_is_not_found_under_this_one(world, client_for):
    foreign = world.other_initiative.organisations.get()
    response = client_for(world.coordinator).get(_url("organisation-detail", world, pk=foreign.pk))
    assert response.status_code == 404


# Partner directory


def test_participant_sees_names_and_sectors_but_no_contributions(world, client_for):
    world.organisation.contribution = "Anerkennungsberatung für Fachkräfte"
    world.organisation.website = "https://iq.example.org"
    world.organisation.save()
    response = client_for(world.participant).get(_url("organisation-list", world))
    content = response.content.decode()
    assert response.status_code == 200
    assert "IQ Netzwerk" in content
    assert "sector-tag--civil_society" in content
    assert "Anerkennungsberatung" not in content
    assert "iq.example.org" not in content
    detail = _url("organisation-detail", world, pk=world.organisation.pk)
    assert detail not in content


def test_partner_sees_contributions_and_links_in_the_directory(world, client_for):
    world.organisation.contribution = "Anerkennungsberatung für Fachkräfte"
    world.organisation.save()
    response = client_for(world.partner).get(_url("organisation-list", world))
    content = response.content.decode()
    assert "Anerkennungsberatung" in content
    assert _url("organisation-detail", world, pk=world.organisation.pk) in content


def test_directory_sector_filter_lists_only_that_sector(world, client_for):
    response = client_for(world.viewer).get(
        _url("organisation-list", world), {"sektor": "business"}
    )
    names = [o.name for o in response.context["page"].object_list]
    assert names == ["IHK Berlin"]


def test_directory_ignores_an_unknown_sector(world, client_for):
    response = client_for(world.viewer).get(_url("organisation-list", world), {"sektor": "mars"})
    assert response.status_code == 200
    assert response.context["sector"] is None
    assert len(response.context["page"].object_list) == 2


def test_directory_filter_over_htmx_renders_only_the_results(world, client_for):
    response = client_for(world.viewer).get(
        _url("organisation-list", world), {"sektor": "business"}, **HTMX
    )
    content = response.content.decode()
    assert response.status_code == 200
    assert content.lstrip().startswith('<div id="directory-results">')
    assert "<html" not in content
    assert "IHK Berlin" in content and "IQ Netzwerk" not in content
    assert "HX-Request" in response["Vary"]


# Members


def test_last_coordinator_cannot_be_demoted(world, client_for):
    own = _membership(world.coordinator, world.initiative)
    response = client_for(world.coordinator).post(
        _url("membership-update", world, pk=own.pk), {"role": "viewer", "organisation": ""}
    )
    assert response.status_code == 422
    assert response.context["form"].non_field_errors()
    own.refresh_from_db()
    assert own.role == Role.COORDINATOR


def test_coordinator_can_be_demoted_when_another_remains(world, client_for):
    second = _membership(world.viewer, world.initiative)
    second.role = Role.COORDINATOR
    second.save()
    own = _membership(world.coordinator, world.initiative)
    response = client_for(world.coordinator).post(
        _url("membership-update", world, pk=own.pk), {"role": "viewer", "organisation": ""}
    )
    assert response.status_code == 302
    own.refresh_from_db()
    assert own.role == Role.VIEWER


def test_coordinator_makes_viewer_a_partner_of_an_organisation(world, client_for):
    target = _membership(world.viewer, world.initiative)
    response = client_for(world.coordinator).post(
        _url("membership-update", world, pk=target.pk),
        {"role": "partner", "organisation": world.organisation2.pk},
    )
    assert response.status_code == 302
    target.refresh_from_db()
    assert (target.role, target.organisation) == (Role.PARTNER, world.organisation2)


def test_partner_role_without_organisation_is_refused(world, client_for):
    target = _membership(world.viewer, world.initiative)
    response = client_for(world.coordinator).post(
        _url("membership-update", world, pk=target.pk), {"role": "partner", "organisation": ""}
    )
    assert response.status_code == 422
    assert "organisation" in response.context["form"].errors
    target.refresh_from_db()
    assert target.role == Role.VIEWER


def test_coordinator_removes_a_member(world, client_for):
    target = _membership(world.viewer, world.initiative)
    client = client_for(world.coordinator)
    url = _url("membership-remove", world, pk=target.pk)
    assert client.get(url).status_code == 200
    response = client.post(url)
    assert response.status_code == 302
    assert response["Location"] == _url("membership-list", world)
    assert not Membership.objects.filter(pk=target.pk).exists()


def test_member_can_leave_the_initiative(world, client_for):
    own = _membership(world.partner, world.initiative)
    client = client_for(world.partner)
    url = _url("membership-remove", world, pk=own.pk)
    confirm = client.get(url)
    assert confirm.status_code == 200
    assert confirm.context["is_self"] is True
    response = client.post(url)
    assert response.status_code == 302
    assert response["Location"] == reverse("home")
    assert not Membership.objects.filter(pk=own.pk).exists()
    assert client.get(_url("initiative-detail", world)).status_code == 404


def test_last_coordinator_cannot_leave(world, client_for):
    own = _membership(world.coordinator, world.initiative)
    response = client_for(world.coordinator).post(_url("membership-remove", world, pk=own.pk))
    assert response.status_code == 409
    assert response.context["error"]
    assert Membership.objects.filter(pk=own.pk).exists()


def test_members_page_shows_emails_only_to_coordinators(world, client_for):
    as_coordinator = client_for(world.coordinator).get(_url("membership-list", world))
    assert "partner2@example.org" in as_coordinator.content.decode()
    as_partner = client_for(world.partner).get(_url("membership-list", world))
    assert as_partner.status_code == 200
    assert "Partner2" in as_partner.content.decode()
    assert "partner2@example.org" not in as_partner.content.decode()


# Invitations


def test_coordinator_invites_a_partner_member(world, client_for):
    response = client_for(world.coordinator).post(
        _url("invitation-create", world),
        {"email": "Neu@Example.org", "role": "partner", "organisation": world.organisation.pk},
    )
    assert response.status_code == 302
    invitation = Invitation.objects.get()
    assert (invitation.email, invitation.organisation) == ("neu@example.org", world.organisation)


def test_invitation_with_bad_email_is_refused_with_422(world, client_for):
    response = client_for(world.coordinator).post(
        _url("invitation-create", world),
        {"email": "kein-at-zeichen", "role": "viewer", "message": "Willkommen!"},
    )
    assert response.status_code == 422
    assert "email" in response.context["form"].errors
    assert 'value="kein-at-zeichen"' in response.content.decode()
    assert "Willkommen!" in response.content.decode()
    assert not Invitation.objects.exists()


def test_invitation_of_an_existing_member_is_refused(world, client_for):
    response = client_for(world.coordinator).post(
        _url("invitation-create", world), {"email": "viewer@example.org", "role": "viewer"}
    )
    assert response.status_code == 422
    assert "email" in response.context["form"].errors
    assert not Invitation.objects.exists()


def test_invitation_form_preselects_the_organisation_from_its_page(world, client_for):
    response = client_for(world.coordinator).get(
        _url("invitation-create", world), {"organisation": world.organisation.pk}
    )
    form = response.context["form"]
    assert form.initial == {"role": "partner", "organisation": str(world.organisation.pk)}


# htmx


def test_invalid_form_over_htmx_renders_only_the_form_partial(world, client_for):
    response = client_for(world.coordinator).post(
        reverse("initiatives:initiative-create"), _initiative_data(name="Fachkräfte Berlin"), **HTMX
    )
    content = response.content.decode()
    assert response.status_code == 422
    assert content.lstrip().startswith("<form")
    assert 'id="initiative-form"' in content
    assert "<html" not in content
    assert "HX-Request" in response["Vary"]


def test_full_page_is_rendered_without_htmx(world, client_for):
    response = client_for(world.coordinator).post(
        reverse("initiatives:initiative-create"), _initiative_data(name="Fachkräfte Berlin")
    )
    assert "<html" in response.content.decode()


def test_successful_htmx_post_answers_with_hx_redirect(world, client_for):
    response = client_for(world.coordinator).post(
        _url("organisation-create", world),
        {"name": "Jobcenter", "sector": "administration"},
        **HTMX,
    )
    assert response.status_code == 200
    assert response["HX-Redirect"] == _url("organisation-list", world)
    assert Organisation.objects.filter(name="Jobcenter").exists()


@pytest.mark.parametrize(
    "name",
    ["organisation-create", "invitation-create", "initiative-update"],
)
def test_htmx_get_of_a_form_page_renders_the_partial(world, client_for, name):
    response = client_for(world.coordinator).get(_url(name, world), **HTMX)
    assert response.status_code == 200
    assert response.content.decode().lstrip().startswith("<form")


# Access


def test_partner_cannot_open_other_initiative(world, client_for):
    client = client_for(world.partner)
    slug = world.other_initiative.slug
    for name in ("initiative-detail", "organisation-list", "membership-list"):
        response = client.get(reverse(f"initiatives:{name}", kwargs={"slug": slug}))
        assert response.status_code == 404, name
    assert "Kitaplätze Leipzig" not in response.content.decode()


def test_navigation_hides_members_from_participants(world, client_for):
    members_url = _url("membership-list", world)
    as_participant = client_for(world.participant).get(_url("initiative-detail", world))
    assert f'href="{members_url}"' not in as_participant.content.decode()
    as_partner = client_for(world.partner).get(_url("initiative-detail", world))
    assert f'href="{members_url}"' in as_partner.content.decode()


def test_home_sends_a_member_of_one_initiative_straight_to_it(world, client_for):
    response = client_for(world.partner).get(reverse("home"))
    assert response["Location"] == world.initiative.get_absolute_url()
    response = client_for(world.outsider).get(reverse("home"))
    assert response["Location"] == reverse("initiatives:initiative-list")
