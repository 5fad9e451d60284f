"""Forms of the coordinator's pages that edit the results framework, the breakdowns, the
measurement settings and the targets per period.

Text and numbers are passed to the services as typed; the services decide what is missing or
wrong and answer with a ValidationError keyed by field name, which `form_add_service_error` shows at
the field concerned. Choices and dates are checked here, because a browser sends them in a fixed
format.
"""

import datetime

from django import forms
from django.utils.translation import gettext_lazy as _

from core.forms import KernForm
from impact.forms.reporting import ServiceCheckedField, _number_field, number_text
from impact.models import Dimension, Goal, Indicator, Objective
from impact.progress import (
    Direction,
    Frequency,
    Kind,
    PartnerAggregation,
    PeriodAggregation,
    TargetMode,
)
from initiatives.models import Organisation

DATE_WIDGET = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


def _text(label, *, help_text="", required=True, max_length=255, rows=None):
    widget = forms.Textarea(attrs={"rows": rows}) if rows else forms.TextInput()
    return ServiceCheckedField(
        label=label,
        help_text=help_text,
        required=required,
        max_length=None if rows else max_length,
        widget=widget,
    )


def _date(label, *, help_text=""):
    return forms.DateField(label=label, help_text=help_text, required=False, widget=DATE_WIDGET)


def _whole_number(label, *, help_text=""):
    return ServiceCheckedField(
        label=label,
        help_text=help_text,
        max_length=10,
        widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "off"}),
    )


class GoalForm(KernForm):
    title = _text(
        _("Title"),
        help_text=_("The change the partners want to achieve together, in one sentence."),
    )
    description = _text(
        _("Description"),
        help_text=_("Optional. Why this goal matters and for whom."),
        required=False,
        rows=3,
    )

    def service_kwargs(self) -> dict:
        return {
            "title": self.cleaned_data["title"],
            "description": self.cleaned_data["description"],
        }


