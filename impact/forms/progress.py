"""Forms of the progress pages: the dashboard filter and reflection notes."""

from django import forms
from django.utils.translation import gettext_lazy as _

from core.forms import KernForm
from impact.forms.reporting import ServiceCheckedField


class DashboardFilterForm(KernForm):
    """Narrow the dashboard to one goal, one partner organisation and a point in time.

    Choices come from the view (the initiative's goals, organisations and quarters); a value
    that is not among them is ignored rather than refused, so an old link still shows a page.
    """

    ziel = forms.ChoiceField(label=_("Goal"), required=False)
    partner = forms.ChoiceField(label=_("Partner organisation"), required=False)
    stand = forms.ChoiceField(label=_("As of"), required=False)

    def __init__(self, data=None, *, goals, organisations, quarters):
        super().__init__(data)
        self.fields["ziel"].choices = [("", _("All goals"))] + [
            (str(goal.pk), goal.title) for goal in goals
        ]
        self.fields["partner"].choices = [("", _("All partners"))] + [
            (str(org.pk), org.name) for org in organisations
        ]
        self.fields["stand"].choices = [("", _("Latest values"))] + [
            (span.end.isoformat(), label) for span, label in quarters
        ]

    def value(self, name: str) -> str:
        """The chosen value, or "" when nothing (or something unknown) was chosen."""
        raw = self.data.get(name, "") if self.is_bound else ""
        known = {str(value) for value, _label in self.fields[name].choices}
        return raw if raw in known else ""


class ReflectionNoteForm(KernForm):
    period = forms.IntegerField(widget=forms.HiddenInput)
    learning = ServiceCheckedField(
        label=_("What do we learn?"),
        help_text=_("What do the values of this period tell the partners?"),
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    change = ServiceCheckedField(
        label=_("What do we change?"),
        required=False,
        help_text=_("What will the partners do differently because of it?"),
        widget=forms.Textarea(attrs={"rows": 2}),
    )
