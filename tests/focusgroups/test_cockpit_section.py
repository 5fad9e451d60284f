"""The focus groups' section of the backbone office's cockpit: each active group's step and what
it waits for, leading to its five-step page; dissolved groups left out; the facts of all groups
gathered in a fixed number of queries."""

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone, translation

from coordination import cockpit
from focusgroups import selectors, services
from focusgroups.models import FocusGroup, Guide
from tests.focusgroups.builders import group_world, guide_world
from tests.focusgroups.prototype_builders import mark_tested, prototype_world
from tests.focusgroups.step3_builders import add_step3


def _cockpit(w, client):
    return client.get(reverse("coordination:cockpit", kwargs={"slug": w.initiative.slug}))


def _section(response):
    return next(s for s in response.context["sections"] if s.key == "focus_groups")


def _direct(w):
    """The section as `cockpit_sections` builds it, in the English source texts (the page itself
    is rendered in German)."""
    with translation.override("en"):
        sections = cockpit.cockpit_sections(
            initiative=w.initiative,
            membership=w.coordinator.memberships.get(),
            viewer=w.coordinator,
        )
    return next(s for s in sections if s.key == "focus_groups")


def _pipeline(w, group):
    return reverse("focusgroups:group-pipeline", kwargs={"slug": w.initiative.slug, "pk": group.pk})


def _at_stage(group, stage):
    FocusGroup.objects.filter(pk=group.pk).update(stage=stage)
    group.refresh_from_db()
    return group


def test_the_section_is_registered_by_the_focus_groups_app():
    assert "focus_groups" in cockpit.registered_section_keys()


def test_without_active_groups_the_section_says_so_and_points_to_the_list(world, client_for):
    response = _cockpit(world, client_for(world.coordinator))
    section = _section(response)
    assert section.is_empty and section.count == 0
    html = response.content.decode()
    assert section.empty_text in html
    assert _direct(world).empty_text == "No focus group is working at the moment."
    assert section.more_url == reverse(
        "focusgroups:group-list", kwargs={"slug": world.initiative.slug}
    )
    assert f'href="{section.more_url}"' in html


def test_each_group_shows_its_step_and_what_it_waits_for(world, client_for):
    fresh = group_world(world, name="Anerkennung").group
    agreed = guide_world(world, name="Betriebe").group  # step 1 complete: problem agreed
    board = _at_stage(group_world(world, name="Coaching", cards=2).group, 2)
    done = _at_stage(guide_world(world, name="Digitale Wege").group, 5)
    Guide.objects.create(group=done, status=Guide.Status.FINAL, finalised_at=timezone.now())

    section = _direct(world)
    assert section.count == 4
    lines = {line.text: line for line in section.lines}
    assert list(lines) == [
        "Anerkennung: step 1, Recognise structural barriers",
        "Betriebe: step 1, Recognise structural barriers",
        "Coaching: step 2, Concretise barriers",
        "Digitale Wege: step 5, Improve and hand on",
    ]
    first = lines["Anerkennung: step 1, Recognise structural barriers"]
    assert first.url == _pipeline(world, fresh)
    assert first.tone == "warning"
    assert first.detail.startswith("A problem statement: who is affected")
    ready = lines["Betriebe: step 1, Recognise structural barriers"]
    assert (ready.url, ready.detail, ready.tone) == (
        _pipeline(world, agreed),
        "ready for the next step",
        "",
    )
    step2 = lines["Coaching: step 2, Concretise barriers"]
    assert step2.url == _pipeline(world, board)
    assert step2.tone == "warning"
    # Two cards, none with dots: the first of the two gaps, and that one more follows.
    assert step2.detail == "At least 5 barrier cards (now 2). (and 1 more)"
    last = lines["Digitale Wege: step 5, Improve and hand on"]
    assert (last.url, last.detail, last.tone) == (
        _pipeline(world, done),
        "all five steps are done",
        "",
    )

    response = _cockpit(world, client_for(world.coordinator))
    page, html = _section(response), response.content.decode()
    assert [line.url for line in page.lines] == [line.url for line in section.lines]
    for line in page.lines:
        assert f'href="{line.url}"' in html
        assert str(line.detail) in html
    assert html.count("cockpit-line--warning") >= 2


def test_a_dissolved_group_is_not_listed(world):
    group_world(world, name="Bleibt")
    gone = group_world(world, name="Geht").group
    services.focus_group_dissolve(acting_user=world.coordinator, group=gone, reason="Erledigt")
    group_world(world, name="Andere Initiative")
    FocusGroup.objects.filter(name="Andere Initiative").update(initiative=world.other_initiative)

    section = _direct(world)
    assert [line.text.split(":")[0] for line in section.lines] == ["Bleibt"]
    assert section.count == 1
    assert _pipeline(world, gone) not in [line.url for line in section.lines]


def test_the_section_lists_five_groups_and_counts_all(world):
    for i in range(7):
        group_world(world, name=f"Gruppe {i}")
    section = _direct(world)
    assert len(section.lines) == cockpit.LINE_LIMIT
    assert [line.text.split(":")[0] for line in section.lines] == [f"Gruppe {i}" for i in range(5)]
    assert section.count == 7 and section.hidden_count == 2


def test_the_batched_facts_reach_every_step(world):
    full = guide_world(world, name="Vollständig").group
    Guide.objects.create(group=full, status=Guide.Status.DRAFT)
    step3 = add_step3(world, group_world(world, name="Sprints", cards=3), tasks=4).group
    tested = prototype_world(world, group=group_world(world, name="Prototyp").group, criteria=3)
    mark_tested(tested, user=world.partner, values={0: "7", 1: "50"})
    half = group_world(world, name="Halb zugestimmt", cards=6).group
    services.problem_statement_save(
        acting_user=world.coordinator,
        group=half,
        affected="Fachkräfte",
        hindrance="Keine Rückmeldung",
        change="Antwort binnen einer Woche",
    )
    services.problem_statement_agree(acting_user=world.partner, group=half)
    empty = group_world(world, name="Leer").group
    groups = [full, step3, tested.group, half, empty]

    batched = selectors.group_facts_for_groups(groups=groups)
    assert set(batched) == {g.pk for g in groups}
    # The builders above reach the facts of every step.
    assert batched[full.pk].second_iterations == 1 and batched[full.pk].guide_written
    assert batched[step3.pk].sprints_with_retro == 1 and batched[step3.pk].tasks_done == 1
    assert batched[tested.group.pk].prototypes_tested == 1
    assert batched[half.pk].agreement_count == 1 and batched[half.pk].card_count == 6
    assert selectors.group_facts_for_groups(groups=[]) == {}


def test_the_cockpit_needs_the_same_queries_for_two_and_eight_groups(world, client_for):
    client = client_for(world.coordinator)

    def add(start, n):
        for i in range(start, start + n):
            built = group_world(world, name=f"Gruppe {i}", cards=2)
            services.barrier_vote_add(acting_user=world.participant, card=built.cards[0])
            if i % 2:
                _at_stage(built.group, 2)

    def count():
        with CaptureQueriesContext(connection) as ctx:
            response = _cockpit(world, client)
        assert response.status_code == 200
        return len(ctx.captured_queries), _section(response).count

    add(0, 2)
    small, two = count()
    add(2, 6)
    large, eight = count()
    assert (two, eight) == (2, 8)
    assert large == small
