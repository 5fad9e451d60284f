"""The demo's step 3: two concepts aimed at prioritised barriers, a finished sprint with its
retrospective, a running sprint with tasks, sessions as meetings; a second run adds nothing."""

from django.contrib.auth import get_user_model
from django.urls import reverse

from focusgroups import demo, selectors
from focusgroups.models import FocusGroup, RetroItem, SolutionConcept, Sprint, Task
from impact import demo as impact_demo
from initiatives import demo as initiatives_demo


def _load():
    world = {"password": "demo", "logins": []}
    initiatives_demo.load(world)
    impact_demo.load(world)
    demo.load(world)


def test_demo_group_shows_step_three(db):
    _load()
    group = FocusGroup.objects.get(name=demo.MAIN)
    assert group.stage == 4  # step 3 done; the prototypes of step 4 follow in the demo
    concepts = SolutionConcept.objects.filter(group=group)
    assert concepts.count() == 2
    assert all(c.barriers.filter(votes__isnull=False).exists() for c in concepts)
    finished = Sprint.objects.get(group=group, status="finished")
    assert RetroItem.objects.filter(sprint=finished).values("kind").distinct().count() == 3
    running = Sprint.objects.get(group=group, status="running")
    assert Task.objects.filter(sprint=running).count() >= 4
    assert Task.objects.filter(group=group, retro_item__isnull=False).count() == 1
    # The unfinished task of the finished sprint went back to the board.
    assert Task.objects.filter(group=group, sprint__isnull=True).exists()
    sessions = list(group.sessions.select_related("meeting").order_by("meeting__starts_at"))
    assert [s.meeting.format for s in sessions] == ["in_person", "online"]
    assert selectors.group_stage_summary(group=group)[2].ready

    before = (Task.objects.count(), Sprint.objects.count(), RetroItem.objects.count())
    _load()
    assert (Task.objects.count(), Sprint.objects.count(), RetroItem.objects.count()) == before


def test_demo_step_three_pages_render(db, client):
    _load()
    group = FocusGroup.objects.get(name=demo.MAIN)
    client.force_login(get_user_model().objects.get(email="participant@example.org"))
    args = [group.initiative.slug, group.pk]
    board = client.get(reverse("focusgroups:task-board", args=args)).content.decode()
    assert "Merkblatt: Anerkennungsbescheide kurz erklärt" in board
    finished = Sprint.objects.get(group=group, status="finished")
    page = client.get(reverse("focusgroups:sprint-detail", args=[*args, finished.pk]))
    assert "Einladungen nur auf Deutsch" in page.content.decode()
    pipeline = client.get(reverse("focusgroups:group-pipeline", args=args)).content.decode()
    assert "Kita-Lotsin für Bewerberinnen" in pipeline
    detail = client.get(reverse("focusgroups:group-detail", args=args)).content.decode()
    assert "Auftaktsitzung der Fokusgruppe" in detail
