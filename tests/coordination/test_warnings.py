"""Early warnings: the visibility rule (a warning for the backbone office is invisible to other
partners, also in counts), status and follow-up by coordinators and the author, the list with
filters and pages, and the forms."""

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from coordination import selectors, services
from coordination.models import EarlyWarning, EarlyWarningNote
from core.errors import PermissionDeniedError


def _warn(w, *, by=None, title="Konkurrierende Termine", visibility="members", **extra):
    return services.warning_create(
        acting_user=by or w.partner,
        initiative=w.initiative,
        title=title,
        description="Zwei Partner planen Infoabende am selben Tag.",
        visibility=visibility,
        **extra,
    )


def _list_url(w, **query):
    url = reverse("coordination:warning-list", kwargs={"slug": w.initiative.slug})
    if query:
        url += "?" + "&".join(f"{k}={v}" for k, v in query.items())
    return url


def _detail_url(w, warning, name="warning-detail"):
    return reverse(f"coordination:{name}", kwargs={"slug": w.initiative.slug, "pk": warning.pk})


# --- Visibility ---------------------------------------------------------------------------


@pytest.fixture
def warnings(world):
    shared = _warn(world, title="Für alle sichtbar")
    secret = _warn(world, title="Nur Koordination", visibility="coordinators")
    return shared, secret


def test_a_warning_for_the_backbone_office_is_seen_by_coordinators_and_its_author(world, warnings):
    shared, secret = warnings
    for role, expected in (
        ("coordinator", {shared, secret}),
        ("partner", {shared, secret}),  # the author
        ("partner2", {shared}),
        ("viewer", {shared}),
        ("participant", set()),
        ("other_coordinator", set()),
        ("outsider", set()),
    ):
        seen = set(selectors.warning_list(viewer=world.user(role), initiative=world.initiative))
        assert seen == expected, role


def test_a_warning_for_the_backbone_office_does_not_count_for_other_partners(
    world, warnings, client_for
):
    counts = selectors.warning_status_counts(viewer=world.partner2, initiative=world.initiative)
    assert counts == {"open": 1, "in_progress": 0, "resolved": 0}
    assert (
        selectors.warning_status_counts(viewer=world.coordinator, initiative=world.initiative)[
            "open"
        ]
        == 2
    )
    html = client_for(world.partner2).get(_list_url(world)).content.decode()
    assert "1 warning" in html
    assert "Open (1)" in html
    assert "Nur Koordination" not in html


def test_the_page_of_a_hidden_warning_answers_not_found(world, warnings, client_for):
    _shared, secret = warnings
    client = client_for(world.partner2)
    assert client.get(_detail_url(world, secret)).status_code == 404
    assert (
        client.post(
            _detail_url(world, secret, "warning-status"), {"status": "resolved"}
        ).status_code
        == 404
    )
    assert client_for(world.coordinator).get(_detail_url(world, secret)).status_code == 200
    assert client_for(world.partner).get(_detail_url(world, secret)).status_code == 200


def test_only_the_backbone_office_filters_by_visibility(world, warnings, client_for):
    html = client_for(world.partner2).get(_list_url(world, visibility="coordinators")).content
    assert b"Who may see it" not in html
    assert b"1 warning" in html
    html = client_for(world.coordinator).get(_list_url(world, visibility="coordinators")).content
    assert b"Nur Koordination" in html and b"F\xc3\xbcr alle sichtbar" not in html


# --- Writing ------------------------------------------------------------------------------


def test_noting_a_warning_needs_a_title_a_description_and_a_visibility(world):
    with pytest.raises(ValidationError) as error:
        services.warning_create(
            acting_user=world.partner,
            initiative=world.initiative,
            title=" ",
            description="",
            visibility="everyone",
        )
    assert set(error.value.message_dict) == {"title", "description", "visibility"}
    assert not EarlyWarning.objects.exists()


def test_the_organisation_concerned_must_belong_to_the_initiative(world):
    foreign = world.other_initiative.organisations.first()
    with pytest.raises(ValidationError) as error:
        _warn(world, organisation=foreign.pk)
    assert "organisation" in error.value.message_dict


@pytest.mark.parametrize("role", ["participant", "outsider", "other_coordinator"])
def test_participants_and_outsiders_note_no_warning(world, role):
    with pytest.raises(PermissionDeniedError):
        _warn(world, by=world.user(role))


def test_a_report_viewer_may_note_a_warning(world):
    warning = _warn(world, by=world.viewer, visibility="coordinators")
    assert warning.author == world.viewer


