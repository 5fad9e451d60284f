from django import forms
from django.contrib.auth import get_user_model
from django.template.defaultfilters import floatformat
from django.utils.translation import gettext_lazy as _

from coordination.models import MeetingFormat
from core.forms import KernForm, KernModelForm
from focusgroups.models import (
    DEFAULT_CARD_TAGS,
    BarrierCard,
    FocusGroup,
    Perspective,
    ProblemStatement,
    Prototype,
    RetroItem,
    SolutionConcept,
    Sprint,
    SuccessCriterion,
    Task,
)
from focusgroups.stages import membership_perspective
from initiatives.forms import DateInput

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
    # The step the page showed, so that a second click arriving after the group moved on is
    # refused instead of moving it once more. Optional: a page loaded before the field
    # existed still works, without that protection.
    from_stage = forms.IntegerField(required=False, widget=forms.HiddenInput)
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


# Steps 4 and 5: prototypes, criteria, results, feedback


class PrototypeForm(KernModelForm):
    class Meta:
        model = Prototype
        fields = ["concept", "title", "plan", "test_date", "place"]
        widgets = {"plan": forms.Textarea(attrs={"rows": 4}), "test_date": DateInput()}

    def __init__(self, *args, concepts, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["concept"].queryset = concepts
        self.fields["concept"].label = _("Which concept does it test?")


class _IndicatorChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return f"{obj.objective.title}: {obj.name}"


class SuccessCriterionForm(KernModelForm):
    """What is measured, the target, and optionally the indicator of the common agenda the
    result contributes to (`indicators`: the initiative's; without them the field is left out)."""

    class Meta:
        model = SuccessCriterion
        fields = ["description", "direction", "target_value", "unit", "indicator"]
        field_classes = {"indicator": _IndicatorChoiceField}

    def __init__(self, *args, indicators=None, **kwargs):
        kwargs.setdefault("prefix", "criterion")
        super().__init__(*args, **kwargs)
        self.fields["target_value"].min_value = 0
        self.fields["target_value"].widget.attrs["inputmode"] = "decimal"
        if indicators is None:
            del self.fields["indicator"]
        else:
            field = self.fields["indicator"]
            field.queryset = indicators
            field.label = _("Indicator of the common agenda (optional)")
            field.empty_label = _("None")


class ResultsForm(KernForm):
    """One number and one note per criterion, and what the group learned overall."""

    results_summary = forms.CharField(
        label=_("What we learned"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("After the test: what worked, what did not, what the participants said."),
    )

    def __init__(self, *args, criteria, **kwargs):
        super().__init__(*args, **kwargs)
        self.criteria = list(criteria)
        for c in self.criteria:
            self.fields[f"value_{c.pk}"] = forms.DecimalField(
                label=_("Result"),
                required=False,
                min_value=0,
                max_digits=14,
                decimal_places=2,
                localize=True,
                help_text=_("Target: %(direction)s %(value)s %(unit)s")
                % {
                    "direction": c.get_direction_display(),
                    "value": floatformat(c.target_value, -2),
                    "unit": c.unit,
                },
            )
            self.fields[f"note_{c.pk}"] = forms.CharField(
                label=_("Note on this result"),
                required=False,
                widget=forms.Textarea(attrs={"rows": 2}),
            )
            self.initial.setdefault(f"value_{c.pk}", c.actual_value)
            self.initial.setdefault(f"note_{c.pk}", c.result_note)
        # The KERN classes for the fields added after the mixin ran.
        for name, field in self.fields.items():
            if name.startswith(("value_", "note_")):
                field.widget.attrs.setdefault("class", "kern-form-input__input")
                if name.startswith("value_"):
                    field.widget.attrs["inputmode"] = "decimal"
                    field.widget.is_localized = True

    def rows(self):
        """(criterion, value field, note field) for the template."""
        return [(c, self[f"value_{c.pk}"], self[f"note_{c.pk}"]) for c in self.criteria]

    def results(self) -> dict:
        return {
            c.pk: (self.cleaned_data.get(f"value_{c.pk}"), self.cleaned_data.get(f"note_{c.pk}"))
            for c in self.criteria
        }


class IterationForm(KernForm):
    changes_from_previous = forms.CharField(
        label=_("What changes because of the feedback?"),
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=_(
            "What the participants told you and what you do differently this time, e.g. "
            "“more time per conversation, companies prepared with short profiles”."
        ),
    )
    title = forms.CharField(
        label=_("Title of the second round"),
        max_length=200,
        required=False,
        help_text=_("Leave empty to use the first round's title with “(round 2)”."),
    )
    test_date = forms.DateField(label=_("Date of the test"), required=False, widget=DateInput())
    place = forms.CharField(label=_("Place"), max_length=255, required=False)
    plan = forms.CharField(
        label=_("Plan"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("Leave empty to take over the first round's plan."),
    )


class FeedbackLinkForm(KernForm):
    label = forms.CharField(
        label=_("Label"),
        max_length=120,
        required=False,
        help_text=_("Optional. For whom or where the link is handed out, e.g. “Evening, table 3”."),
    )
    one_per_device = forms.BooleanField(
        label=_("One answer per device"),
        required=False,
        initial=True,
        help_text=_("A phone can answer only once (remembered with a cookie, no personal data)."),
    )

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("prefix", "link")
        super().__init__(*args, **kwargs)


RATING_CHOICES = [
    (5, _("5: very much")),
    (4, _("4: quite")),
    (3, _("3: partly")),
    (2, _("2: hardly")),
    (1, _("1: not at all")),
]


class FeedbackForm(KernForm):
    """The participants' form: three questions, the consent, and two spam traps.

    `website` is a honeypot that people never see (hidden by CSS); `started` carries a signed
    time stamp of when the form was shown, so an answer sent within seconds is refused.
    """

    rating = forms.TypedChoiceField(
        label=_("Did this help you?"),
        choices=RATING_CHOICES,
        coerce=int,
        widget=forms.RadioSelect,
        error_messages={"required": _("Please choose a value from 1 to 5.")},
    )
    went_well = forms.CharField(
        label=_("What was good?"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    to_change = forms.CharField(
        label=_("What should we change?"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    consent = forms.BooleanField(
        label=_("I agree that my answers are stored as described above."),
        error_messages={
            "required": _("Please agree to how your answer is stored, or leave the page.")
        },
    )
    website = forms.CharField(label=_("Leave this field empty"), required=False)
    started = forms.CharField(widget=forms.HiddenInput, required=False)


# --- Step 5: the guide (Leitfaden), the outcome and the links to the common agenda --------

from focusgroups.models import Guide  # noqa: E402


class GuideForm(KernModelForm):
    """The guide's sections as plain text: paragraphs separated by an empty line."""

    class Meta:
        model = Guide
        fields = list(Guide.SECTIONS)
        widgets = {name: forms.Textarea(attrs={"rows": 8}) for name in Guide.SECTIONS}


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
        label=_("Since when"), required=False, widget=DateInput(), help_text=_("The date.")
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


# Step 3: concepts, tasks, sprints, retrospectives and sessions


def _help(model, name):
    return model._meta.get_field(name).help_text


def _person(user) -> str:
    return user.full_name or user.email


class ConceptForm(KernForm):
    """Title, description and the barrier cards it addresses (most dots first)."""

    title = forms.CharField(
        label=_("Title"), max_length=200, help_text=_help(SolutionConcept, "title")
    )
    description = forms.CharField(
        label=_("Description"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=_help(SolutionConcept, "description"),
    )
    barriers = forms.TypedMultipleChoiceField(
        label=_("Which barriers does it address?"),
        coerce=int,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("The barriers with the most dots come first: those the group prioritised."),
    )

    objectives = _ObjectiveField(
        label=_("Which objectives of the common agenda does it serve?"),
        queryset=None,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("The impact objectives of the initiative the concept contributes to."),
    )

    def __init__(self, *args, cards, objectives=None, concept=None, **kwargs):
        bound = (args and args[0] is not None) or kwargs.get("data") is not None
        if concept is not None and not bound:
            kwargs["initial"] = {
                "title": concept.title,
                "description": concept.description,
                "barriers": [c.pk for c in concept.barriers.all()],
                "objectives": [o.pk for o in concept.objectives.all()],
            }
        super().__init__(*args, **kwargs)
        self.cards = {card.pk: card for card in cards}
        self.fields["barriers"].choices = [
            (card.pk, card_choice_label(card)) for card in self.cards.values()
        ]
        if objectives is None:
            del self.fields["objectives"]
        else:
            self.fields["objectives"].queryset = objectives

    def clean_barriers(self):
        return [self.cards[pk] for pk in self.cleaned_data["barriers"]]

    def barrier_rows(self) -> list[tuple]:
        """(card, checked) in the order of the choices, for the template's checkboxes."""
        chosen = {str(v) for v in (self["barriers"].value() or [])}
        return [(card, str(pk) in chosen) for pk, card in self.cards.items()]


def card_choice_label(card) -> str:
    dots = _("%(count)s dots") % {"count": card.dot_count}
    return f"{card.text} ({card.perspective}, {dots})"


class TaskForm(KernForm):
    title = forms.CharField(label=_("Task"), max_length=200, help_text=_help(Task, "title"))
    owner = forms.TypedChoiceField(
        label=_("Who does it"),
        coerce=int,
        required=False,
        empty_value=None,
        help_text=_help(Task, "owner"),
    )
    due_date = forms.DateField(
        label=_("Due by"), required=False, widget=DateInput(), help_text=_help(Task, "due_date")
    )
    status = forms.ChoiceField(label=_("Status"), choices=Task.Status.choices)
    concept = forms.TypedChoiceField(
        label=_("Solution concept"),
        coerce=int,
        required=False,
        empty_value=None,
        help_text=_help(Task, "concept"),
    )
    sprint = forms.TypedChoiceField(
        label=_("Sprint"),
        coerce=int,
        required=False,
        empty_value=None,
        help_text=_help(Task, "sprint"),
    )

    def __init__(self, *args, members, concepts, sprints, task=None, **kwargs):
        # Views pass `request.POST or None` positionally, so a GET arrives as `(None,)`: fill
        # the initial values whenever there is a task; a bound form ignores them anyway.
        if task is not None:
            kwargs["initial"] = {
                "title": task.title,
                "owner": task.owner_id,
                "due_date": task.due_date,
                "status": task.status,
                "concept": task.concept_id,
                "sprint": task.sprint_id,
            }
        super().__init__(*args, **kwargs)
        self.people = {m.user_id: m.user for m in members}
        self.concepts = {c.pk: c for c in concepts}
        self.sprints = {s.pk: s for s in sprints}
        self.fields["owner"].choices = [("", _("Nobody yet"))] + [
            (pk, _person(user)) for pk, user in self.people.items()
        ]
        self.fields["concept"].choices = [("", _("None"))] + [
            (pk, c.title) for pk, c in self.concepts.items()
        ]
        self.fields["sprint"].choices = [("", _("No sprint"))] + [
            (pk, f"{s.goal} ({s.get_status_display()})") for pk, s in self.sprints.items()
        ]

    def clean_owner(self):
        pk = self.cleaned_data["owner"]
        return self.people[pk] if pk is not None else None

    def clean_concept(self):
        pk = self.cleaned_data["concept"]
        return self.concepts[pk] if pk is not None else None

    def clean_sprint(self):
        pk = self.cleaned_data["sprint"]
        return self.sprints[pk] if pk is not None else None


class SprintForm(KernForm):
    goal = forms.CharField(label=_("Goal"), max_length=255, help_text=_help(Sprint, "goal"))
    start_date = forms.DateField(
        label=_("Start"), widget=DateInput(), help_text=_help(Sprint, "start_date")
    )
    end_date = forms.DateField(
        label=_("End"), widget=DateInput(), help_text=_help(Sprint, "end_date")
    )

    def clean(self):
        data = super().clean()
        start, end = data.get("start_date"), data.get("end_date")
        if start and end and end < start:
            self.add_error("end_date", _("The sprint cannot end before it starts."))
        return data


class RetroItemForm(KernForm):
    kind = forms.ChoiceField(
        label=_("Column"), choices=RetroItem.Kind.choices, widget=forms.RadioSelect
    )
    text = forms.CharField(
        label=_("Note"),
        max_length=500,
        widget=forms.Textarea(attrs={"rows": 2, "maxlength": 500}),
        help_text=_("Notes are shown without names."),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, prefix="retro", **kwargs)


class SessionForm(KernForm):
    """A session of the group; saved as a meeting of the initiative."""

    title = forms.CharField(label=_("Title"), max_length=200)
    starts_at = forms.DateTimeField(
        label=_("Starts at"),
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
        input_formats=["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M", "%d.%m.%Y %H:%M"],
    )
    duration_minutes = forms.IntegerField(
        label=_("Duration in minutes"),
        min_value=1,
        max_value=24 * 60,
        widget=forms.NumberInput(attrs={"inputmode": "numeric"}),
    )
    format = forms.ChoiceField(
        label=_("Format"),
        choices=MeetingFormat.choices,
        widget=forms.RadioSelect,
        help_text=_("In person, online or both at once (hybrid)."),
    )
    location = forms.CharField(
        label=_("Place"),
        required=False,
        max_length=255,
        help_text=_("Address or room; needed for sessions in person and hybrid sessions."),
    )
    online_url = forms.CharField(
        label=_("Online link"),
        required=False,
        max_length=500,
        widget=forms.URLInput(),
        help_text=_("Link to the video meeting; needed for online and hybrid sessions."),
    )
    description = forms.CharField(
        label=_("What the session is for"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
