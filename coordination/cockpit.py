"""The backbone office's cockpit: what needs attention now, as a small registry of sections.

A section is a function `(context: CockpitContext) -> CockpitSection | None` registered with
`register_cockpit_section(key, provider, order=...)`. This app registers its own sections from
`CoordinationConfig.ready`; apps above it (focus groups, reports) add theirs the same way from
their own `AppConfig.ready`, so this module never imports them. A provider returns None to
leave its section out (e.g. for a feature the initiative does not use).

Rules for providers: every line leads to the page where the matter is handled; a section
without lines shows its `empty_text` (say what is fine, not just "nothing"); and a provider runs
a fixed number of queries however much data there is (the cockpit's query count is tested at
two data sizes).
"""

import datetime
from collections.abc import Callable
from dataclasses import dataclass, field

from django.urls import reverse
from django.utils import formats, timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from coordination import selectors
from coordination.charts import pulse_trend_chart
from coordination.models import EarlyWarning, Meeting
from impact import selectors as impact_selectors
from initiatives import selectors as initiative_selectors
from initiatives.models import Initiative, Membership

# How many lines a section lists before it points to the full page.
LINE_LIMIT = 5


@dataclass(frozen=True)
class CockpitLine:
    """One thing that needs attention, with the address where it is handled."""

    text: str
    url: str
    detail: str = ""
    # "danger" (overdue, conflict), "warning" (waiting) or "" (for information).
    tone: str = ""


@dataclass(frozen=True)
class CockpitSection:
    key: str
    title: str
    lines: tuple[CockpitLine, ...] = ()
    # How many matters there are in all; the lines may show only the first `LINE_LIMIT`.
    count: int = 0
    empty_text: str = ""
    explanation: str = ""
    more_url: str = ""
    more_label: str = ""
    chart: object = None

    @property
    def is_empty(self) -> bool:
        return not self.lines and self.chart is None

    @property
    def hidden_count(self) -> int:
        return max(self.count - len(self.lines), 0)


@dataclass(frozen=True)
class CockpitContext:
    initiative: Initiative
    membership: Membership
    viewer: object
    today: datetime.date
    now: datetime.datetime
    extra: dict = field(default_factory=dict)

    def url(self, name: str, *args, **kwargs) -> str:
        return reverse(name, kwargs={"slug": self.initiative.slug, **kwargs}, args=args or None)


CockpitProvider = Callable[[CockpitContext], CockpitSection | None]

_sections: dict[str, tuple[int, CockpitProvider]] = {}


def register_cockpit_section(key: str, provider: CockpitProvider, *, order: int = 100) -> None:
    """Add a section under `key`; registering the same key again replaces it (a second
    `ready()` changes nothing). Sections are shown by `order`, then key."""
    _sections[key] = (order, provider)


def registered_section_keys() -> list[str]:
    return [key for key, _entry in sorted(_sections.items(), key=lambda kv: (kv[1][0], kv[0]))]


def cockpit_sections(
    *, initiative: Initiative, membership: Membership, viewer, now=None
) -> list[CockpitSection]:
    """Every registered section for the backbone office of `initiative`, in order."""
    now = now or timezone.now()
    context = CockpitContext(
        initiative=initiative,
        membership=membership,
        viewer=viewer,
        today=timezone.localdate(now),
        now=now,
    )
    sections = []
    for key in registered_section_keys():
        section = _sections[key][1](context)
        if section is not None:
            sections.append(section)
    return sections


def _date(day) -> str:
    return formats.date_format(day, "SHORT_DATE_FORMAT")


# --- The sections of this app -----------------------------------------------------------------


def overdue_reports_section(context: CockpitContext) -> CockpitSection:
    """Values not submitted in time, per partner organisation (and the backbone office's own
    population indicators), longest overdue first."""
    overdue = impact_selectors.reporting_overdue_counts(
        viewer=context.viewer, initiative=context.initiative, today=context.today
    )
    lines = []
    for entry in overdue[:LINE_LIMIT]:
        organisation = entry.organisation
        text = ngettext(
            "%(name)s: %(count)s value overdue",
            "%(name)s: %(count)s values overdue",
            entry.count,
        ) % {
            "name": organisation.name if organisation else _("Backbone office"),
            "count": entry.count,
        }
        detail = _("due since %(date)s") % {"date": _date(entry.oldest_due_date)}
        if entry.returned:
            detail += " · " + ngettext(
                "%(count)s returned for revision",
                "%(count)s returned for revision",
                entry.returned,
            ) % {"count": entry.returned}
        url = (
            context.url("initiatives:organisation-detail", pk=organisation.pk)
            if organisation
            else context.url("impact:task-list")
        )
        lines.append(CockpitLine(text=text, url=url, detail=detail, tone="danger"))
    return CockpitSection(
        key="overdue_reports",
        title=_("Reporting overdue"),
        lines=tuple(lines),
        count=len(overdue),
        empty_text=_("No value is overdue: every partner has reported in time."),
        explanation=_(
            "Each line leads to the partner's page with its members, so that you can ask them "
            "personally."
        ),
    )


