"""The coordination forms: a service's errors at the field, at a dimension of the breakdown,
or above the form."""

from django.core.exceptions import ValidationError

from coordination import forms, selectors
from core.errors import ApplicationError


def _log_form(world, **data):
    form = forms.OutputLogForm(
        data={"date": "2025-04-02", "people_reached": "5", **data},
        dimensions=selectors.dimension_list(initiative=world.initiative),
    )
    assert form.is_valid(), form.errors
    return form


def test_dimension_error_goes_to_its_group_and_keeps_the_form_invalid(world, acts):
    form = _log_form(world)
    message = "Geschlecht: the categories add up to 6 people, more than the 5 people reached."
    form.add_service_error(ValidationError({f"dimension_{acts.gender.pk}": message}))

    assert form.dimension_errors == {acts.gender.pk: [message]}
    assert not form.is_valid()
    assert form.non_field_errors() == []
    assert [errors for _dimension, _fields, errors in form.dimension_groups()] == [[message]]


def test_field_errors_beside_a_dimension_error_are_marked_at_their_input(world, acts):
    form = _log_form(world)
    key = f"breakdown_{acts.category['weiblich'].pk}"
    form.add_service_error(
        ValidationError(
            {
                key: "The number of people cannot be negative.",
                f"dimension_{acts.gender.pk}": "Geschlecht: too many.",
                "breakdown": "This breakdown category does not belong to the initiative.",
            }
        )
    )

    assert form.errors[key] == ["The number of people cannot be negative."]
    attrs = form.fields[key].widget.attrs
    assert attrs["aria-invalid"] == "true"
    assert attrs["aria-describedby"] == f"id_{key}-error"
    assert attrs["class"] == "kern-form-input__input kern-form-input__input--error"
    assert form.dimension_errors == {acts.gender.pk: ["Geschlecht: too many."]}
    assert form.non_field_errors() == ["This breakdown category does not belong to the initiative."]


def test_application_error_goes_above_the_log_form(world, acts):
    form = _log_form(world)
    form.add_service_error(ApplicationError("The activity has ended."))

    assert form.non_field_errors() == ["The activity has ended."]
    assert form.dimension_errors == {}
