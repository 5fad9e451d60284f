"""The form to ask for a report: which report, which period, which sections."""

from django import forms
from django.utils.translation import gettext_lazy as _

from core.forms import KernForm
from initiatives.models import Role
from reports.models import ReportRun, ReportSchedule
from reports.selectors import PROGRESS_SECTIONS, SECTION_KEYS


class PeriodChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return f"{obj.label} ({obj.get_frequency_display()})"


# Reports asked for from the page of what they are about (the meeting record from its
# meeting, the guide from its focus group), not in the report form.
FORM_EXCLUDED_KINDS = frozenset({ReportRun.Kind.MEETING, ReportRun.Kind.GUIDE})


class ReportRequestForm(KernForm):
    kind = forms.ChoiceField(
        label=_("Report"),
        choices=[
            choice for choice in ReportRun.Kind.choices if choice[0] not in FORM_EXCLUDED_KINDS
        ],
        initial=ReportRun.Kind.PROGRESS,
        widget=forms.RadioSelect,
    )
    period = PeriodChoiceField(
        label=_("Reporting period"),
        queryset=None,
        required=False,
        help_text=_("For the indicator report: the period whose values it lists."),
    )
    organisation = forms.ModelChoiceField(
        label=_("Partner organisation"),
        queryset=None,
        required=False,
        help_text=_("For the contribution report: the organisation it is about."),
    )
    sections = forms.MultipleChoiceField(
        label=_("Sections of the progress report"),
        choices=PROGRESS_SECTIONS,
        initial=list(SECTION_KEYS),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("The cover and the table of contents are always included."),
    )
    notify_when_done = forms.BooleanField(
        label=_("Send me an e-mail with the link when the report is ready"),
        required=False,
        initial=True,
    )

    def __init__(self, *args, periods, organisations, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["period"].queryset = periods
        self.fields["organisation"].queryset = organisations

    def clean(self):
        cleaned = super().clean()
        kind = cleaned.get("kind")
        if kind == ReportRun.Kind.PERIOD and not cleaned.get("period"):
            self.add_error("period", _("Choose the reporting period for the indicator report."))
        if kind == ReportRun.Kind.PARTNER and not cleaned.get("organisation"):
            self.add_error(
                "organisation", _("Choose the partner organisation for the contribution report.")
            )
        if kind == ReportRun.Kind.PROGRESS and not cleaned.get("sections"):
            self.add_error("sections", _("Choose at least one section."))
        return cleaned

    def parameters(self) -> dict:
        data = self.cleaned_data
        if data["kind"] == ReportRun.Kind.PERIOD:
            return {"period_id": data["period"].pk}
        if data["kind"] == ReportRun.Kind.PARTNER:
            return {"organisation_id": data["organisation"].pk}
        return {"sections": list(data["sections"])}


class RecipientChoiceField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj):
        return f"{obj.full_name or obj.email} ({Role(obj.member_role).label})"


class ScheduleForm(KernForm):
    """Which report, how often, and who receives it."""

    kind = forms.ChoiceField(
        label=_("Report"),
        choices=[(kind.value, kind.label) for kind in ReportSchedule.KINDS],
        initial=ReportRun.Kind.PROGRESS,
        widget=forms.RadioSelect,
    )
    sections = forms.MultipleChoiceField(
        label=_("Sections of the progress report"),
        choices=PROGRESS_SECTIONS,
        initial=list(SECTION_KEYS),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    organisation = forms.ModelChoiceField(
        label=_("Partner organisation"),
        queryset=None,
        required=False,
        help_text=_("For the contribution report: the organisation it is about."),
    )
    frequency = forms.ChoiceField(
        label=_("Frequency"),
        choices=ReportSchedule.Frequency.choices,
        initial=ReportSchedule.Frequency.MONTHLY,
        widget=forms.RadioSelect,
        help_text=_("The report covers the state after each month or quarter has ended."),
    )
    recipients = RecipientChoiceField(
        label=_("Recipients"),
        queryset=None,
        widget=forms.CheckboxSelectMultiple,
        help_text=_(
            "Members who receive an e-mail with the link. A contribution report prepared for "
            "the backbone office reaches coordinators only."
        ),
    )

    def __init__(self, *args, organisations, members, schedule=None, **kwargs):
        if schedule is not None and "initial" not in kwargs:
            kwargs["initial"] = {
                "kind": schedule.kind,
                "sections": schedule.sections or list(SECTION_KEYS),
                "organisation": schedule.parameters.get("organisation_id"),
                "frequency": schedule.frequency,
                "recipients": [user.pk for user in schedule.recipients.all()],
            }
        super().__init__(*args, **kwargs)
        self.fields["organisation"].queryset = organisations
        self.fields["recipients"].queryset = members

    def clean(self):
        cleaned = super().clean()
        kind = cleaned.get("kind")
        if kind == ReportRun.Kind.PARTNER and not cleaned.get("organisation"):
            self.add_error(
                "organisation", _("Choose the partner organisation for the contribution report.")
            )
        if kind == ReportRun.Kind.PROGRESS and not cleaned.get("sections"):
            self.add_error("sections", _("Choose at least one section."))
        return cleaned

    def parameters(self) -> dict:
        data = self.cleaned_data
        if data["kind"] == ReportRun.Kind.PARTNER:
            return {"organisation_id": data["organisation"].pk}
        return {"sections": list(data["sections"])}
