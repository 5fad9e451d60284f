"""The KERN form helpers: a service's error shown on the form that caused it."""

from django import forms
from django.core.exceptions import ValidationError

from core.errors import ApplicationError
from core.forms import KernForm, form_add_service_error, form_take_group_errors


class PlanForm(KernForm):
    title = forms.CharField(help_text="A short name.")
    kind = forms.ChoiceField(choices=[("a", "A"), ("b", "B")], widget=forms.RadioSelect)


def _valid_form() -> PlanForm:
    form = PlanForm(data={"title": "Plan", "kind": "a"})
    assert form.is_valid()
    return form


def test_service_error_lands_on_its_field_marked_invalid():
    form = _valid_form()
    form_add_service_error(form, ValidationError({"title": "This title is taken."}))

    assert form.errors == {"title": ["This title is taken."]}
    attrs = form.fields["title"].widget.attrs
    assert attrs["aria-invalid"] == "true"
    assert attrs["class"] == "kern-form-input__input kern-form-input__input--error"
    assert attrs["aria-describedby"] == "id_title-error"
    assert "title" not in form.cleaned_data


def test_service_error_marks_a_field_only_once():
    form = PlanForm(data={"title": "", "kind": "a"})
    assert not form.is_valid()
    form_add_service_error(form, ValidationError({"title": "Give the plan a title."}))

    assert form.fields["title"].widget.attrs["class"].split() == [
        "kern-form-input__input",
        "kern-form-input__input--error",
    ]


def test_service_error_on_a_group_of_options_leaves_the_description_to_its_fieldset():
    form = _valid_form()
    form_add_service_error(form, ValidationError({"kind": "Not for this plan."}))

    attrs = form.fields["kind"].widget.attrs
    assert attrs["aria-invalid"] == "true"
    assert "kern-form-check__radio--error" in attrs["class"].split()
    assert "aria-describedby" not in attrs


def test_service_error_for_an_unknown_key_goes_above_the_form():
    form = _valid_form()
    form_add_service_error(
        form, ValidationError({"title": "Too long.", "period": "The period is locked."})
    )

    assert form.errors["title"] == ["Too long."]
    assert form.non_field_errors() == ["The period is locked."]
    assert "aria-invalid" not in form.fields["kind"].widget.attrs


def test_application_error_and_plain_validation_error_go_above_the_form():
    form = _valid_form()
    form_add_service_error(form, ApplicationError("Only the backbone office may do this."))
    form_add_service_error(form, ValidationError("The plan is closed."))

    assert form.non_field_errors() == [
        "Only the backbone office may do this.",
        "The plan is closed.",
    ]
    assert not any("aria-invalid" in field.widget.attrs for field in form.fields.values())


def test_group_errors_go_to_their_group_and_the_rest_is_returned():
    form = _valid_form()
    groups: dict[int, list[str]] = {}
    error = ValidationError({"dimension_7": "Zu viele.", "title": "Fehlt.", "other": "Nein."})

    rest = form_take_group_errors(form, error, prefix="dimension_", groups=groups)

    assert groups == {7: ["Zu viele."]}
    assert not form.is_valid()  # the page answers 422
    assert sorted(rest.error_dict) == ["other", "title"]


def test_only_group_errors_leave_nothing_and_other_errors_pass_through():
    form = _valid_form()
    groups: dict[int, list[str]] = {}
    only = ValidationError({"dimension_3": "Zu viele."})
    assert form_take_group_errors(form, only, prefix="dimension_", groups=groups) is None
    assert groups == {3: ["Zu viele."]}

    refused = ApplicationError("Gesperrt.")
    assert form_take_group_errors(form, refused, prefix="dimension_", groups={}) is refused
