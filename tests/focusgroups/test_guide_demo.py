"""The demo's seed group has a draft guide filled from its content, its links to the agenda
and two tested prototypes; a second run changes nothing."""

from focusgroups import demo
from focusgroups.models import FocusGroup, Guide, Prototype
from impact import demo as impact_demo
from initiatives import demo as initiatives_demo


def _load():
    world = {"password": "demo", "logins": []}
    initiatives_demo.load(world)
    impact_demo.load(world)
    demo.load(world)


def test_demo_group_has_a_draft_guide_from_its_content(db):
    _load()
    group = FocusGroup.objects.get(name=demo.MAIN)
    guide = Guide.objects.get(group=group)
    assert guide.status == Guide.Status.DRAFT
    assert "Matching zwischen Fachkräften und Unternehmen" in guide.problem
    assert "Matching-Abend im Rathaus Neukölln" in guide.results
    assert "Kinderbetreuung" in guide.improvements and "Regelangebot" in guide.recommendations
    assert group.objectives.exists()
    assert Prototype.objects.filter(group=group, previous__isnull=False).count() == 1
    before = (Guide.objects.count(), Prototype.objects.count(), guide.updated_at)
    _load()
    assert before == (
        Guide.objects.count(),
        Prototype.objects.count(),
        Guide.objects.get().updated_at,
    )
