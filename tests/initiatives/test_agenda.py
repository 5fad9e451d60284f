"""The common agenda: versions, endorsements, the glossary, their pages and their API.

Messages are checked through form errors, error codes and the database, not through their
wording: the German catalogue changes independently of these tests.
"""

import itertools

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone

from core.errors import ApplicationError, PermissionDeniedError
from core.models import AuditEvent
from core.textdiff import DiffSegment, word_diff
from initiatives import selectors, services
from initiatives.models import (
    AgendaDraft,
    AgendaVersion,
    Endorsement,
    GlossaryTerm,
    Organisation,
    Role,
)
from tests.factories import MembershipFactory, OrganisationFactory, UserFactory
from tests.initiatives.agenda_support import TEXTS, publish_version
from tests.initiatives.test_queries import assert_same_queries

HTMX = {"HTTP_HX_REQUEST": "true"}
_serial = itertools.count()


def _url(name, world, **kwargs):
    return reverse(f"initiatives:{name}", kwargs={"slug": world.initiative.slug, **kwargs})


def _publish(world, **texts):
    return publish_version(initiative=world.initiative, coordinator=world.coordinator, **texts)


def _endorse(user, version, organisation, level="fully", reservation="", comment=""):
    return services.endorsement_set(
        acting_user=user,
        version=version,
        organisation=organisation,
        level=level,
        reservation=reservation,
        comment=comment,
    )


@pytest.fixture
def version(world):
    return _publish(world)


# Versions: draft and publication


def test_publishing_numbers_the_version_and_removes_the_draft(world):
    version = _publish(world)
    assert version.number == 1
    assert version.published_by == world.coordinator
    assert (version.vision, version.principles) == (TEXTS["vision"], TEXTS["principles"])
    assert not AgendaDraft.objects.filter(initiative=world.initiative).exists()
    assert AuditEvent.objects.filter(verb="agenda.published").count() == 1


def test_publishing_again_increments_the_number_and_freezes_the_earlier_text(world):
    first = _publish(world)
    second = _publish(world, vision="Eine neue Vision für alle.", change_note="Vision ergänzt")
    assert second.number == 2
    assert second.change_note == "Vision ergänzt"
    first.refresh_from_db()
    assert first.vision == TEXTS["vision"]
    # a draft started afterwards leaves the published text alone
    services.agenda_draft_save(
        acting_user=world.coordinator,
        initiative=world.initiative,
        vision="Noch eine Idee",
        problem="",
        approach="",
        principles="",
    )
    second.refresh_from_db()
    assert second.vision == "Eine neue Vision für alle."
    assert list(
        AgendaVersion.objects.filter(initiative=world.initiative).values_list("number", flat=True)
    ) == [2, 1]


def test_version_numbers_count_per_initiative(world):
    _publish(world)
    other = publish_version(initiative=world.other_initiative, coordinator=world.other_coordinator)
    assert other.number == 1


def test_there_is_at_most_one_draft_per_initiative(world):
    for vision in ["Erster Stand", "Zweiter Stand"]:
        services.agenda_draft_save(
            acting_user=world.coordinator,
            initiative=world.initiative,
            vision=vision,
            problem="",
            approach="",
            principles="",
        )
    [draft] = AgendaDraft.objects.filter(initiative=world.initiative)
    assert draft.vision == "Zweiter Stand"
    assert draft.updated_by == world.coordinator
    with pytest.raises(IntegrityError), transaction.atomic():
        AgendaDraft.objects.create(initiative=world.initiative, vision="Doppelt")


def test_draft_text_is_normalised_so_unchanged_text_compares_equal(world, version):
    services.agenda_draft_save(
        acting_user=world.coordinator,
        initiative=world.initiative,
        **{name: text.replace("\n", "\r\n") + "  \r\n" for name, text in TEXTS.items()},
    )
    draft = AgendaDraft.objects.get(initiative=world.initiative)
    assert draft.problem == TEXTS["problem"]
    with pytest.raises(ApplicationError) as error:
        services.agenda_publish(acting_user=world.coordinator, initiative=world.initiative)
    assert error.value.code == "agenda_draft_unchanged"
    assert AgendaVersion.objects.filter(initiative=world.initiative).count() == 1


def test_incomplete_draft_is_not_published(world):
    services.agenda_draft_save(
        acting_user=world.coordinator,
        initiative=world.initiative,
        vision="Eine Vision",
        problem="Ein Problem",
        approach="Ein Ansatz",
        principles="   ",
    )
    with pytest.raises(ValidationError) as error:
        services.agenda_publish(acting_user=world.coordinator, initiative=world.initiative)
    assert set(error.value.message_dict) == {"principles"}
    assert not AgendaVersion.objects.exists()
    assert AgendaDraft.objects.filter(initiative=world.initiative).exists()


def test_publishing_without_a_draft_is_refused(world):
    with pytest.raises(ApplicationError) as error:
        services.agenda_publish(acting_user=world.coordinator, initiative=world.initiative)
    assert error.value.code == "agenda_no_draft"


def test_a_published_version_must_be_complete_in_the_database(world):
    with pytest.raises(IntegrityError), transaction.atomic():
        AgendaVersion.objects.create(
            initiative=world.initiative,
            number=1,
            **{**TEXTS, "approach": ""},
            published_at=timezone.now(),
        )


