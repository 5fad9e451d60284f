"""Pure rules of the method: who is missing from a group, and what each step still needs.

No database access here: selectors gather the facts, these functions judge them, so the rules
can be tested with plain values and read in one place.
"""

from collections.abc import Iterable
from dataclasses import dataclass, field

from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from focusgroups.models import REQUIRED_PERSPECTIVES, Perspective, Stage

# Step 2 counts as done when the board holds this many cards and this many of them have dots.
MIN_CARDS = 5
MIN_CARDS_WITH_DOTS = 3


def membership_perspective(membership) -> str:
    """What a member of the initiative brings to a focus group.

    Participants bring the target group's own perspective (lived experience); partner members
    that of their organisation's sector, where a target-group self-organisation counts as the
    target group's perspective too; the backbone office has no sector of its own.
    """
    if membership is None:
        return Perspective.BACKBONE
    if membership.role == "participant":
        return Perspective.TARGET_GROUP
    organisation = membership.organisation
    if organisation is None:
        return Perspective.BACKBONE
    return {
        "administration": Perspective.ADMINISTRATION,
        "civil_society": Perspective.CIVIL_SOCIETY,
        "business": Perspective.BUSINESS,
        "science": Perspective.SCIENCE,
        "target_group": Perspective.TARGET_GROUP,
    }.get(organisation.sector, Perspective.BACKBONE)


@dataclass(frozen=True)
class Diversity:
    present: list[str]
    missing: list[str]

    @property
    def complete(self) -> bool:
        return not self.missing

    @property
    def present_labels(self) -> list[str]:
        return [Perspective(p).label for p in self.present]

    @property
    def missing_labels(self) -> list[str]:
        return [Perspective(p).label for p in self.missing]

    @property
    def summary(self) -> str:
        """In words, never by colour alone: "Still missing: business, …"."""
        if not self.missing:
            return str(_("All four perspectives are present."))
        return str(
            format_lazy(_("Still missing: {}"), ", ".join(str(x) for x in self.missing_labels))
        )


def diversity(perspectives: Iterable[str]) -> Diversity:
    """Which of the four perspectives the group asks for are present and which are missing."""
    have = set(perspectives)
    return Diversity(
        present=[p for p in REQUIRED_PERSPECTIVES if p in have],
        missing=[p for p in REQUIRED_PERSPECTIVES if p not in have],
    )


@dataclass(frozen=True)
class BoardFacts:
    """What the gates look at; gathered by `selectors.group_facts`."""

    problem_written: bool = False
    problem_agreed: bool = False
    agreement_count: int = 0
    member_count: int = 0
    card_count: int = 0
    cards_with_dots: int = 0
    dot_count: int = 0
    perspective_count: int = 0
    cluster_count: int = 0
    missing_perspectives: list[str] = field(default_factory=list)
    # steps 4 and 5
    prototype_count: int = 0
    prototypes_with_criteria: int = 0
    prototypes_with_results: int = 0
    prototypes_tested: int = 0
    feedback_count: int = 0
    second_iterations: int = 0
    second_iterations_tested: int = 0
    guide_written: bool = False
    guide_final: bool = False
    # Step 3
    concept_count: int = 0
    concepts_with_priority: int = 0
    task_count: int = 0
    tasks_planned: int = 0
    tasks_done: int = 0
    sprint_count: int = 0
    sprints_with_retro: int = 0
    sprint_running: bool = False


@dataclass(frozen=True)
class StepSummary:
    number: int
    title: str
    state: str  # "done", "current" or "upcoming"
    exists: list[str]
    missing: list[str]

    @property
    def ready(self) -> bool:
        return not self.missing


def _step1(facts: BoardFacts) -> tuple[list[str], list[str]]:
    exists, missing = [], []
    if facts.problem_written:
        exists.append(_("The problem is written down from the users' perspective."))
        if facts.problem_agreed:
            exists.append(_("The group has agreed on it."))
        else:
            missing.append(
                format_lazy(
                    _("The group's agreement to the problem statement ({} of {} members so far)."),
                    facts.agreement_count,
                    facts.member_count,
                )
            )
    else:
        missing.append(
            _("A problem statement: who is affected, what hinders them, what should change.")
        )
    if facts.missing_perspectives:
        # Guidance only: a group may start before it is complete.
        exists.append(
            format_lazy(
                _("Tip: the group still lacks {}."),
                ", ".join(str(Perspective(p).label) for p in facts.missing_perspectives),
            )
        )
    return exists, missing


def _step2(facts: BoardFacts) -> tuple[list[str], list[str]]:
    exists, missing = [], []
    if facts.card_count:
        exists.append(
            format_lazy(
                _("{} barrier cards from {} perspectives, in {} clusters."),
                facts.card_count,
                facts.perspective_count,
                facts.cluster_count,
            )
        )
    if facts.dot_count:
        exists.append(
            format_lazy(
                _("{} dots given; {} cards have dots."), facts.dot_count, facts.cards_with_dots
            )
        )
    if facts.card_count < MIN_CARDS:
        missing.append(
            format_lazy(_("At least {} barrier cards (now {})."), MIN_CARDS, facts.card_count)
        )
    if facts.cards_with_dots < MIN_CARDS_WITH_DOTS:
        missing.append(
            format_lazy(
                _("Dots on at least {} cards, so that the priorities are clear (now {})."),
                MIN_CARDS_WITH_DOTS,
                facts.cards_with_dots,
            )
        )
    if facts.card_count and facts.perspective_count < 2:
        missing.append(_("Barriers seen from at least two perspectives."))
    return exists, missing