def review_section(context: CockpitContext) -> CockpitSection:
    """Submitted values waiting for the backbone office's review, oldest first."""
    queue = impact_selectors.submission_list_for_review(
        viewer=context.viewer, initiative=context.initiative
    )
    count = queue.count()
    lines = tuple(
        CockpitLine(
            text=f"{sub.indicator.name} · {sub.organisation.name}"
            if sub.organisation
            else sub.indicator.name,
            detail=_("%(period)s, submitted on %(date)s")
            % {
                "period": sub.period.label,
                "date": _date(timezone.localtime(sub.submitted_at)) if sub.submitted_at else "",
            },
            url=context.url("impact:submission-review", pk=sub.pk),
            tone="warning",
        )
        for sub in (queue[:LINE_LIMIT] if count else [])
    )
    return CockpitSection(
        key="review",
        title=_("Waiting for your review"),
        lines=lines,
        count=count,
        empty_text=_("No submitted value is waiting for review."),
        more_url=context.url("impact:review-list"),
        more_label=_("Review queue"),
    )


def overdue_action_items_section(context: CockpitContext) -> CockpitSection:
    items = selectors.action_item_list(
        viewer=context.viewer, initiative=context.initiative, overdue=True
    )
    count = items.count()
    board = context.url("coordination:action-item-board")
    lines = []
    for item in items[:LINE_LIMIT] if count else []:
        who = (
            item.assignee.full_name or item.assignee.email
            if item.assignee
            else (item.organisation.name if item.organisation else "")
        )
        lines.append(
            CockpitLine(
                text=item.title,
                detail=_("%(who)s · due on %(date)s") % {"who": who, "date": _date(item.due_date)},
                url=f"{board}?overdue=1#action-{item.pk}",
                tone="danger",
            )
        )
    return CockpitSection(
        key="overdue_action_items",
        title=_("Overdue action items"),
        lines=tuple(lines),
        count=count,
        empty_text=_("No action item is overdue."),
        more_url=f"{board}?overdue=1",
        more_label=_("All overdue action items"),
    )


MEETING_LIMIT = 3


def next_meetings_section(context: CockpitContext) -> CockpitSection:
    upcoming, _past = selectors.meeting_list(viewer=context.viewer, initiative=context.initiative)
    meetings = list(upcoming.filter(status=Meeting.Status.PLANNED)[:MEETING_LIMIT])
    lines = []
    for meeting in meetings:
        detail = formats.date_format(timezone.localtime(meeting.starts_at), "SHORT_DATETIME_FORMAT")
        if not meeting.agenda_count:
            detail += " · " + _("no agenda items yet")
        lines.append(
            CockpitLine(
                text=meeting.title,
                detail=detail,
                url=context.url("coordination:meeting-detail", pk=meeting.pk),
                tone="warning" if not meeting.agenda_count else "",
            )
        )
    return CockpitSection(
        key="next_meetings",
        title=_("Next meetings"),
        lines=tuple(lines),
        count=len(lines),
        empty_text=_("No meeting is planned. Schedule the next one so the partners keep it free."),
        more_url=context.url("coordination:meeting-list"),
        more_label=_("All meetings"),
    )


def quiet_partners_section(context: CockpitContext) -> CockpitSection:
    quiet = selectors.organisation_quiet_list(initiative=context.initiative, now=context.now)
    lines = tuple(
        CockpitLine(
            text=entry.organisation.name,
            detail=(
                _("last sign of work on %(date)s")
                % {"date": _date(timezone.localtime(entry.last_sign))}
                if entry.last_sign
                else _("nothing entered yet")
            ),
            url=context.url("coordination:organisation-contributions", pk=entry.organisation.pk),
        )
        for entry in quiet[:LINE_LIMIT]
    )
    return CockpitSection(
        key="quiet_partners",
        title=_("Partners gone quiet"),
        lines=lines,
        count=len(quiet),
        empty_text=_("Every partner organisation has shown a sign of work recently."),
        explanation=_(
            "A partner organisation counts as quiet when for %(days)s days it has entered no "
            "value, registered or changed no activity, logged no output and stated no "
            "endorsement. Organisations that joined less than %(days)s days ago are left out. "
            "Logins of individual people are not looked at."
        )
        % {"days": selectors.QUIET_DAYS},
    )