@pytest.mark.parametrize("role", ["partner", "viewer", "participant", "other_coordinator"])
def test_only_the_backbone_office_writes_and_publishes_the_agenda(world, role):
    user = world.user(role)
    with pytest.raises(PermissionDeniedError):
        services.agenda_draft_save(
            acting_user=user, initiative=world.initiative, **TEXTS, change_note=""
        )
    services.agenda_draft_save(acting_user=world.coordinator, initiative=world.initiative, **TEXTS)
    with pytest.raises(PermissionDeniedError):
        services.agenda_publish(acting_user=user, initiative=world.initiative)
    with pytest.raises(PermissionDeniedError):
        services.agenda_draft_discard(acting_user=user, initiative=world.initiative)
    assert not AgendaVersion.objects.exists()


def test_coordinator_discards_the_draft(world, version):
    services.agenda_draft_save(
        acting_user=world.coordinator, initiative=world.initiative, **{**TEXTS, "vision": "Neu"}
    )
    services.agenda_draft_discard(acting_user=world.coordinator, initiative=world.initiative)
    assert not AgendaDraft.objects.exists()
    assert AgendaVersion.objects.get().vision == TEXTS["vision"]


# Endorsements


def test_partner_endorses_for_own_organisation(world, version):
    endorsement, created = _endorse(world.partner, version, world.organisation)
    assert created
    assert (endorsement.organisation, endorsement.level, endorsement.endorsed_by) == (
        world.organisation,
        Endorsement.Level.FULLY,
        world.partner,
    )
    assert AuditEvent.objects.filter(verb="agenda.endorsed").count() == 1


def test_partner_cannot_endorse_for_another_organisation(world, version):
    with pytest.raises(PermissionDeniedError):
        _endorse(world.partner, version, world.organisation2)
    assert not Endorsement.objects.exists()


@pytest.mark.parametrize("role", ["coordinator", "viewer", "participant", "other_coordinator"])
def test_roles_other_than_partner_cannot_endorse(world, version, role):
    with pytest.raises(PermissionDeniedError):
        _endorse(world.user(role), version, world.organisation)
    assert not Endorsement.objects.exists()


def test_with_reservations_requires_the_reservation_written_down(world, version):
    with pytest.raises(ValidationError) as error:
        _endorse(
            world.partner, version, world.organisation, "with_reservations", reservation="  \n "
        )
    assert set(error.value.message_dict) == {"reservation"}
    assert not Endorsement.objects.exists()
    assert not AuditEvent.objects.filter(verb__startswith="agenda.endorse").exists()


def test_carrying_fully_takes_no_reservation(world, version):
    with pytest.raises(ValidationError) as error:
        _endorse(world.partner, version, world.organisation, "fully", reservation="Aber …")
    assert set(error.value.message_dict) == {"reservation"}
    assert not Endorsement.objects.exists()


def test_the_database_keeps_reservations_written_down(world, version):
    with pytest.raises(IntegrityError), transaction.atomic():
        Endorsement.objects.create(
            version=version,
            organisation=world.organisation,
            level="with_reservations",
            reservation="",
            endorsed_at=timezone.now(),
        )


def test_one_endorsement_per_organisation_and_version_changed_with_history(world, version):
    first, _ = _endorse(world.partner, version, world.organisation)
    second, created = _endorse(
        world.partner,
        version,
        world.organisation,
        "with_reservations",
        reservation="Die Finanzierung ist offen.",
    )
    assert not created
    assert second.pk == first.pk
    assert Endorsement.objects.get().reservation == "Die Finanzierung ist offen."
    change = AuditEvent.objects.get(verb="agenda.endorsement_changed")
    assert change.data["previous"]["level"] == "fully"
    assert change.data["level"] == "with_reservations"


def test_the_same_statement_twice_changes_nothing(world, version):
    _endorse(world.partner, version, world.organisation, comment="Gern")
    _endorse(world.partner, version, world.organisation, comment="Gern")
    assert not AuditEvent.objects.filter(verb="agenda.endorsement_changed").exists()


def test_a_new_version_asks_every_organisation_again(world, version):
    _endorse(world.partner, version, world.organisation)
    _endorse(world.partner2, version, world.organisation2, "with_reservations", "Zu vage.")
    second = _publish(world, vision="Eine geschärfte Vision.")
    assert not second.endorsements.exists()
    assert version.endorsements.count() == 2  # the history stays
    overview = selectors.endorsement_overview(initiative=world.initiative)
    assert overview.version == second
    assert (overview.carrying, overview.missing) == (0, 2)


def test_a_replaced_version_cannot_be_endorsed_any_more(world, version):
    _endorse(world.partner, version, world.organisation)
    _publish(world, vision="Eine geschärfte Vision.")
    with pytest.raises(ApplicationError) as error:
        _endorse(world.partner, version, world.organisation, "with_reservations", "Doch nicht")
    assert error.value.code == "agenda_version_not_current"
    assert version.endorsements.get().level == "fully"


def test_an_organisation_that_endorsed_stays_in_the_directory(world, version):
    organisation = OrganisationFactory(initiative=world.initiative, name="Ehemals Mitglied")
    Endorsement.objects.create(
        version=version, organisation=organisation, level="fully", endorsed_at=timezone.now()
    )
    with pytest.raises(ApplicationError):
        services.organisation_delete(acting_user=world.coordinator, organisation=organisation)
    assert Organisation.objects.filter(pk=organisation.pk).exists()


