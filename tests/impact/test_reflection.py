"""Reflection notes: who writes and deletes them, what is required, what is recorded."""

import pytest
from django.core.exceptions import ValidationError

from core.errors import ApplicationError, PermissionDeniedError
from core.models import AuditEvent
from impact import selectors, services
from impact.models import ReflectionNote
from tests.impact.conftest import Q1_2025


@pytest.fixture
def target(fw):
    indicator = fw.indicator("Vermittlungen")
    return indicator, fw.period(indicator, Q1_2025)


def _create(user, indicator, period, learning="Die Zahlen steigen.", change=""):
    return services.reflection_note_create(
        acting_user=user, indicator=indicator, period=period, learning=learning, change=change
    )


def test_partner_note_is_written_for_their_organisation_and_audited(world, target):
    note = _create(world.partner, *target, learning="  Mehr Frauen.  ", change=" Abendtermine ")
    assert (note.learning, note.change) == ("Mehr Frauen.", "Abendtermine")
    assert note.organisation == world.organisation and note.author == world.partner
    assert AuditEvent.objects.filter(verb="impact.reflection_note.create").count() == 1


def test_coordinator_note_belongs_to_the_backbone_office(world, target):
    note = _create(world.coordinator, *target)
    assert note.organisation is None


@pytest.mark.parametrize("role", ["viewer", "participant", "outsider", "other_coordinator"])
def test_readers_and_strangers_cannot_write_notes(world, target, role):
    with pytest.raises(PermissionDeniedError):
        _create(world.user(role), *target)
    assert not ReflectionNote.objects.exists()


def test_a_note_needs_what_we_learn(world, target):
    with pytest.raises(ValidationError) as error:
        _create(world.partner, *target, learning="   ", change="Etwas ändern")
    assert "learning" in error.value.message_dict
    assert not ReflectionNote.objects.exists()


def test_a_note_needs_a_period_of_the_indicator(world, fw, target):
    indicator, _period = target
    monthly = fw.period("Abgeschlossene Anerkennungsverfahren", Q1_2025)
    with pytest.raises(ApplicationError):
        _create(world.partner, indicator, monthly)
    assert not ReflectionNote.objects.exists()


def test_author_and_coordinator_may_delete_others_may_not(world, target):
    note = _create(world.partner, *target)
    for role in ("partner2", "viewer", "participant", "other_coordinator"):
        with pytest.raises(PermissionDeniedError):
            services.reflection_note_delete(acting_user=world.user(role), note=note)
    services.reflection_note_delete(acting_user=world.partner, note=note)
    assert not ReflectionNote.objects.exists()
    note = _create(world.partner, *target)
    services.reflection_note_delete(acting_user=world.coordinator, note=note)
    assert not ReflectionNote.objects.exists()
    assert AuditEvent.objects.filter(verb="impact.reflection_note.delete").count() == 2


@pytest.mark.parametrize(
    ("role", "visible"),
    [("coordinator", 2), ("partner2", 2), ("viewer", 2), ("participant", 0), ("outsider", 0)],
)
def test_every_reader_sees_the_notes(world, fw, target, role, visible):
    indicator, period = target
    _create(world.partner, indicator, period)
    _create(world.coordinator, indicator, fw.period(indicator, Q1_2025.replace(month=5)))
    notes = selectors.reflection_note_list(viewer=world.user(role), indicator=indicator)
    assert notes.count() == visible
    if visible:
        assert [n.period.start for n in notes] == sorted(
            (n.period.start for n in notes), reverse=True
        )
        assert (
            selectors.reflection_note_list(
                viewer=world.user(role), indicator=indicator, period=period
            ).count()
            == 1
        )


def test_demo_has_reflection_notes_on_two_indicators(db):
    from impact import demo
    from initiatives import demo as initiatives_demo

    world = {"password": "demo", "logins": []}
    initiatives_demo.load(world)
    demo.load(world)
    notes = ReflectionNote.objects.all()
    assert notes.count() == 3
    assert notes.values("indicator").distinct().count() == 2
    demo.load(world)
    assert ReflectionNote.objects.count() == 3