def test_status_and_follow_up_by_coordinators_and_the_author_only(world):
    warning = _warn(world)
    services.warning_set_status(
        acting_user=world.coordinator, warning=warning, status="in_progress"
    )
    services.warning_note_add(
        acting_user=world.partner, warning=warning, text="Gespräch am Montag."
    )
    services.warning_set_status(acting_user=world.partner, warning=warning, status="resolved")
    warning.refresh_from_db()
    assert warning.status == "resolved" and warning.resolved_at is not None
    for role in ("partner2", "viewer"):
        with pytest.raises(PermissionDeniedError):
            services.warning_set_status(
                acting_user=world.user(role), warning=warning, status="open"
            )
        with pytest.raises(PermissionDeniedError):
            services.warning_note_add(acting_user=world.user(role), warning=warning, text="x")
    assert EarlyWarningNote.objects.count() == 1
    services.warning_set_status(acting_user=world.coordinator, warning=warning, status="open")
    warning.refresh_from_db()
    assert warning.resolved_at is None


def test_an_empty_follow_up_is_refused_on_the_page_and_nothing_is_saved(world, client_for):
    warning = _warn(world)
    response = client_for(world.coordinator).post(
        _detail_url(world, warning, "warning-note-create"),
        {"text": "  "},
        HTTP_HX_REQUEST="true",
    )
    assert response.status_code == 422
    assert "Please write down the follow-up." in response.content.decode()
    assert not EarlyWarningNote.objects.exists()


def test_noting_through_the_page(world, client_for):
    client = client_for(world.partner2)
    url = reverse("coordination:warning-create", kwargs={"slug": world.initiative.slug})
    response = client.post(
        url,
        {
            "title": "Datenlücke",
            "description": "Die Werte der IHK fehlen seit zwei Quartalen.",
            "visibility": "coordinators",
            "organisation": str(world.organisation2.pk),
            "area": "Datenerhebung",
        },
    )
    warning = EarlyWarning.objects.get()
    assert response["Location"] == _detail_url(world, warning)
    assert (warning.visibility, warning.organisation, warning.author) == (
        "coordinators",
        world.organisation2,
        world.partner2,
    )
    rejected = client.post(url, {"title": "", "visibility": "members"}, HTTP_HX_REQUEST="true")
    assert rejected.status_code == 422
    assert "Please describe what you noticed." in rejected.content.decode()
    assert EarlyWarning.objects.count() == 1


# --- The list -----------------------------------------------------------------------------


def test_the_list_filters_by_status_and_organisation(world, client_for):
    a = _warn(world, title="Alpha", organisation=world.organisation.pk)
    _warn(world, title="Beta", organisation=world.organisation2.pk)
    services.warning_set_status(acting_user=world.coordinator, warning=a, status="resolved")
    client = client_for(world.viewer)
    html = client.get(_list_url(world, status="resolved")).content.decode()
    assert "Alpha" in html and "Beta" not in html
    html = client.get(_list_url(world, organisation=world.organisation2.pk)).content.decode()
    assert "Beta" in html and "Alpha" not in html
    html = client.get(_list_url(world, status="kaputt")).content.decode()
    assert "Alpha" in html and "Beta" in html


def test_the_list_is_paginated_and_has_an_empty_state(world, client_for):
    client = client_for(world.partner)
    assert "No warnings so far" in client.get(_list_url(world)).content.decode()
    for i in range(21):
        _warn(world, title=f"Warnung {i}")
    html = client.get(_list_url(world)).content.decode()
    assert "21 warnings" in html
    assert "Page 1 of 2" in html


def test_the_list_needs_the_same_queries_for_few_and_many_warnings(world, client_for):
    client = client_for(world.partner2)

    def count():
        with CaptureQueriesContext(connection) as ctx:
            assert client.get(_list_url(world)).status_code == 200
        return len(ctx.captured_queries)

    warning = _warn(world)
    services.warning_note_add(acting_user=world.coordinator, warning=warning, text="Notiz")
    small = count()
    for i in range(15):
        w = _warn(world, title=f"Mehr {i}", organisation=world.organisation.pk)
        services.warning_note_add(acting_user=world.coordinator, warning=w, text="Notiz")
    assert count() == small


def test_unresolved_warnings_come_first(world):
    first = _warn(world, title="Alt, aber offen")
    second = _warn(world, title="Neu, gelöst")
    services.warning_set_status(acting_user=world.coordinator, warning=second, status="resolved")
    third = _warn(world, title="Neu, offen")
    listed = list(selectors.warning_list(viewer=world.coordinator, initiative=world.initiative))
    assert listed == [third, first, second]