# The endorsement overview


def test_overview_counts_fully_with_reservations_and_not_yet(world, version):
    for name in ["Jobcenter Mitte", "Volkshochschule", "Arbeitgeberverband"]:
        OrganisationFactory(initiative=world.initiative, name=name)
    _endorse(world.partner, version, world.organisation)
    _endorse(world.partner2, version, world.organisation2, "with_reservations", "Zu vage.")
    overview = selectors.endorsement_overview(initiative=world.initiative)
    assert (overview.total, overview.carrying, overview.fully) == (5, 2, 1)
    assert (overview.with_reservations, overview.missing) == (1, 3)
    assert [row.status for row in overview.rows] == [
        "with_reservations",
        "fully",
        "missing",
        "missing",
        "missing",
    ]
    assert overview.row_for(world.organisation.pk).endorsement.level == "fully"


def test_overview_before_the_first_version_is_empty(world):
    overview = selectors.endorsement_overview(initiative=world.initiative)
    assert overview.version is None
    assert (overview.total, overview.carrying) == (0, 0)


# Glossary


def test_coordinator_keeps_the_glossary(world):
    term = services.glossary_term_create(
        acting_user=world.coordinator,
        initiative=world.initiative,
        term="  Fokusgruppe ",
        definition="Eine kleine, vielfältige Gruppe.",
    )
    assert term.term == "Fokusgruppe"
    services.glossary_term_update(
        acting_user=world.coordinator,
        glossary_term=term,
        term="Fokusgruppe",
        definition="Löst sich auf, wenn das Problem gelöst ist.",
    )
    term.refresh_from_db()
    assert term.definition == "Löst sich auf, wenn das Problem gelöst ist."
    services.glossary_term_delete(acting_user=world.coordinator, glossary_term=term)
    assert not GlossaryTerm.objects.exists()


def test_glossary_terms_are_unique_per_initiative_in_any_spelling(world):
    services.glossary_term_create(
        acting_user=world.coordinator,
        initiative=world.initiative,
        term="Anerkennung",
        definition="Gleichwertigkeit feststellen.",
    )
    with pytest.raises(ValidationError) as error:
        services.glossary_term_create(
            acting_user=world.coordinator,
            initiative=world.initiative,
            term="ANERKENNUNG",
            definition="Doppelt.",
        )
    assert set(error.value.message_dict) == {"term"}
    # another initiative has its own language
    services.glossary_term_create(
        acting_user=world.other_coordinator,
        initiative=world.other_initiative,
        term="Anerkennung",
        definition="Etwas anderes.",
    )
    assert GlossaryTerm.objects.count() == 2
    with pytest.raises(IntegrityError), transaction.atomic():
        GlossaryTerm.objects.create(initiative=world.initiative, term="anerkennung", definition="x")


def test_renaming_a_term_to_a_taken_one_is_refused(world):
    for term in ["Anerkennung", "Matching"]:
        services.glossary_term_create(
            acting_user=world.coordinator,
            initiative=world.initiative,
            term=term,
            definition="Erklärt.",
        )
    matching = GlossaryTerm.objects.get(term="Matching")
    with pytest.raises(ValidationError):
        services.glossary_term_update(
            acting_user=world.coordinator,
            glossary_term=matching,
            term="anerkennung",
            definition="Erklärt.",
        )
    matching.refresh_from_db()
    assert matching.term == "Matching"


@pytest.mark.parametrize("role", ["partner", "viewer", "participant"])
def test_only_the_backbone_office_keeps_the_glossary(world, role):
    with pytest.raises(PermissionDeniedError):
        services.glossary_term_create(
            acting_user=world.user(role),
            initiative=world.initiative,
            term="Begriff",
            definition="Erklärung",
        )
    assert not GlossaryTerm.objects.exists()


# Differences between versions


def test_word_diff_shows_inserted_and_deleted_words():
    segments = word_diff(
        "Fachkräfte finden keine passende Arbeit.",
        "Fachkräfte finden keine bildungsadäquate Beschäftigung, besonders Frauen.",
    )
    assert DiffSegment("delete", "passende Arbeit ") in segments
    assert DiffSegment("insert", "bildungsadäquate Beschäftigung, besonders Frauen") in segments
    assert segments[0] == DiffSegment("equal", "Fachkräfte finden keine ")


def test_word_diff_keeps_paragraphs_and_treats_punctuation_as_a_word():
    segments = word_diff("Erstens.\n\nZweitens", "Erstens.\n\nZweitens, drittens")
    assert segments == [
        DiffSegment("equal", "Erstens.\n\nZweitens"),
        DiffSegment("insert", ", drittens"),
    ]
    assert word_diff("gleich", "gleich") == [DiffSegment("equal", "gleich")]


def test_version_page_shows_the_changes_against_the_previous_version(world, client_for):
    _publish(world)
    _publish(world, vision=TEXTS["vision"].replace("Berlin", "Brandenburg"))
    response = client_for(world.participant).get(_url("agenda-version-detail", world, number=2))
    assert response.status_code == 200
    vision = response.context["diffs"][0]
    assert vision.name == "vision" and vision.changed
    assert not response.context["diffs"][1].changed
    diff = response.content.decode().split('class="text-diff"', 1)[1]
    assert "Brandenburg" in diff.split("<ins>", 1)[1].split("</ins>", 1)[0]
    assert "Berlin" in diff.split("<del>", 1)[1].split("</del>", 1)[0]
    # not colour alone: the change is also said in words
    assert '<ins><span class="visually-hidden">' in diff
    assert '<del><span class="visually-hidden">' in diff


