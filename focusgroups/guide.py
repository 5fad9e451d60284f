"""Assembling the good-practice guide (Leitfaden) from a focus group's own content.

`guide_sections(source)` turns what the group wrote in steps 1 to 5 into plain-text sections
the group then edits: the problem statement, the barrier cards by priority (most dots first,
with their perspective), the concepts with the barriers they address, each prototype's criteria
as target against result with "reached" or "not reached", what the second iteration changed,
what the group learned, and what became of the practice. No database access here: the
selector `guide_source_get` reads, this module writes text, in the active language.
"""

from decimal import Decimal

from django.utils import formats
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from core.charts import format_number
from focusgroups.models import SuccessCriterion
from focusgroups.selectors import GuideSource

# The guide names at most this many barriers; the rest are counted.
TOP_BARRIERS = 10
DASH = "\u2013"  # an en dash: no value, and the bullet of a list line


def number(value: Decimal | str | None) -> str:
    """A number as the active language writes it, without trailing zeros (German: 1.234,5)."""
    return format_number(None if value is None else Decimal(value), decimals=2, trim=True)


def _with_unit(value: Decimal | None, unit: str) -> str:
    return f"{number(value)} {unit}".strip() if value is not None else DASH


def criterion_line(criterion: SuccessCriterion) -> str:
    """One line per criterion: what, the target, the result and whether it was reached."""
    value = _with_unit(criterion.target_value, criterion.unit)
    if criterion.direction == SuccessCriterion.Direction.AT_MOST:
        target = _("at most %(value)s") % {"value": value}
    else:
        target = _("at least %(value)s") % {"value": value}
    met = criterion.is_met
    if met is None:
        verdict = _("no result yet")
        return _("%(what)s: target %(target)s; %(verdict)s.") % {
            "what": criterion.description,
            "target": target,
            "verdict": verdict,
        }
    verdict = _("reached") if met else _("not reached")
    return _("%(what)s: target %(target)s, result %(actual)s: %(verdict)s.") % {
        "what": criterion.description,
        "target": target,
        "actual": _with_unit(criterion.actual_value, criterion.unit),
        "verdict": verdict,
    }


def _problem(source: GuideSource) -> str:
    group = source.group
    lines = [
        _("For whom: %(whom)s") % {"whom": group.target_group},
        _("What should change in their lives: %(change)s") % {"change": group.desired_change},
    ]
    statement = source.problem
    if statement is not None:
        lines += [
            "",
            _("Who is affected: %(text)s") % {"text": statement.affected},
            _("What hinders them: %(text)s") % {"text": statement.hindrance},
            _("What should change: %(text)s") % {"text": statement.change},
        ]
        if statement.is_agreed:
            lines += ["", _("The group agreed on this problem statement.")]
    return "\n".join(lines)


def _barriers(source: GuideSource) -> str:
    barriers = source.barriers
    if not barriers:
        return ""
    perspectives = {b.perspective for b in barriers}
    dots = sum(b.dots for b in barriers)
    lines = [
        ngettext(
            "The group collected %(cards)s barrier from %(perspectives)s perspective(s) and "
            "set priorities with %(dots)s dots. The most important, most dots first:",
            "The group collected %(cards)s barriers from %(perspectives)s perspective(s) and "
            "set priorities with %(dots)s dots. The most important, most dots first:",
            len(barriers),
        )
        % {
            "cards": number(len(barriers)),
            "perspectives": number(len(perspectives)),
            "dots": number(dots),
        }
    ]
    for barrier in barriers[:TOP_BARRIERS]:
        detail = [barrier.perspective]
        detail.append(ngettext("%(n)s dot", "%(n)s dots", barrier.dots) % {"n": barrier.dots})
        if barrier.cluster:
            detail.append(_("cluster “%(name)s”") % {"name": barrier.cluster})
        lines.append(f"{barrier.rank}. {barrier.text} ({'; '.join(detail)})")
    rest = len(barriers) - TOP_BARRIERS
    if rest > 0:
        lines.append(
            ngettext(
                "%(n)s further barrier with fewer dots.",
                "%(n)s further barriers with fewer dots.",
                rest,
            )
            % {"n": rest}
        )
    return "\n".join(lines)


