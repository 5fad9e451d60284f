"""Form helpers: KERN UX classes and the ARIA wiring every field needs."""

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _


class KernFormMixin:
    """Give widgets the KERN classes and point them at their hint and error texts.

    Invalid fields get `aria-invalid` and `aria-describedby` naming the error, so screen readers
    announce the message when the field receives focus.
    """

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for _name, field in self.fields.items():
            widget = field.widget
            css = widget.attrs.get("class", "")
            if isinstance(widget, forms.CheckboxInput | forms.CheckboxSelectMultiple):
                css += " kern-form-check__checkbox"
            elif isinstance(widget, forms.RadioSelect):
                css += " kern-form-check__radio"
            elif isinstance(widget, forms.Select):
                css += " kern-form-input__select"
            else:
                css += " kern-form-input__input"
            widget.attrs["class"] = css.strip()
            # Required selects start with a readable prompt instead of Django's dashes.
            if isinstance(field, forms.ModelChoiceField):
                if field.empty_label == "---------":
                    field.empty_label = _("Please choose")
                continue
            choices = getattr(field, "choices", None)
            if choices is not None and not isinstance(widget, forms.RadioSelect):
                choices = list(choices)
                if choices and choices[0][0] in ("", None) and str(choices[0][1]) == "---------":
                    field.choices = [("", _("Please choose")), *choices[1:]]
            if isinstance(field, forms.DecimalField | forms.FloatField):
                field.localize = True
                widget.is_localized = True

    def full_clean(self):
        super().full_clean()
        for name in self.errors:
            if name in self.fields:
                _mark_invalid(self.fields[name].widget)

    def field_describedby(self, name: str) -> str:
        ids = []
        bound = self[name]
        if self.fields[name].help_text:
            ids.append(f"{bound.auto_id}-hint")
        if bound.errors:
            ids.append(f"{bound.auto_id}-error")
        return " ".join(ids)


class KernForm(KernFormMixin, forms.Form):
    pass


class KernModelForm(KernFormMixin, forms.ModelForm):
    """A model form that only builds the instance from valid input.

    Domain rules and database constraints are the services' job: they answer with a message on
    the field concerned, where Django's own constraint validation would show the constraint's
    technical name as a general error.
    """

    def _post_clean(self):
        opts = self._meta
        try:
            self.instance = forms.models.construct_instance(
                self, self.instance, opts.fields, opts.exclude
            )
        except forms.ValidationError as error:
            self._update_errors(error)


def _mark_invalid(widget) -> None:
    """`aria-invalid` for screen readers and the KERN error class (the widget's first class
    with `--error`) for the red border; marking a widget twice changes nothing."""
    widget.attrs["aria-invalid"] = "true"
    css = widget.attrs.get("class", "").split()
    if css and not css[0].endswith("--error") and f"{css[0]}--error" not in css:
        widget.attrs["class"] = " ".join([*css, f"{css[0]}--error"])


def form_take_group_errors(form, error, *, prefix: str, groups: dict[int, list[str]]):
    """Take a service's errors keyed `<prefix><id>` (a group of inputs, such as the categories
    of one dimension) into `groups` by id, shown at that group; the form counts as invalid, so
    the page answers 422. Returns the rest of the error for `form_add_service_error`, or None
    when nothing is left."""
    if not isinstance(error, ValidationError) or not hasattr(error, "error_dict"):
        return error
    rest = {}
    for key, errors in error.error_dict.items():
        if key.startswith(prefix):
            messages = [message for e in errors for message in e.messages]
            groups[int(key.removeprefix(prefix))] = messages
            form._errors.setdefault("__groups__", form.error_class()).extend(messages)
        else:
            rest[key] = errors
    return ValidationError(rest) if rest else None


def form_add_service_error(form, error) -> None:
    """Show a service's ValidationError or ApplicationError on the form that caused it.

    Errors keyed by one of the form's fields go to that field, whose input is then marked
    invalid and, where it is a single input, described by its error (also where a template
    draws it without the `field` tag; a group of options has its fieldset for that). Any other
    key, an error without keys and an ApplicationError go above the form.
    """
    if not isinstance(error, ValidationError) or not hasattr(error, "error_dict"):
        form.add_error(None, getattr(error, "message", None) or error)
        return
    for field, errors in error.error_dict.items():
        if field not in form.fields:
            form.add_error(None, errors)
            continue
        form.add_error(field, errors)
        widget = form.fields[field].widget
        _mark_invalid(widget)
        if not isinstance(widget, forms.RadioSelect | forms.CheckboxSelectMultiple):
            widget.attrs["aria-describedby"] = f"{form[field].auto_id}-error"