def test_first_version_page_shows_plain_text_without_changes(world, client_for, version):
    response = client_for(world.viewer).get(_url("agenda-version-detail", world, number=1))
    content = response.content.decode()
    assert "<ins>" not in content.split('class="agenda-sections"', 1)[1]
    assert TEXTS["approach"] in content


def test_unknown_version_number_is_404(world, client_for, version):
    response = client_for(world.coordinator).get(_url("agenda-version-detail", world, number=7))
    assert response.status_code == 404


# Pages


def test_agenda_page_before_publication_invites_the_coordinator_to_write(world, client_for):
    draft_url = _url("agenda-draft-update", world)
    coordinator_page = client_for(world.coordinator).get(_url("agenda-detail", world))
    assert coordinator_page.status_code == 200
    assert coordinator_page.context["version"] is None
    assert draft_url in coordinator_page.content.decode()
    partner_page = client_for(world.partner).get(_url("agenda-detail", world))
    assert partner_page.status_code == 200
    assert draft_url not in partner_page.content.decode()
    assert "empty-state" in partner_page.content.decode()
    assert not partner_page.context["can_endorse"]


def test_partner_sees_a_call_to_endorse_until_the_organisation_has(world, client_for, version):
    client = client_for(world.partner)
    endorse_url = _url("endorsement-edit", world)
    page = client.get(_url("agenda-detail", world))
    assert page.context["own_row"].endorsement is None
    assert 'id="mittragen"' in page.content.decode()
    assert endorse_url in page.content.decode()
    _endorse(world.partner, version, world.organisation)
    page = client.get(_url("agenda-detail", world))
    assert page.context["own_row"].endorsement.level == "fully"


@pytest.mark.parametrize("role", ["coordinator", "viewer", "participant"])
def test_only_partners_are_asked_to_endorse(world, client_for, role, version):
    page = client_for(world.user(role)).get(_url("agenda-detail", world))
    assert page.status_code == 200
    assert page.context["own_row"] is None
    assert _url("endorsement-edit", world) not in page.content.decode()


def test_agenda_page_shows_counts_and_every_organisation(world, client_for, version):
    OrganisationFactory(initiative=world.initiative, name="Volkshochschule Mitte")
    _endorse(
        world.partner2, version, world.organisation2, "with_reservations", "Zu vage formuliert."
    )
    page = client_for(world.viewer).get(_url("agenda-detail", world))
    overview = page.context["overview"]
    assert (overview.total, overview.carrying, overview.missing) == (3, 1, 2)
    content = page.content.decode()
    assert "<strong>1</strong>" in content
    assert "Zu vage formuliert." in content
    for name in ["IQ Netzwerk", "IHK Berlin", "Volkshochschule Mitte"]:
        assert name in content


def test_participants_do_not_see_who_stated_an_endorsement(world, client_for, version):
    _endorse(world.partner2, version, world.organisation2, comment="Wir sind dabei.")
    name = world.partner2.full_name
    coordinator_page = client_for(world.coordinator).get(_url("agenda-detail", world))
    assert name in coordinator_page.content.decode()
    participant_page = client_for(world.participant).get(_url("agenda-detail", world))
    assert "Wir sind dabei." in participant_page.content.decode()
    assert name not in participant_page.content.decode()


def test_partner_endorses_through_the_form(world, client_for, version):
    response = client_for(world.partner).post(
        _url("endorsement-edit", world),
        {
            "version_number": "1",
            "level": "with_reservations",
            "reservation": "Finanzierung offen.",
            "comment": "",
        },
    )
    assert response.status_code == 302
    assert response["Location"] == _url("agenda-detail", world) + "#mittragen"
    endorsement = Endorsement.objects.get()
    assert (endorsement.organisation, endorsement.reservation) == (
        world.organisation,
        "Finanzierung offen.",
    )


def test_endorsement_form_sends_the_number_of_the_version_it_shows(world, client_for, version):
    content = client_for(world.partner).get(_url("endorsement-edit", world)).content.decode()
    assert '<input type="hidden" name="version_number" value="1">' in content


@pytest.mark.parametrize("headers", [{}, HTMX], ids=["page", "htmx"])
def test_statement_on_a_version_replaced_meanwhile_is_refused_and_keeps_what_was_typed(
    world, client_for, version, headers
):
    """The partner read version 1; the backbone office published version 2 before the partner
    sent the form. The statement must not land on version 2, which the partner never read."""
    client = client_for(world.partner)
    client.get(_url("endorsement-edit", world))
    second = _publish(world, vision="Eine ganz andere Vision.")
    response = client.post(
        _url("endorsement-edit", world),
        {"version_number": "1", "level": "fully", "reservation": "", "comment": "Voll dabei."},
        **headers,
    )
    assert response.status_code == 422
    [error] = response.context["form"].non_field_errors()
    assert "2" in error
    content = response.content.decode()
    assert error in content
    assert "Voll dabei." in content
    # Sent again, the form speaks about the version it now shows.
    assert '<input type="hidden" name="version_number" value="2">' in content
    assert not Endorsement.objects.exists()
    assert not second.endorsements.exists()
    assert not AuditEvent.objects.filter(verb="agenda.endorsed").exists()


