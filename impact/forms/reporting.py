"""Forms of the impact pages. Numbers are read by the services (`impact.services.parse_number`),
so the page, the API and the services accept the same input and give the same messages."""

from decimal import Decimal

from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils import formats
from django.utils.translation import gettext_lazy as _

from core.forms import KernForm, form_add_service_error, form_take_group_errors
from impact.models import Indicator, Submission
from impact.services.evidence import MAX_FILES

NUMBER_ATTRS = {"inputmode": "decimal", "autocomplete": "off"}


class ServiceCheckedField(forms.CharField):
    """Text as typed. It may be marked required on the page, but the services decide what is
    missing and say so in their own words."""

    def validate(self, value):
        pass


class NumberField(ServiceCheckedField):
    pass


def _number_field(label, *, help_text="", required=False) -> forms.CharField:
    return NumberField(
        label=label,
        help_text=help_text,
        required=required,
        max_length=30,
        widget=forms.TextInput(attrs=dict(NUMBER_ATTRS)),
    )


def number_text(number: Decimal | None) -> str:
    """A stored number as a person types it: 12 or 12,5 (German decimal comma)."""
    if number is None:
        return ""
    if number == number.to_integral_value():
        return str(int(number))
    return formats.number_format(number.normalize(), use_l10n=True)


class MultipleFileInput(forms.FileInput):
    allow_multiple_selected = True


class EvidenceField(forms.FileField):
    """Several files at once; the services check size, type and number."""

    widget = MultipleFileInput

    def clean(self, data, initial=None):
        files = data if isinstance(data, list | tuple) else [data] if data else []
        return [super(EvidenceField, self).clean(file, initial) for file in files]


class SubmissionForm(KernForm):
    """The value of one indicator for one period: the total (or how many of how many), one input
    per breakdown category and a comment.

    The fields are built from the indicator. Everything is passed to the services as typed;
    their ValidationError keys (`value`, `numerator`, `denominator`, `breakdown_<category id>`,
    `dimension_<dimension id>`, `breakdown`, `period`, `organisation`) are shown with
    `add_service_error`: at the input, at the dimension's group, or above the form.
    """

    comment = forms.CharField(
        label=_("Comment"),
        required=False,
        help_text=_("What explains the value, e.g. a special event or a data gap."),
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    evidence = EvidenceField(
        label=_("Add evidence"),
        required=False,
        widget=MultipleFileInput(attrs={"accept": ".pdf,.png,.jpg,.jpeg"}),
    )

    def __init__(self, *args, indicator: Indicator, submission: Submission | None = None, **kw):
        self.indicator = indicator
        self.dimension_errors: dict[int, list[str]] = {}
        fields = {}
        if indicator.is_percentage:
            fields["numerator"] = _number_field(
                _("How many"),
                help_text=_("How many people or cases meet the indicator, e.g. 12 placed."),
                required=True,
            )
            fields["denominator"] = _number_field(
                _("Of how many"),
                help_text=_("How many people or cases there were in total, e.g. 40 counselled."),
                required=True,
            )
        else:
            fields["value"] = _number_field(
                _("Value"),
                help_text=indicator.unit and _("In %(unit)s.") % {"unit": indicator.unit},
                required=True,
            )
        self.dimensions = list(indicator.dimensions.all())
        for dimension in self.dimensions:
            for category in dimension.categories.all():
                for name in self._category_field_names(category):
                    fields[name] = _number_field(self._category_label(category, name))
        kw.setdefault("initial", self._initial(submission))
        super().__init__(*args, **kw)
        # The comment and the evidence come last; the required marks come from the services'
        # messages.
        comment = self.fields.pop("comment")
        evidence = self.fields.pop("evidence")
        for name, field in fields.items():
            field.widget.attrs["class"] = "kern-form-input__input"
            self.fields[name] = field
        self.fields["comment"] = comment
        self.fields["evidence"] = evidence
        evidence.help_text = _(
            "Optional: e.g. a list of participants or a photo. PDF, PNG or JPEG, at most "
            "%(size)s MB per file and %(count)s files per value; you can choose several files "
            "at once."
        ) % {"size": settings.IMPACT_EVIDENCE_MAX_BYTES // (1024 * 1024), "count": MAX_FILES}

    def _category_field_names(self, category) -> list[str]:
        if self.indicator.is_percentage:
            return [f"breakdown_{category.pk}_numerator", f"breakdown_{category.pk}_denominator"]
        return [f"breakdown_{category.pk}"]

    def _category_label(self, category, name: str) -> str:
        if name.endswith("_numerator"):
            return _("%(category)s: how many") % {"category": category.label}
        if name.endswith("_denominator"):
            return _("%(category)s: of how many") % {"category": category.label}
        return category.label

    def _initial(self, submission: Submission | None) -> dict:
        if submission is None:
            return {}
        initial = {
            "value": number_text(submission.value),
            "numerator": number_text(submission.numerator),
            "denominator": number_text(submission.denominator),
            "comment": submission.comment,
        }
        for row in submission.breakdowns.all():
            if self.indicator.is_percentage:
                initial[f"breakdown_{row.category_id}_numerator"] = number_text(row.numerator)
                initial[f"breakdown_{row.category_id}_denominator"] = number_text(row.denominator)
            else:
                initial[f"breakdown_{row.category_id}"] = number_text(row.value)
        return initial

    def dimension_groups(self):
        """[(dimension, [bound fields], [errors])] for the breakdown fieldsets."""
        groups = []
        for dimension in self.dimensions:
            bound = [
                self[name]
                for category in dimension.categories.all()
                for name in self._category_field_names(category)
            ]
            groups.append((dimension, bound, self.dimension_errors.get(dimension.pk, [])))
        return groups

    def entry(self) -> dict:
        """The keyword arguments of `submission_create` / `submission_update`, as typed."""
        data = self.cleaned_data
        breakdown = {}
        for dimension in self.dimensions:
            for category in dimension.categories.all():
                if self.indicator.is_percentage:
                    breakdown[category.pk] = (
                        data.get(f"breakdown_{category.pk}_numerator", ""),
                        data.get(f"breakdown_{category.pk}_denominator", ""),
                    )
                else:
                    breakdown[category.pk] = data.get(f"breakdown_{category.pk}", "")
        if self.indicator.is_percentage:
            total = {"numerator": data.get("numerator"), "denominator": data.get("denominator")}
        else:
            total = {"value": data.get("value")}
        return {**total, "breakdown": breakdown, "comment": data.get("comment", "")}

    def evidence_files(self) -> list:
        return list(self.cleaned_data.get("evidence") or [])

    def add_service_error(self, error) -> None:
        """Show a service's ValidationError (or ApplicationError) where it belongs: a
        dimension's error at the dimension's group of inputs, a percentage's breakdown error at
        its numerator, everything else as every form shows it (`form_add_service_error`)."""
        error = form_take_group_errors(
            self, error, prefix="dimension_", groups=self.dimension_errors
        )
        if error is None:
            return
        if self.indicator.is_percentage and hasattr(error, "error_dict"):
            error = ValidationError(
                {
                    f"{key}_numerator" if key.startswith("breakdown_") else key: errors
                    for key, errors in error.error_dict.items()
                }
            )
        form_add_service_error(self, error)


class ReturnForm(KernForm):
    reason = ServiceCheckedField(
        label=_("Reason for returning"),
        help_text=_(
            "What should the partner check or correct? The partner sees this text above the form."
        ),
        widget=forms.Textarea(attrs={"rows": 3}),
    )
