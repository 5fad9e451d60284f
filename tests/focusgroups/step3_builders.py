"""Step 3 content for tests (concepts, tasks, sprints, retrospectives), built through the
services on top of `tests.focusgroups.builders`."""

import datetime
from dataclasses import dataclass, field

from django.utils import timezone

from focusgroups import services
from tests.focusgroups.builders import GroupWorld, matrix_world


@dataclass
class Step3World:
    built: GroupWorld
    concepts: list = field(default_factory=list)
    tasks: list = field(default_factory=list)
    sprints: list = field(default_factory=list)
    retro_items: list = field(default_factory=list)

    @property
    def group(self):
        return self.built.group


def add_step3(w, built: GroupWorld, *, tasks: int = 1, retro: bool = True) -> Step3World:
    """A concept naming the first card, a finished sprint (with a "we try next" note when
    `retro`), a running sprint and `tasks` tasks in it owned by the partner."""
    group = built.group
    today = timezone.localdate()
    step = Step3World(built=built)
    step.concepts.append(
        services.solution_concept_create(
            acting_user=w.partner,
            group=group,
            title="Matching-Abend",
            description="Fachkräfte und Unternehmen treffen sich vorbereitet.",
            barriers=built.cards[:1],
        )
    )
    finished = services.sprint_create(
        acting_user=w.partner,
        group=group,
        goal="Raum und Termin stehen",
        start_date=today - datetime.timedelta(days=20),
        end_date=today - datetime.timedelta(days=7),
    )
    services.sprint_start(acting_user=w.partner, sprint=finished)
    services.sprint_finish(acting_user=w.partner, sprint=finished)
    step.sprints.append(finished)
    if retro:
        step.retro_items.append(
            services.retro_item_create(
                acting_user=w.participant,
                sprint=finished,
                kind="try_next",
                text="Einladungen zweisprachig verschicken",
            )
        )
    running = services.sprint_create(
        acting_user=w.partner,
        group=group,
        goal="Einladungen sind verschickt",
        start_date=today - datetime.timedelta(days=3),
        end_date=today + datetime.timedelta(days=10),
    )
    services.sprint_start(acting_user=w.partner, sprint=running)
    step.sprints.append(running)
    add_tasks(w, step, tasks)
    return step


def add_tasks(w, step: Step3World, n: int, *, owner=None, sprint=None):
    statuses = ("todo", "in_progress", "done")
    for i in range(n):
        step.tasks.append(
            services.task_create(
                acting_user=w.partner,
                group=step.group,
                title=f"Aufgabe {len(step.tasks) + 1}",
                owner=owner or w.partner,
                due_date=timezone.localdate() + datetime.timedelta(days=i - 2),
                status=statuses[i % 3],
                concept=step.concepts[0] if step.concepts else None,
                sprint=sprint or step.sprints[-1],
            )
        )
    return step


def matrix_step3(w) -> Step3World:
    """What the permission matrix acts on for step 3 (built once per test)."""
    if not hasattr(w, "focus_step3"):
        w.focus_step3 = add_step3(w, matrix_world(w))
    return w.focus_step3