def test_statement_on_an_unknown_version_number_is_refused_with_a_message(
    world, client_for, version
):
    for number in ["7", "sieben"]:
        response = client_for(world.partner).post(
            _url("endorsement-edit", world),
            {"version_number": number, "level": "fully", "reservation": "", "comment": ""},
        )
        assert response.status_code == 422
        assert response.context["form"].non_field_errors()
        assert not Endorsement.objects.exists()


@pytest.mark.parametrize("headers", [{}, HTMX], ids=["page", "htmx"])
def test_reservation_missing_is_refused_with_422_and_keeps_what_was_typed(
    world, client_for, version, headers
):
    response = client_for(world.partner).post(
        _url("endorsement-edit", world),
        {"level": "with_reservations", "reservation": "", "comment": "Wir prüfen das noch."},
        **headers,
    )
    assert response.status_code == 422
    assert "reservation" in response.context["form"].errors
    content = response.content.decode()
    assert "Wir prüfen das noch." in content
    assert 'value="with_reservations" checked' in content or (
        "checked" in content.split('value="with_reservations"', 1)[1].split(">", 1)[0]
    )
    assert 'aria-invalid="true"' in content
    assert ("<html" in content) is not bool(headers)
    assert not Endorsement.objects.exists()


def test_endorsement_form_shows_the_current_statement(world, client_for, version):
    _endorse(world.partner, version, world.organisation, comment="Gern dabei.")
    response = client_for(world.partner).get(_url("endorsement-edit", world))
    assert response.context["existing"].comment == "Gern dabei."
    assert "Gern dabei." in response.content.decode()


def test_endorsement_form_before_any_version_is_404(world, client_for):
    assert client_for(world.partner).get(_url("endorsement-edit", world)).status_code == 404


def test_draft_form_starts_from_the_current_text_and_saves(world, client_for, version):
    client = client_for(world.coordinator)
    form = client.get(_url("agenda-draft-update", world)).context["form"]
    assert form.initial["vision"] == TEXTS["vision"]
    assert not AgendaDraft.objects.exists()  # opening the form saves nothing
    response = client.post(
        _url("agenda-draft-update", world),
        {**TEXTS, "vision": "Neue Vision", "change_note": "", "review": "1"},
    )
    assert response.status_code == 302
    assert response["Location"] == _url("agenda-publish", world)
    assert AgendaDraft.objects.get().vision == "Neue Vision"


def test_incomplete_draft_can_be_saved_but_the_publish_page_says_what_is_missing(world, client_for):
    client = client_for(world.coordinator)
    response = client.post(
        _url("agenda-draft-update", world),
        {"vision": "Nur eine Vision", "problem": "", "approach": "", "principles": ""},
    )
    assert response.status_code == 302
    page = client.get(_url("agenda-publish", world))
    assert page.status_code == 200
    assert len(page.context["problems"]) == 3
    assert '<form method="post" class="form-actions">' not in page.content.decode()
    refused = client.post(_url("agenda-publish", world))
    assert refused.status_code == 422
    assert not AgendaVersion.objects.exists()


def test_publish_page_previews_the_changes_and_publishes_on_confirmation(
    world, client_for, version
):
    services.agenda_draft_save(
        acting_user=world.coordinator,
        initiative=world.initiative,
        **{**TEXTS, "principles": "Wir arbeiten auf Augenhöhe und offen."},
    )
    client = client_for(world.coordinator)
    page = client.get(_url("agenda-publish", world))
    assert page.context["next_number"] == 2
    assert '<form method="post" class="form-actions">' in page.content.decode()
    assert [d.changed for d in page.context["diffs"]] == [False, False, False, True]
    assert page.context["organisation_count"] == 2
    response = client.post(_url("agenda-publish", world))
    assert response.status_code == 302
    assert AgendaVersion.objects.get(number=2).principles.endswith("und offen.")


def test_publish_page_without_a_draft_leads_to_the_draft(world, client_for, version):
    response = client_for(world.coordinator).get(_url("agenda-publish", world))
    assert response.status_code == 302
    assert response["Location"] == _url("agenda-draft-update", world)


def test_unchanged_draft_is_refused_on_the_publish_page(world, client_for, version):
    services.agenda_draft_save(acting_user=world.coordinator, initiative=world.initiative, **TEXTS)
    response = client_for(world.coordinator).post(_url("agenda-publish", world))
    assert response.status_code == 409
    assert response.context["problems"]
    assert AgendaVersion.objects.count() == 1


def _second_coordinator(world):
    colleague = UserFactory(email="c2@example.org", full_name="Zweite Koordination")
    MembershipFactory(user=colleague, initiative=world.initiative, role=Role.COORDINATOR)
    return colleague


def _stamp_on(page) -> str:
    return page.content.decode().split('name="base_stamp" value="', 1)[1].split('"', 1)[0]