def _step4(facts: BoardFacts) -> tuple[list[str], list[str]]:
    exists, missing = [], []
    if facts.prototype_count:
        exists.append(
            format_lazy(
                _("Prototypes: {}; with success criteria: {}; tested: {}."),
                facts.prototype_count,
                facts.prototypes_with_criteria,
                facts.prototypes_tested,
            )
        )
    if facts.feedback_count:
        exists.append(
            format_lazy(_("Feedback answers from participants: {}."), facts.feedback_count)
        )
    if not facts.prototype_count:
        missing.append(_("A prototype: a concrete, small test of a concept (plan, date, place)."))
    if not facts.prototypes_with_criteria:
        missing.append(
            _("Success criteria from the target group's point of view: what, how much counts.")
        )
    if not facts.prototypes_with_results:
        missing.append(_("The test's result for every criterion of a prototype."))
    if not facts.feedback_count:
        missing.append(_("Feedback from participants (hand out a feedback link)."))
    return exists, missing


def _step5(facts: BoardFacts) -> tuple[list[str], list[str]]:
    exists, missing = [], []
    if facts.second_iterations:
        exists.append(
            format_lazy(
                _("Improved rounds: {} planned, {} of them tested."),
                facts.second_iterations,
                facts.second_iterations_tested,
            )
        )
    if not facts.second_iterations:
        missing.append(
            _("A second round of a tested prototype, with what changed because of the feedback.")
        )
    elif not facts.second_iterations_tested:
        missing.append(_("The test of the second round."))
    if facts.guide_final:
        exists.append(_("The guide for decision makers (Leitfaden) is final."))
    elif facts.guide_written:
        missing.append(_("The guide is still a draft: finalise it once every section is written."))
    else:
        missing.append(_("A guide for decision makers (Leitfaden)."))
    return exists, missing


def _step3(facts: BoardFacts) -> tuple[list[str], list[str]]:
    """A concept aimed at what the group prioritised, work made visible as tasks, and one sprint
    looked back on together: the seed's way of working (boards, sprints, retrospectives)."""
    exists, missing = [], []
    if facts.concept_count:
        exists.append(
            format_lazy(
                _("Solution concepts: {}; of them addressing a prioritised barrier: {}."),
                facts.concept_count,
                facts.concepts_with_priority,
            )
        )
    if facts.task_count:
        exists.append(
            format_lazy(_("Tasks on the board: {}; done: {}."), facts.task_count, facts.tasks_done)
        )
    if facts.sprint_count:
        exists.append(
            format_lazy(
                _("Sprints: {}; finished with a retrospective: {}."),
                facts.sprint_count,
                facts.sprints_with_retro,
            )
        )
    if facts.sprint_running:
        exists.append(_("A sprint is running."))
    if not facts.concepts_with_priority:
        missing.append(
            _(
                "At least one solution concept that names a prioritised barrier (a card with "
                "dots from the board)."
            )
        )
    if not facts.tasks_planned:
        missing.append(
            _("Tasks with an owner and a due date, so everyone sees who does what by when.")
        )
    if not facts.sprints_with_retro:
        missing.append(
            _(
                "A finished sprint with its retrospective (what went well, what to improve, "
                "what we try next)."
            )
        )
    return exists, missing


def stage_summary(*, current_stage: int, facts: BoardFacts) -> list[StepSummary]:
    """The five steps with what exists and what is still missing before the next step.

    Gates are guidance, not walls: `missing` says what to do, a coordinator may move on anyway.
    """
    steps = []
    for stage in Stage:
        if stage == Stage.BARRIERS_RECOGNISED:
            exists, missing = _step1(facts)
        elif stage == Stage.BARRIERS_CONCRETISED:
            exists, missing = _step2(facts)
        elif stage == Stage.PROTOTYPES:
            exists, missing = _step4(facts)
        elif stage == Stage.HAND_ON:
            exists, missing = _step5(facts)
        else:
            exists, missing = _step3(facts)
        state = (
            "done" if stage < current_stage else "current" if stage == current_stage else "upcoming"
        )
        steps.append(
            StepSummary(
                number=int(stage),
                title=str(stage.label),
                state=state,
                exists=[str(x) for x in exists],
                missing=[str(x) for x in missing],
            )
        )
    return steps


def waiting_for(group, facts: BoardFacts) -> tuple[str, str]:
    """(text, tone) for a group at its current step: the first thing the step still misses
    (tone "warning"), or that all five steps are done or the group may move on (tone "").

    One wording for every place that says where a group stands (the cockpit, the progress
    report), so they never tell two stories. Looks at `group.stage` only: whether the group is
    dissolved or what became of its practice is for the caller to say.
    """
    current = stage_summary(current_stage=group.stage, facts=facts)[group.stage - 1]
    if current.missing:
        text = current.missing[0]
        others = len(current.missing) - 1
        if others:
            text += " " + ngettext("(and %(count)s more)", "(and %(count)s more)", others) % {
                "count": others
            }
        return text, "warning"
    if group.stage >= Stage.HAND_ON:
        return str(_("all five steps are done")), ""
    return str(_("ready for the next step")), ""