def _concepts(source: GuideSource) -> str:
    blocks = []
    for concept in source.concepts:
        lines = [concept.title]
        if concept.description:
            lines.append(concept.description)
        barriers = [card.text for card in concept.barriers.all()]
        if barriers:
            lines.append(_("Barriers it addresses:"))
            lines += [f"{DASH} {text}" for text in barriers]
        blocks.append("\n".join(lines))
    return "\n\n".join(blocks)


def _prototype_heading(prototype) -> str:
    facts = []
    if prototype.test_date:
        facts.append(formats.date_format(prototype.test_date, "DATE_FORMAT"))
    if prototype.place:
        facts.append(prototype.place)
    heading = prototype.title
    if facts:
        heading += f" ({', '.join(facts)})"
    return heading


def _contributes(criterion: SuccessCriterion) -> str:
    """The suffix “(contributes to indicator X)” for a criterion that names an indicator of
    the common agenda (attached beforehand by `selectors.criteria_indicators_attach`)."""
    if not criterion.indicator_id:
        return ""
    return " " + _("(contributes to indicator %(name)s)") % {"name": criterion.indicator.name}


def _results(source: GuideSource) -> str:
    blocks = []
    for prototype in source.prototypes:
        lines = [_prototype_heading(prototype)]
        lines.append(_("Tests the concept “%(concept)s”.") % {"concept": prototype.concept.title})
        if prototype.previous_id:
            lines.append(
                _("Second iteration of “%(previous)s”.") % {"previous": prototype.previous.title}
            )
        criteria = list(prototype.criteria.all())
        if criteria:
            met = sum(1 for c in criteria if c.is_met)
            measured = sum(1 for c in criteria if c.is_met is not None)
            lines.append(
                _("%(met)s of %(measured)s measured criteria reached:")
                % {"met": number(met), "measured": number(measured)}
            )
            lines += [f"{DASH} {criterion_line(c)}{_contributes(c)}" for c in criteria]
        else:
            lines.append(_("No success criteria were defined."))
        blocks.append("\n".join(lines))
    return "\n\n".join(blocks)


def _improvements(source: GuideSource) -> str:
    blocks = []
    for prototype in source.prototypes:
        if not prototype.previous_id:
            continue
        lines = [
            _("“%(title)s” improves on “%(previous)s”.")
            % {"title": prototype.title, "previous": prototype.previous.title}
        ]
        if prototype.changes_from_previous:
            lines.append(prototype.changes_from_previous)
        blocks.append("\n".join(lines))
    return "\n\n".join(blocks)


def _lessons(source: GuideSource) -> str:
    blocks = []
    for prototype in source.prototypes:
        if prototype.results_summary:
            blocks.append(f"{prototype.title}: {prototype.results_summary}")
    return "\n\n".join(blocks)


def _recommendations(source: GuideSource) -> str:
    group = source.group
    lines = []
    if group.outcome:
        lines.append(
            _("Status: %(outcome)s since %(date)s: %(where)s")
            % {
                "outcome": group.get_outcome_display(),
                "date": formats.date_format(group.outcome_date, "DATE_FORMAT"),
                "where": group.outcome_where,
            }
        )
    if source.objectives:
        lines.append(
            _("The practice serves these objectives of the common agenda: %(list)s.")
            % {"list": "; ".join(o.title for o in source.objectives)}
        )
    if source.indicators:
        lines.append(
            _("Its effect shows in these indicators: %(list)s.")
            % {"list": "; ".join(i.name for i in source.indicators)}
        )
    return "\n".join(lines)


def guide_sections(source: GuideSource) -> dict[str, str]:
    """The text of every section of the guide, assembled from `source`.

    Sections without content in the group's work come back empty, so the guide page can say
    what is still to be written instead of printing an empty heading.
    """
    return {
        "problem": _problem(source),
        "barriers": _barriers(source),
        "concept": _concepts(source),
        "results": _results(source),
        "improvements": _improvements(source),
        "lessons": _lessons(source),
        "recommendations": _recommendations(source),
    }
