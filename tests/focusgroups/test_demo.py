"""The demo data: the seed's example group with an agreed problem and a board, and a dissolved
group with its hand-over note; a second run changes nothing."""

from core.models import AuditEvent
from focusgroups import demo, selectors
from focusgroups.models import BarrierCard, BarrierVote, FocusGroup
from impact import demo as impact_demo
from initiatives import demo as initiatives_demo


def _load():
    world = {"password": "demo", "logins": []}
    initiatives_demo.load(world)
    impact_demo.load(world)
    demo.load(world)


def test_demo_has_the_seed_group_and_a_dissolved_one_and_is_idempotent(db):
    _load()
    group = FocusGroup.objects.get(name=demo.MAIN)
    assert group.problem.is_agreed
    assert group.stage == 4  # the board was ready, concepts followed, now the prototypes
    assert BarrierCard.objects.filter(group=group).count() == 10
    assert group.clusters.count() == 3
    assert len(set(group.cards.values_list("perspective", flat=True))) == 2
    assert BarrierVote.objects.filter(card__group=group).exists()
    perspectives = selectors.initiative_perspectives(initiative=group.initiative)
    diversity = selectors.group_diversity(members=group.members.all(), perspectives=perspectives)
    assert diversity.complete
    dissolved = FocusGroup.objects.get(name=demo.DISSOLVED)
    assert not dissolved.is_active and dissolved.handover_note

    before = (FocusGroup.objects.count(), BarrierCard.objects.count(), AuditEvent.objects.count())
    _load()
    after = (FocusGroup.objects.count(), BarrierCard.objects.count(), AuditEvent.objects.count())
    assert before == after