def endorsements_section(context: CockpitContext) -> CockpitSection:
    overview = initiative_selectors.endorsement_overview(initiative=context.initiative)
    agenda = context.url("initiatives:agenda-detail")
    if overview.version is None:
        return CockpitSection(
            key="endorsements",
            title=_("Common agenda not yet carried"),
            empty_text=_("No version of the common agenda has been published yet."),
            more_url=agenda,
            more_label=_("Common agenda"),
        )
    missing = [row for row in overview.rows if row.endorsement is None]
    lines = tuple(
        CockpitLine(
            text=row.organisation.name,
            detail=_("has not stated whether it carries version %(number)s")
            % {"number": overview.version.number},
            url=context.url("initiatives:organisation-detail", pk=row.organisation.pk),
        )
        for row in missing[:LINE_LIMIT]
    )
    explanation = ""
    if overview.with_reservations:
        explanation = ngettext(
            "%(count)s organisation carries it with reservations: worth a conversation.",
            "%(count)s organisations carry it with reservations: worth a conversation.",
            overview.with_reservations,
        ) % {"count": overview.with_reservations}
    return CockpitSection(
        key="endorsements",
        title=_("Common agenda not yet carried"),
        lines=lines,
        count=len(missing),
        empty_text=_("Every partner organisation has stated whether it carries version %(number)s.")
        % {"number": overview.version.number},
        explanation=explanation,
        more_url=f"{agenda}#mittragende",
        more_label=_("Who carries the agenda"),
    )


def warnings_section(context: CockpitContext) -> CockpitSection:
    open_statuses = [EarlyWarning.Status.OPEN, EarlyWarning.Status.IN_PROGRESS]
    warnings = selectors.warning_list(viewer=context.viewer, initiative=context.initiative).filter(
        status__in=open_statuses
    )
    count = warnings.count()
    lines = []
    for warning in warnings[:LINE_LIMIT] if count else []:
        parts = [warning.get_status_display()]
        if warning.organisation:
            parts.append(warning.organisation.name)
        if warning.is_for_coordinators:
            parts.append(_("backbone office only"))
        lines.append(
            CockpitLine(
                text=warning.title,
                detail=" · ".join(str(p) for p in parts),
                url=context.url("coordination:warning-detail", pk=warning.pk),
                tone="danger" if warning.status == EarlyWarning.Status.OPEN else "warning",
            )
        )
    return CockpitSection(
        key="warnings",
        title=_("Open early warnings"),
        lines=tuple(lines),
        count=count,
        empty_text=_("No open early warning."),
        more_url=context.url("coordination:warning-list"),
        more_label=_("Early-warning list"),
    )


def pulse_section(context: CockpitContext) -> CockpitSection:
    points = selectors.pulse_trend_get(viewer=context.viewer, initiative=context.initiative)
    rounds = selectors.pulse_round_list(viewer=context.viewer, initiative=context.initiative)
    current = next((r for r in rounds[:3] if r.is_open), None)
    lines = ()
    if current is not None:
        lines = (
            CockpitLine(
                text=_("Round “%(title)s” is open until %(date)s")
                % {"title": current.title, "date": _date(current.closes_on)},
                detail=ngettext(
                    "%(count)s answer so far", "%(count)s answers so far", current.answer_count
                )
                % {"count": current.answer_count},
                url=context.url("coordination:pulse-round-detail", pk=current.pk),
            ),
        )
    return CockpitSection(
        key="pulse",
        title=_("Partnership pulse"),
        lines=lines,
        count=len(lines),
        chart=pulse_trend_chart(points),
        empty_text=_("No round of the pulse has been held yet. Open the first one."),
        more_url=context.url("coordination:pulse-list"),
        more_label=_("Partnership pulse"),
    )


def register_coordination_sections() -> None:
    """The sections of this app, in the order the backbone office works through them."""
    register_cockpit_section("overdue_reports", overdue_reports_section, order=10)
    register_cockpit_section("review", review_section, order=20)
    register_cockpit_section("overdue_action_items", overdue_action_items_section, order=30)
    register_cockpit_section("warnings", warnings_section, order=40)
    register_cockpit_section("next_meetings", next_meetings_section, order=50)
    register_cockpit_section("quiet_partners", quiet_partners_section, order=60)
    register_cockpit_section("endorsements", endorsements_section, order=70)
    register_cockpit_section("pulse", pulse_section, order=80)
