from django import forms
from django.contrib.auth import get_user_model
from django.utils.translation import gettext_lazy as _

from core.forms import KernForm, KernModelForm
from focusgroups.models import (
    DEFAULT_CARD_TAGS,
    BarrierCard,
    FocusGroup,
    Perspective,
    ProblemStatement,
)
from focusgroups.stages import membership_perspective

User = get_user_model()


def _member_label(membership) -> str:
    name = membership.user.full_name or membership.user.email
    perspective = Perspective(membership_perspective(membership)).label
    if membership.organisation_id:
        return f"{name} ({membership.organisation.name}, {perspective})"
    return f"{name} ({perspective})"


class TagsField(forms.CharField):
    """The board's perspectives, one per line or separated by commas."""

    widget = forms.Textarea(attrs={"rows": 3})

    def prepare_value(self, value):
        if isinstance(value, list):
            return "\n".join(value)
        return value

    def to_python(self, value):
        text = super().to_python(value) or ""
        return [t.strip() for t in text.replace(",", "\n").splitlines() if t.strip()]


class FocusGroupForm(KernModelForm):
    card_tags = TagsField(
        label=_("Perspectives on the board"),
        required=False,
        help_text=_(
            "One per line, e.g. skilled workers, employers, administration. Barrier cards are "
            "tagged with one of them."
        ),
    )

    class Meta:
        model = FocusGroup
        fields = [
            "name",
            "target_group",
            "desired_change",
            "open_to_join",
            "hide_authorship",
            "dots_per_person",
            "card_tags",
        ]
        widgets = {"desired_change": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if not self.initial.get("card_tags"):
            self.initial["card_tags"] = DEFAULT_CARD_TAGS
        self.fields["dots_per_person"].min_value = 1
        self.fields["dots_per_person"].max_value = 20
        self.fields["dots_per_person"].widget.attrs.update({"min": 1, "max": 20})


class FocusGroupFoundForm(FocusGroupForm):
    members = forms.MultipleChoiceField(
        label=_("Members"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_(
            "You are a member yourself. Choose people from several sectors and at least one "
            "person from the target group."
        ),
    )

    class Meta(FocusGroupForm.Meta):
        fields = [*FocusGroupForm.Meta.fields]

    def __init__(self, *args, candidates, **kwargs):
        super().__init__(*args, **kwargs)
        self.candidates = list(candidates)
        self.fields["members"].choices = [
            (str(m.user_id), _member_label(m)) for m in self.candidates
        ]

    def clean_members(self):
        ids = {int(pk) for pk in self.cleaned_data["members"]}
        return [m.user for m in self.candidates if m.user_id in ids]

    def selected_ids(self) -> list[int]:
        raw = self.data.getlist("members") if self.is_bound else []
        return [int(v) for v in raw if str(v).isdigit()]


class DissolveForm(KernForm):
    reason = forms.CharField(
        label=_("Why the group dissolves"),
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("E.g. the problem is solved, or others now carry it on."),
    )
    handover_note = forms.CharField(
        label=_("Hand-over note"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("What others need to know to carry the results on: who, what, where."),
    )


class MemberAddForm(KernForm):
    user = forms.TypedChoiceField(label=_("Person"), coerce=int)

    def __init__(self, *args, candidates, **kwargs):
        super().__init__(*args, **kwargs)
        self.candidates = {m.user_id: m for m in candidates}
        self.fields["user"].choices = [("", _("Please choose"))] + [
            (m.user_id, _member_label(m)) for m in self.candidates.values()
        ]

    def clean_user(self):
        return self.candidates[self.cleaned_data["user"]].user


class ProblemStatementForm(KernModelForm):
    class Meta:
        model = ProblemStatement
        fields = ["affected", "hindrance", "change"]
        widgets = {
            "affected": forms.Textarea(attrs={"rows": 3}),
            "hindrance": forms.Textarea(attrs={"rows": 4}),
            "change": forms.Textarea(attrs={"rows": 3}),
        }


class StageAdvanceForm(KernForm):
    note = forms.CharField(
        label=_("Note"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Required when something is still missing: why the group moves on anyway."),
    )


class BarrierCardForm(KernModelForm):
    class Meta:
        model = BarrierCard
        fields = ["text", "perspective"]
        widgets = {"text": forms.Textarea(attrs={"rows": 3, "maxlength": 500})}

    def __init__(self, *args, group, **kwargs):
        super().__init__(*args, prefix="card", **kwargs)
        self.fields["perspective"] = forms.ChoiceField(
            label=_("Seen from the perspective of"),
            choices=[("", _("Please choose"))] + [(t, t) for t in group.tags],
            widget=forms.Select(attrs={"class": "kern-form-input__select"}),
        )


class ClusterForm(KernForm):
    name = forms.CharField(label=_("Name of the cluster"), max_length=120)

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("prefix", "cluster")
        super().__init__(*args, **kwargs)


# --- Step 5: the guide (Leitfaden), the outcome and the links to the common agenda --------

from focusgroups.models import Guide  # noqa: E402


class GuideForm(KernModelForm):
    """The guide's sections as plain text: paragraphs separated by an empty line."""

    class Meta:
        model = Guide
        fields = list(Guide.SECTIONS)
        widgets = {name: forms.Textarea(attrs={"rows": 8}) for name in Guide.SECTIONS}


class _DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, attrs=None):
        super().__init__(attrs=attrs, format="%Y-%m-%d")


class OutcomeForm(KernForm):
    outcome = forms.ChoiceField(
        label=_("What became of the practice"),
        choices=[("", _("Not yet decided")), *FocusGroup.Outcome.choices],
        required=False,
        widget=forms.RadioSelect,
        help_text=_(
            "Made permanent: an organisation offers it as a regular service. Scaled: others "
            "took it over for further places or groups."
        ),
    )
    where = forms.CharField(
        label=_("Where and by whom"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("E.g. “a regular service of the job centre Mitte since March”."),
    )
    date = forms.DateField(
        label=_("Since when"), required=False, widget=_DateInput(), help_text=_("The date.")
    )


class _ObjectiveField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj):
        return f"{obj.goal.title}: {obj.title}"


class _IndicatorField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj):
        return f"{obj.objective.title}: {obj.name}"


class LinksForm(KernForm):
    objectives = _ObjectiveField(
        label=_("Impact objectives"),
        queryset=None,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("The objectives of the common agenda the group's problem relates to."),
    )
    indicators = _IndicatorField(
        label=_("Indicators (optional)"),
        queryset=None,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Indicators of the ticked objectives that the group's work should move."),
    )

    def __init__(self, *args, objectives, indicators, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["objectives"].queryset = objectives
        self.fields["indicators"].queryset = indicators