def test_draft_save_over_a_colleagues_newer_save_is_refused_and_keeps_what_was_typed(
    world, client_for, version
):
    services.agenda_draft_save(acting_user=world.coordinator, initiative=world.initiative, **TEXTS)
    colleague = _second_coordinator(world)
    url = _url("agenda-draft-update", world)
    client = client_for(world.coordinator)
    stamp = _stamp_on(client.get(url))  # both open the draft
    services.agenda_draft_save(
        acting_user=colleague,
        initiative=world.initiative,
        **{**TEXTS, "vision": "Lange neue Vision der Kollegin"},
        base_stamp=stamp,
    )
    response = client.post(
        url, {**TEXTS, "principles": "Neue Grundsätze", "change_note": "", "base_stamp": stamp}
    )
    assert response.status_code == 422
    [error] = response.context["form"].non_field_errors()
    assert "Zweite Koordination" in error
    content = response.content.decode()
    assert "Neue Grundsätze" in content  # the own text is kept in the form
    assert "Lange neue Vision der Kollegin" in content  # the colleague's, to compare
    draft = AgendaDraft.objects.get()
    assert (draft.vision, draft.principles) == (
        "Lange neue Vision der Kollegin",
        TEXTS["principles"],
    )
    assert AuditEvent.objects.filter(verb="agenda.draft_saved").count() == 1
    # Having compared, saving again replaces the colleague's draft on purpose.
    new_stamp = _stamp_on(response)
    assert new_stamp == services.agenda_draft_stamp(draft) != stamp
    again = client.post(
        url, {**TEXTS, "principles": "Neue Grundsätze", "change_note": "", "base_stamp": new_stamp}
    )
    assert again.status_code == 302
    assert AgendaDraft.objects.get().principles == "Neue Grundsätze"


def test_draft_started_by_a_colleague_meanwhile_is_not_overwritten(world, client_for, version):
    url = _url("agenda-draft-update", world)
    client = client_for(world.coordinator)
    stamp = _stamp_on(client.get(url))
    assert stamp == services.NO_DRAFT_STAMP
    services.agenda_draft_save(
        acting_user=_second_coordinator(world),
        initiative=world.initiative,
        **{**TEXTS, "vision": "Entwurf der Kollegin"},
    )
    response = client.post(url, {**TEXTS, "vision": "Mein Entwurf", "base_stamp": stamp})
    assert response.status_code == 422
    assert AgendaDraft.objects.get().vision == "Entwurf der Kollegin"


def test_draft_published_meanwhile_is_not_silently_started_again(world, client_for, version):
    services.agenda_draft_save(
        acting_user=world.coordinator, initiative=world.initiative, **{**TEXTS, "vision": "Zwei"}
    )
    url = _url("agenda-draft-update", world)
    client = client_for(world.coordinator)
    stamp = _stamp_on(client.get(url))
    services.agenda_publish(acting_user=_second_coordinator(world), initiative=world.initiative)
    response = client.post(url, {**TEXTS, "vision": "Drei", "base_stamp": stamp})
    assert response.status_code == 422
    assert response.context["form"].non_field_errors()
    assert "Drei" in response.content.decode()
    assert not AgendaDraft.objects.exists()
    assert _stamp_on(response) == services.NO_DRAFT_STAMP  # saving again starts a new draft


def test_publish_refuses_a_draft_changed_after_the_confirmation_page_showed_it(
    world, client_for, version
):
    services.agenda_draft_save(
        acting_user=world.coordinator,
        initiative=world.initiative,
        **{**TEXTS, "principles": "Wir arbeiten auf Augenhöhe und offen."},
    )
    client = client_for(world.coordinator)
    page = client.get(_url("agenda-publish", world))
    stamp = _stamp_on(page)
    services.agenda_draft_save(
        acting_user=_second_coordinator(world),
        initiative=world.initiative,
        **{**TEXTS, "principles": "Ganz andere Grundsätze."},
    )
    response = client.post(_url("agenda-publish", world), {"base_stamp": stamp})
    assert response.status_code == 409
    assert "Zweite Koordination" in response.context["conflict"]
    content = response.content.decode()
    assert response.context["conflict"] in content
    # The draft as it is now, to be reviewed again.
    assert response.context["diffs"][3].text == "Ganz andere Grundsätze."
    assert "Ganz andere" in content
    assert AgendaVersion.objects.count() == 1
    assert AgendaDraft.objects.exists()
    # Confirmed on the page that showed the newer draft, it is published.
    confirmed = client.post(_url("agenda-publish", world), {"base_stamp": _stamp_on(response)})
    assert confirmed.status_code == 302
    assert AgendaVersion.objects.get(number=2).principles == "Ganz andere Grundsätze."


def test_draft_save_checks_the_stamp_only_when_one_is_given(world):
    services.agenda_draft_save(acting_user=world.coordinator, initiative=world.initiative, **TEXTS)
    services.agenda_draft_save(
        acting_user=world.coordinator, initiative=world.initiative, **{**TEXTS, "vision": "Neu"}
    )
    with pytest.raises(services.AgendaDraftConflictError) as error:
        services.agenda_draft_save(
            acting_user=world.coordinator,
            initiative=world.initiative,
            **TEXTS,
            base_stamp=services.NO_DRAFT_STAMP,
        )
    assert error.value.code == "agenda_draft_conflict"
    assert AgendaDraft.objects.get().vision == "Neu"


def test_duplicate_glossary_term_is_refused_with_422_and_keeps_what_was_typed(world, client_for):
    client = client_for(world.coordinator)
    client.post(
        _url("glossary-term-create", world), {"term": "Anerkennung", "definition": "Erklärt."}
    )
    response = client.post(
        _url("glossary-term-create", world),
        {"term": "anerkennung", "definition": "Eine zweite Erklärung."},
        **HTMX,
    )
    assert response.status_code == 422
    assert "term" in response.context["form"].errors
    assert "Eine zweite Erklärung." in response.content.decode()
    assert GlossaryTerm.objects.count() == 1


