"""The focus groups' section of the backbone office's cockpit: each active group's step and
what it is waiting for.

Registered from `FocusgroupsConfig.ready`; `coordination.cockpit` never imports this app. The
facts of the listed groups come from `selectors.group_facts_for_groups`, so the section asks
the same number of queries for two groups as for twenty.
"""

from django.utils.translation import gettext as _

from coordination.cockpit import (
    LINE_LIMIT,
    CockpitContext,
    CockpitLine,
    CockpitSection,
    register_cockpit_section,
)
from focusgroups import selectors
from focusgroups.models import FocusGroup, Stage
from focusgroups.stages import waiting_for


def focus_groups_section(context: CockpitContext) -> CockpitSection:
    """The initiative's active focus groups by name, each leading to its five-step page."""
    groups = list(
        FocusGroup.objects.filter(
            initiative=context.initiative, status=FocusGroup.Status.ACTIVE
        ).order_by("name", "pk")
    )
    shown = groups[:LINE_LIMIT]
    facts = selectors.group_facts_for_groups(groups=shown)
    lines = []
    for group in shown:
        detail, tone = waiting_for(group, facts[group.pk])
        lines.append(
            CockpitLine(
                text=_("%(name)s: step %(number)s, %(title)s")
                % {"name": group.name, "number": group.stage, "title": Stage(group.stage).label},
                url=context.url("focusgroups:group-pipeline", pk=group.pk),
                detail=detail,
                tone=tone,
            )
        )
    return CockpitSection(
        key="focus_groups",
        title=_("Focus groups"),
        lines=tuple(lines),
        count=len(groups),
        empty_text=_("No focus group is working at the moment."),
        more_url=context.url("focusgroups:group-list"),
        more_label=_("All focus groups"),
    )


def register_focus_group_sections() -> None:
    register_cockpit_section("focus_groups", focus_groups_section, order=75)
