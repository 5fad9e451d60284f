"""The form to ask for a report: which report, which period, which sections."""

from django import forms
from django.utils.translation import gettext_lazy as _

from core.forms import KernForm
from reports.models import ReportRun
from reports.selectors import PROGRESS_SECTIONS, SECTION_KEYS


class PeriodChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return f"{obj.label} ({obj.get_frequency_display()})"


class ReportRequestForm(KernForm):
    kind = forms.ChoiceField(
        label=_("Report"),
        choices=ReportRun.Kind.choices,
        initial=ReportRun.Kind.PROGRESS,
        widget=forms.RadioSelect,
    )
    period = PeriodChoiceField(
        label=_("Reporting period"),
        queryset=None,
        required=False,
        help_text=_("For the indicator report: the period whose values it lists."),
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

    def __init__(self, *args, periods, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["period"].queryset = periods

    def clean(self):
        cleaned = super().clean()
        kind = cleaned.get("kind")
        if kind == ReportRun.Kind.PERIOD and not cleaned.get("period"):
            self.add_error("period", _("Choose the reporting period for the indicator report."))
        if kind == ReportRun.Kind.PROGRESS and not cleaned.get("sections"):
            self.add_error("sections", _("Choose at least one section."))
        return cleaned

    def parameters(self) -> dict:
        data = self.cleaned_data
        if data["kind"] == ReportRun.Kind.PERIOD:
            return {"period_id": data["period"].pk}
        return {"sections": list(data["sections"])}