class ObjectiveForm(GoalForm):
    """An impact objective; when it exists already, it can also move to another goal."""

    def __init__(self, *args, initiative, with_goal: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["title"].help_text = _(
            "What should be different for the target group, stated as a result."
        )
        self.fields["description"].help_text = _("Optional. How the partners expect to get there.")
        if with_goal:
            self.fields["goal"] = forms.ModelChoiceField(
                label=_("Belongs to goal"),
                queryset=Goal.objects.filter(initiative=initiative),
                empty_label=None,
                help_text=_("Choose another goal to move the objective there."),
                widget=forms.Select(attrs={"class": "kern-form-input__select"}),
            )

    def service_kwargs(self) -> dict:
        kwargs = super().service_kwargs()
        if "goal" in self.fields:
            kwargs["goal"] = self.cleaned_data["goal"]
        return kwargs


def _choice(label, choices, *, initial, help_text=""):
    return forms.ChoiceField(
        label=label,
        choices=choices,
        initial=initial,
        help_text=help_text,
        widget=forms.Select(attrs={"class": "kern-form-input__select"}),
    )


class IndicatorForm(KernForm):
    """Every field of an indicator, grouped on the page by `FIELDSETS`.

    `service_kwargs()` returns the keyword arguments of `indicator_create` and
    `indicator_update`.
    """

    name = _text(_("Name"), help_text=_("A short name everybody recognises, e.g. “Placements”."))
    definition = _text(
        _("Definition: how it is counted"),
        help_text=_(
            "Who counts, what counts and what does not. All partners count the same way, so "
            "that their values can be added up."
        ),
        rows=4,
    )
    unit = _text(
        _("Unit"),
        help_text=_("What is counted, e.g. people, companies or days. Optional."),
        required=False,
        max_length=50,
    )
    kind = _choice(
        _("Kind of value"),
        Kind.choices,
        initial=Kind.NUMBER,
        help_text=_(
            "Percentages are entered as two numbers (e.g. 12 of 40 people); the percentage is "
            "computed."
        ),
    )
    direction = _choice(
        _("Direction"),
        Direction.choices,
        initial=Direction.INCREASE,
        help_text=_(
            "Is it good when the value rises (e.g. placements) or when it falls (e.g. "
            "waiting days)?"
        ),
    )
    scope = _choice(
        _("Who enters the values"),
        Indicator.Scope.choices,
        initial=Indicator.Scope.PERFORMANCE,
        help_text=_(
            "Population indicators describe the whole target group, often from official "
            "statistics; the backbone office enters them. Performance measures are entered by "
            "each partner for its own organisation."
        ),
    )
    reporting_organisations = forms.ModelMultipleChoiceField(
        label=_("Partner organisations that report"),
        queryset=Organisation.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_(
            "Only for performance measures: these organisations are asked for a value in every "
            "period."
        ),
    )
    frequency = _choice(
        _("How often values are reported"),
        Frequency.choices,
        initial=Frequency.QUARTERLY,
        help_text=_("Reporting periods follow the calendar, e.g. quarters."),
    )
    partner_aggregation = _choice(
        _("How the partners' values combine"),
        PartnerAggregation.choices,
        initial=PartnerAggregation.SUM,
        help_text=_(
            "Usually the partners' values are added up. Percentages are never averaged: their "
            "“how many” and “of how many” are added up separately."
        ),
    )
    period_aggregation = _choice(
        _("How the periods combine"),
        PeriodAggregation.choices,
        initial=PeriodAggregation.PER_PERIOD,
        help_text=_(
            "Per period: each value counts what happened in its period, e.g. placements per "
            "quarter, and the periods add up. Cumulative: each value is already the total so "
            "far, so only the latest one counts."
        ),
    )
    baseline_value = _number_field(
        _("Baseline value"),
        help_text=_("Optional. The value before the work started; progress is measured from it."),
    )
    baseline_date = _date(_("Baseline date"), help_text=_("When the baseline was measured."))
    target_mode = _choice(
        _("Kind of target"),
        TargetMode.choices,
        initial=TargetMode.FINAL,
        help_text=_(
            "A final target is spread evenly over time to judge each period. Alternatively, "
            "set a target for each period on the next page."
        ),
    )
    final_target = _number_field(
        _("Final target"),
        help_text=_("Only with one final target: the value to be reached by the target date."),
    )
    final_target_date = _date(
        _("Target date"),
        help_text=_(
            "Only with one final target. Optional if the initiative has a planned end date: "
            "then that date counts."
        ),
    )
    dimensions = forms.ModelMultipleChoiceField(
        label=_("Breakdowns"),
        queryset=Dimension.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Optional. Values are also broken down by these, e.g. by gender."),
    )

    FIELDSETS = (
        (_("What is measured"), ("name", "definition", "unit", "kind", "direction")),
        (_("Who reports, how often"), ("scope", "reporting_organisations", "frequency")),
        (_("How values combine"), ("partner_aggregation", "period_aggregation")),
        (
            _("Baseline and target"),
            ("baseline_value", "baseline_date", "target_mode", "final_target", "final_target_date"),
        ),
        (_("Breakdowns"), ("dimensions",)),
    )
    MULTIPLE = ("reporting_organisations", "dimensions")

    def __init__(self, *args, initiative, indicator: Indicator | None = None, **kwargs):
        if indicator is not None:
            kwargs.setdefault("initial", self._initial(indicator))
        super().__init__(*args, **kwargs)
        self.fields["reporting_organisations"].queryset = Organisation.objects.filter(
            initiative=initiative
        ).order_by("name")
        self.fields["dimensions"].queryset = Dimension.objects.filter(initiative=initiative)
        for name in self.MULTIPLE:
            self.fields[name].widget.attrs["class"] = "kern-form-check__checkbox"
        if indicator is not None:
            self.fields["objective"] = forms.ModelChoiceField(
                label=_("Belongs to objective"),
                queryset=Objective.objects.filter(goal__initiative=initiative)
                .select_related("goal")
                .order_by("goal__order", "goal_id", "order", "pk"),
                empty_label=None,
                help_text=_("Choose another objective to move the indicator there."),
                widget=forms.Select(attrs={"class": "kern-form-input__select"}),
            )
            self.fields["objective"].label_from_instance = lambda o: f"{o.goal.title} → {o.title}"

    @staticmethod
    def _initial(indicator: Indicator) -> dict:
        initial = {
            field: getattr(indicator, field)
            for field in (
                "name",
                "definition",
                "unit",
                "kind",
                "direction",
                "scope",
                "frequency",
                "partner_aggregation",
                "period_aggregation",
                "baseline_date",
                "target_mode",
                "final_target_date",
            )
        }
        initial["baseline_value"] = number_text(indicator.baseline_value)
        initial["final_target"] = number_text(indicator.final_target)
        initial["reporting_organisations"] = [o.pk for o in indicator.reporting_organisations.all()]
        initial["dimensions"] = [d.pk for d in indicator.dimensions.all()]
        initial["objective"] = indicator.objective_id
        return initial

    def fieldsets(self):
        """[(legend, [bound fields])] in the order of the page."""
        return [(legend, [self[name] for name in names]) for legend, names in self.FIELDSETS]

    def service_kwargs(self) -> dict:
        data = dict(self.cleaned_data)
        data["reporting_organisations"] = list(data["reporting_organisations"])
        data["dimensions"] = list(data["dimensions"])
        # Fields that do not apply to the chosen options are dropped rather than refused:
        # the page shows them all, and a leftover entry should not block saving.
        if data["scope"] == Indicator.Scope.POPULATION:
            data["reporting_organisations"] = []
        if data["target_mode"] == TargetMode.PER_PERIOD:
            data["final_target"] = data["final_target_date"] = None
        return data


class DimensionCreateForm(KernForm):
    name = _text(_("Name"), help_text=_("E.g. gender, age group or district."), max_length=100)
    categories = _text(
        _("Categories, one per line"),
        help_text=_(
            "E.g. “female”, “male”, “diverse”. A category “not specified” is added "
            "automatically, so that nobody has to invent data."
        ),
        rows=5,
    )

    def service_kwargs(self) -> dict:
        return {
            "name": self.cleaned_data["name"],
            "categories": self.cleaned_data["categories"].splitlines(),
        }


class DimensionRenameForm(KernForm):
    name = _text(_("Name"), help_text=_("E.g. gender, age group or district."), max_length=100)


class CategoryForm(KernForm):
    label = _text(_("Category"), help_text=_("E.g. “female” or “18 to 25 years”."), max_length=100)


class MeasurementSettingsForm(KernForm):
    on_track_percent = _whole_number(
        _("“On track” from (% of the target)"),
        help_text=_(
            "An indicator is on track when its value reaches at least this share of the target "
            "for the period. Usually 90."
        ),
    )
    at_risk_percent = _whole_number(
        _("“At risk” from (% of the target)"),
        help_text=_(
            "Below the on-track share but at least this share is “at risk”; below it is “off "
            "track”. Usually 70. For indicators where lower is better, the rule is mirrored."
        ),
    )
    due_days = _whole_number(
        _("Days to report after a period ends"),
        help_text=_("After this many days, missing values count as overdue. Usually 30."),
    )

    @staticmethod
    def initial_from(settings) -> dict:
        return {
            "on_track_percent": settings.on_track_percent,
            "at_risk_percent": settings.at_risk_percent,
            "due_days": settings.due_days,
        }


class PeriodTargetsForm(KernForm):
    """One input per reporting period (`target_<YYYY-MM-DD>`, keyed by its first day), as the
    service `indicator_set_period_targets` names its errors."""

    def __init__(self, *args, spans, labels, targets: dict, unit: str = "", **kwargs):
        self.spans = list(spans)
        initial = {
            self.field_name(span.start): number_text(targets.get(span.start)) for span in self.spans
        }
        kwargs.setdefault("initial", initial)
        super().__init__(*args, **kwargs)
        for span, label in zip(self.spans, labels, strict=True):
            field = _number_field(label, help_text=unit)
            field.widget.attrs["class"] = "kern-form-input__input"
            self.fields[self.field_name(span.start)] = field

    @staticmethod
    def field_name(day: datetime.date) -> str:
        return f"target_{day:%Y-%m-%d}"

    def targets(self) -> dict[datetime.date, str]:
        return {
            span.start: self.cleaned_data.get(self.field_name(span.start), "")
            for span in self.spans
        }