def test_glossary_term_is_removed_only_after_confirmation(world, client_for):
    term = services.glossary_term_create(
        acting_user=world.coordinator,
        initiative=world.initiative,
        term="Prototyp",
        definition="Ein schneller Test.",
    )
    client = client_for(world.coordinator)
    url = _url("glossary-term-delete", world, pk=term.pk)
    confirm = client.get(url)
    assert confirm.status_code == 200
    assert GlossaryTerm.objects.exists()
    response = client.post(url)
    assert response["Location"] == _url("agenda-detail", world) + "#glossar"
    assert not GlossaryTerm.objects.exists()


def test_glossary_term_of_another_initiative_is_404(world, client_for):
    term = services.glossary_term_create(
        acting_user=world.other_coordinator,
        initiative=world.other_initiative,
        term="Kita",
        definition="Kindertagesstätte.",
    )
    response = client_for(world.coordinator).get(_url("glossary-term-update", world, pk=term.pk))
    assert response.status_code == 404


def test_glossary_is_shown_to_every_member(world, client_for):
    services.glossary_term_create(
        acting_user=world.coordinator,
        initiative=world.initiative,
        term="Fokusgruppe",
        definition="Klein und vielfältig.",
    )
    page = client_for(world.participant).get(_url("agenda-detail", world))
    assert "Klein und vielfältig." in page.content.decode()
    assert _url("glossary-term-create", world) not in page.content.decode()


def test_version_list_shows_every_version_with_its_counts(world, client_for, version):
    _endorse(world.partner, version, world.organisation)
    _publish(world, vision="Neue Vision")
    response = client_for(world.viewer).get(_url("agenda-version-list", world))
    versions = list(response.context["versions"])
    assert [v.number for v in versions] == [2, 1]
    assert (versions[1].fully_count, versions[1].reservations_count) == (1, 0)


def test_initiative_overview_shows_the_agenda_panel(world, client_for, version):
    _endorse(world.partner, version, world.organisation)
    response = client_for(world.participant).get(_url("initiative-detail", world))
    agenda = response.context["agenda"]
    assert (agenda.version.number, agenda.carrying) == (1, 1)
    assert _url("agenda-detail", world) in response.content.decode()


# API


def _api(name, *args):
    return reverse(f"v1:{name}", args=args)


def test_api_lists_published_versions_with_endorsements(world, client_for, version):
    _endorse(world.partner2, version, world.organisation2, "with_reservations", "Zu vage.")
    second = _publish(world, vision="Neue Vision")
    services.agenda_draft_save(
        acting_user=world.coordinator, initiative=world.initiative, **TEXTS
    )  # drafts never appear in the API
    response = client_for(world.viewer).get(
        _api("agenda-version-list"), {"initiative": world.initiative.slug}
    )
    assert response.status_code == 200
    results = response.json()["results"]
    assert [(v["number"], v["is_current"]) for v in results] == [(2, True), (1, False)]
    assert results[0]["id"] == second.pk
    [endorsement] = results[1]["endorsements"]
    assert (endorsement["organisation_name"], endorsement["level"]) == (
        "IHK Berlin",
        "with_reservations",
    )
    assert endorsement["reservation"] == "Zu vage."
    assert endorsement["endorsed_by"] == world.partner2.full_name


def test_api_hides_names_from_participants_like_the_page(world, client_for, version):
    _endorse(world.partner2, version, world.organisation2)
    [item] = client_for(world.participant).get(_api("agenda-version-list")).json()["results"]
    assert item["published_by"] is None
    assert item["endorsements"][0]["endorsed_by"] is None


def test_api_shows_outsiders_no_versions(world, client_for, version):
    assert client_for(world.outsider).get(_api("agenda-version-list")).json()["count"] == 0
    response = client_for(world.other_coordinator).get(_api("agenda-version-detail", version.pk))
    assert response.status_code == 404


def test_api_partner_endorses_and_changes_the_statement(world, client_for, version):
    client = client_for(world.partner)
    created = client.post(
        _api("endorsement-list"),
        {"version": version.pk, "level": "fully", "comment": "Gern."},
        content_type="application/json",
    )
    assert created.status_code == 201
    assert created.json()["organisation"] == world.organisation.pk
    changed = client.post(
        _api("endorsement-list"),
        {"version": version.pk, "level": "with_reservations", "reservation": "Doch offen."},
        content_type="application/json",
    )
    assert changed.status_code == 200
    assert changed.json()["id"] == created.json()["id"]
    assert Endorsement.objects.get().reservation == "Doch offen."


def test_api_reservation_missing_answers_400_on_the_field(world, client_for, version):
    response = client_for(world.partner).post(
        _api("endorsement-list"),
        {"version": version.pk, "level": "with_reservations"},
        content_type="application/json",
    )
    assert response.status_code == 400
    assert set(response.json()["error"]["fields"]) == {"reservation"}
    assert not Endorsement.objects.exists()


def test_api_partner_cannot_endorse_for_another_organisation(world, client_for, version):
    response = client_for(world.partner).post(
        _api("endorsement-list"),
        {"version": version.pk, "organisation": world.organisation2.pk, "level": "fully"},
        content_type="application/json",
    )
    assert response.status_code == 403
    assert not Endorsement.objects.exists()


