"""Forms of bulk entry: uploading a filled template and applying the checked rows."""

from django import forms
from django.utils.translation import gettext_lazy as _

from core.forms import KernForm


class ImportUploadForm(KernForm):
    file = forms.FileField(
        label=_("Filled template"),
        help_text=_(
            "CSV (separated by semicolons or commas, UTF-8) or Excel (XLSX), at most 2 MB and "
            "300 rows. The values are checked first and shown to you; nothing is saved yet."
        ),
        error_messages={
            "required": _("Please choose the file to upload."),
            "empty": _("The file is empty."),
        },
        widget=forms.FileInput(attrs={"accept": ".csv,.xlsx,text/csv"}),
    )


class ImportApplyForm(KernForm):
    submit = forms.BooleanField(
        label=_("Submit the values for review right away"),
        required=False,
    )


class TemplateForm(KernForm):
    """Which template to download: the open values of one period or all, as CSV or XLSX."""

    period = forms.ChoiceField(label=_("Period"), required=False)
    format = forms.ChoiceField(
        label=_("File format"),
        choices=[("xlsx", _("Excel (XLSX)")), ("csv", _("CSV"))],
        initial="xlsx",
    )

    def __init__(self, *args, periods=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["period"].choices = [("", _("All open periods"))] + [
            (period.pk, period.label) for period in periods
        ]