@pytest.mark.parametrize("role", ["coordinator", "viewer", "participant"])
def test_api_refuses_endorsements_from_non_partners(world, client_for, version, role):
    response = client_for(world.user(role)).post(
        _api("endorsement-list"),
        {"version": version.pk, "level": "fully"},
        content_type="application/json",
    )
    assert response.status_code == 403
    assert not Endorsement.objects.exists()


def test_api_missing_and_foreign_versions_look_the_same(world, client_for, version):
    client = client_for(world.other_coordinator)
    foreign = client.post(
        _api("endorsement-list"), {"version": version.pk, "level": "fully"}, "application/json"
    )
    missing = client.post(
        _api("endorsement-list"), {"version": 999999, "level": "fully"}, "application/json"
    )
    assert foreign.status_code == missing.status_code == 404
    assert foreign.json() == missing.json()


def test_api_refuses_to_endorse_a_replaced_version(world, client_for, version):
    _publish(world, vision="Neue Vision")
    response = client_for(world.partner).post(
        _api("endorsement-list"), {"version": version.pk, "level": "fully"}, "application/json"
    )
    assert response.status_code == 400
    assert response.json()["error"]["code"] == "agenda_version_not_current"


def test_api_lists_endorsements_and_glossary_of_own_initiatives(world, client_for, version):
    _endorse(world.partner, version, world.organisation)
    services.glossary_term_create(
        acting_user=world.coordinator,
        initiative=world.initiative,
        term="Fokusgruppe",
        definition="Klein und vielfältig.",
    )
    client = client_for(world.participant)
    endorsements = client.get(_api("endorsement-list"), {"initiative": world.initiative.slug})
    assert [e["organisation_name"] for e in endorsements.json()["results"]] == ["IQ Netzwerk"]
    terms = client.get(_api("glossary-term-list"), {"initiative": world.initiative.slug})
    assert [t["term"] for t in terms.json()["results"]] == ["Fokusgruppe"]
    outsider = client_for(world.outsider)
    assert outsider.get(_api("endorsement-list")).json()["count"] == 0
    assert outsider.get(_api("glossary-term-list")).json()["count"] == 0


def test_api_endorsement_filter_does_not_tell_missing_from_foreign_versions(
    world, client_for, version
):
    _endorse(world.partner, version, world.organisation)
    client = client_for(world.other_coordinator)
    for version_id in [version.pk, 999999]:
        response = client.get(_api("endorsement-list"), {"version": version_id})
        assert (response.status_code, response.json()["count"]) == (200, 0)
    own = client_for(world.viewer).get(_api("endorsement-list"), {"version": version.pk})
    assert own.json()["count"] == 1


# Query counts


def _grow_agenda(world, version, n):
    """`n` more organisations, each with a partner member who endorses, and `n` terms."""
    for i in range(n):
        k = next(_serial)
        organisation = OrganisationFactory(initiative=world.initiative, name=f"Träger {k:04d}")
        user = UserFactory(email=f"agenda{k}@example.org", full_name=f"Person {k}")
        MembershipFactory(
            user=user, initiative=world.initiative, role=Role.PARTNER, organisation=organisation
        )
        level = "with_reservations" if i % 2 else "fully"
        _endorse(user, version, organisation, level, "Offen." if i % 2 else "", f"Kommentar {k}")
        services.glossary_term_create(
            acting_user=world.coordinator,
            initiative=world.initiative,
            term=f"Begriff {k}",
            definition="Erklärt.",
        )


@pytest.fixture
def agenda_world(world, version):
    services.agenda_draft_save(
        acting_user=world.coordinator, initiative=world.initiative, **{**TEXTS, "vision": "Neu"}
    )
    _grow_agenda(world, version, 3)
    world.version = version
    return world


@pytest.mark.parametrize("role", ["coordinator", "partner", "participant"])
def test_agenda_page_queries_do_not_grow_with_organisations(agenda_world, client_for, role):
    w = agenda_world
    page = client_for(w.user(role)).get(_url("agenda-detail", w))
    assert page.context["overview"].total == 5
    assert_same_queries(
        client_for(w.user(role)), _url("agenda-detail", w), lambda: _grow_agenda(w, w.version, 27)
    )
    page = client_for(w.user(role)).get(_url("agenda-detail", w))
    assert page.context["overview"].total == 32  # the large size really rendered more rows


@pytest.mark.parametrize("name", ["agenda-version-list", "initiative-detail"])
def test_agenda_history_and_overview_queries_do_not_grow(agenda_world, client_for, name):
    w = agenda_world
    assert_same_queries(client_for(w.viewer), _url(name, w), lambda: _grow_agenda(w, w.version, 27))


def test_version_page_queries_do_not_grow_with_endorsements(agenda_world, client_for):
    w = agenda_world
    assert_same_queries(
        client_for(w.viewer),
        _url("agenda-version-detail", w, number=1),
        lambda: _grow_agenda(w, w.version, 27),
    )


@pytest.mark.parametrize("name", ["agenda-version-list", "endorsement-list", "glossary-term-list"])
def test_agenda_api_queries_do_not_grow(agenda_world, client_for, name):
    w = agenda_world
    assert_same_queries(
        client_for(w.coordinator),
        _api(name),
        lambda: _grow_agenda(w, w.version, 27),
        params={"initiative": w.initiative.slug},
    )
