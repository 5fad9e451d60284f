"""Forms of the activity pages. Numbers are read by the services, so the page, the API and the
services accept the same input and give the same messages."""

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from coordination.models import (
    CONTRIBUTION_HELP,
    PULSE_STATEMENTS,
    ActionItem,
    Activity,
    AgendaItem,
    ContributionKind,
    Decision,
    EarlyWarning,
    EarlyWarningNote,
    Meeting,
    MeetingFormat,
    OutputLog,
    PulseAnswer,
    PulseQuestion,
    PulseRound,
)
from core.forms import KernForm, form_add_service_error, form_take_group_errors

NUMBER_ATTRS = {"inputmode": "numeric", "autocomplete": "off", "pattern": "[0-9]*"}


class ServiceCheckedField(forms.CharField):
    """Text as typed; the services decide what is missing or wrong and say so."""

    def validate(self, value):
        pass


class ServiceCheckedDateField(forms.DateField):
    """A date; a missing one is left to the services' message, so that every problem of the
    form shows at once."""

    def validate(self, value):
        pass


class ServiceCheckedChoiceField(forms.ChoiceField):
    """A choice; a missing one is left to the services' message (see above)."""

    def validate(self, value):
        if value:
            super().validate(value)


def _number_field(label, *, help_text="", required=False) -> forms.CharField:
    return ServiceCheckedField(
        label=label,
        help_text=help_text,
        required=required,
        max_length=12,
        widget=forms.TextInput(attrs=dict(NUMBER_ATTRS)),
    )


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, attrs=None):
        super().__init__(attrs=attrs, format="%Y-%m-%d")


class ActivityForm(KernForm):
    """Title, kind of contribution, objectives (grouped by goal on the page), target group,
    place and dates. Passed to `activity_create` / `activity_update` as entered."""

    title = ServiceCheckedField(
        label=_("Title"),
        max_length=200,
        help_text=Activity._meta.get_field("title").help_text,
    )
    description = forms.CharField(
        label=_("Description"),
        required=False,
        help_text=Activity._meta.get_field("description").help_text,
        widget=forms.Textarea(attrs={"rows": 4}),
    )
    contribution_kind = ServiceCheckedChoiceField(
        label=_("Kind of contribution"),
        choices=ContributionKind.choices,
        widget=forms.RadioSelect,
        help_text=Activity._meta.get_field("contribution_kind").help_text,
    )
    objectives = forms.MultipleChoiceField(
        label=_("Impact objectives"),
        widget=forms.CheckboxSelectMultiple,
        required=False,
        help_text=Activity._meta.get_field("objectives").help_text,
    )
    target_group = forms.CharField(
        label=_("Target group"),
        required=False,
        max_length=255,
        help_text=Activity._meta.get_field("target_group").help_text,
    )
    place = forms.CharField(
        label=_("Place"),
        required=False,
        max_length=255,
        help_text=Activity._meta.get_field("place").help_text,
    )
    start_date = ServiceCheckedDateField(
        label=_("Start"),
        widget=DateInput(),
        help_text=Activity._meta.get_field("start_date").help_text,
    )
    end_date = forms.DateField(
        label=_("End"),
        required=False,
        widget=DateInput(),
        help_text=Activity._meta.get_field("end_date").help_text,
    )

    def __init__(self, *args, objectives, activity: Activity | None = None, **kwargs):
        self.objective_list = objectives
        if activity is not None:
            kwargs.setdefault(
                "initial",
                {
                    "title": activity.title,
                    "description": activity.description,
                    "contribution_kind": activity.contribution_kind,
                    "objectives": [str(o.pk) for o in activity.objectives.all()],
                    "target_group": activity.target_group,
                    "place": activity.place,
                    "start_date": activity.start_date,
                    "end_date": activity.end_date,
                },
            )
        super().__init__(*args, **kwargs)
        self.fields["title"].required = True
        self.fields["objectives"].choices = [(str(o.pk), o.title) for o in objectives]

    def contribution_choices(self):
        """[(value, label, explanation, checked)] for the radio group."""
        current = str(self["contribution_kind"].value() or "")
        return [
            (value, label, CONTRIBUTION_HELP[ContributionKind(value)], value == current)
            for value, label in ContributionKind.choices
        ]

    def objective_groups(self):
        """[(goal, [(objective, checked)])] for the check boxes, grouped by goal."""
        chosen = {str(v) for v in (self["objectives"].value() or [])}
        groups = []
        for objective in self.objective_list:
            if not groups or groups[-1][0].pk != objective.goal_id:
                groups.append((objective.goal, []))
            groups[-1][1].append((objective, str(objective.pk) in chosen))
        return groups

    def fields_for_service(self) -> dict:
        data = dict(self.cleaned_data)
        data["objectives"] = [int(pk) for pk in data.get("objectives") or []]
        return data


class OutputLogForm(KernForm):
    """Date (today unless changed), people reached, an optional breakdown by each of the
    initiative's dimensions and a note. Passed to the services as typed."""

    date = forms.DateField(
        label=_("Date"),
        widget=DateInput(),
        help_text=OutputLog._meta.get_field("date").help_text,
        error_messages={"required": _("Please enter the day the output happened.")},
    )
    people_reached = _number_field(
        _("People reached"),
        help_text=OutputLog._meta.get_field("people_reached").help_text,
        required=True,
    )
    note = forms.CharField(
        label=_("Note"),
        required=False,
        help_text=OutputLog._meta.get_field("note").help_text,
        widget=forms.Textarea(attrs={"rows": 2}),
    )

    def __init__(self, *args, dimensions, log: OutputLog | None = None, **kwargs):
        self.dimensions = dimensions
        self.dimension_errors: dict[int, list[str]] = {}
        # The stored "not specified" values: the remainder the service computed for the old
        # total. Sent back unchanged they are that remainder still, computed anew (`entry`).
        self.stored_remainders: dict[int, str] = {}
        initial = {"date": timezone.localdate()}
        if log is not None:
            initial = {
                "date": log.date,
                "people_reached": str(log.people_reached),
                "note": log.note,
            }
            for row in log.breakdowns.all():
                initial[f"breakdown_{row.category_id}"] = str(row.value)
                if row.category.is_unspecified:
                    self.stored_remainders[row.category_id] = str(row.value)
        kwargs.setdefault("initial", initial)
        super().__init__(*args, **kwargs)
        note = self.fields.pop("note")
        for dimension in dimensions:
            for category in dimension.categories.all():
                field = _number_field(category.label)
                field.widget.attrs["class"] = "kern-form-input__input"
                self.fields[f"breakdown_{category.pk}"] = field
        self.fields["note"] = note

    def dimension_groups(self):
        """[(dimension, [bound fields], [errors])] for the breakdown fieldsets."""
        return [
            (
                dimension,
                [self[f"breakdown_{category.pk}"] for category in dimension.categories.all()],
                self.dimension_errors.get(dimension.pk, []),
            )
            for dimension in self.dimensions
        ]

    @property
    def has_breakdown_input(self) -> bool:
        return any(
            (self[f"breakdown_{c.pk}"].value() or "").strip()
            for d in self.dimensions
            for c in d.categories.all()
        ) or bool(self.dimension_errors)

    def entry(self) -> dict:
        data = self.cleaned_data
        breakdown = {
            category.pk: data.get(f"breakdown_{category.pk}", "")
            for dimension in self.dimensions
            for category in dimension.categories.all()
        }
        for category_pk, stored in self.stored_remainders.items():
            # Untouched, the old remainder would refuse a lower total as if someone had typed
            # it; as 0 its dimension stays broken down and takes the new remainder.
            if (breakdown.get(category_pk) or "").strip() == stored:
                breakdown[category_pk] = "0"
        return {
            "date": data.get("date"),
            "people_reached": data.get("people_reached"),
            "note": data.get("note", ""),
            "breakdown": breakdown,
        }

    def add_service_error(self, error) -> None:
        """Show a service's ValidationError (or ApplicationError) where it belongs: a
        dimension's error at the dimension's group of inputs, everything else as every form
        shows it (`form_add_service_error`)."""
        error = form_take_group_errors(
            self, error, prefix="dimension_", groups=self.dimension_errors
        )
        if error is not None:
            form_add_service_error(self, error)


# --- Meetings, decisions and action items ---------------------------------------------------


class DateTimeInput(forms.DateTimeInput):
    input_type = "datetime-local"

    def __init__(self, attrs=None):
        super().__init__(attrs=attrs, format="%Y-%m-%dT%H:%M")


class ServiceCheckedDateTimeField(forms.DateTimeField):
    """A date and time; a missing one is left to the services' message."""

    def validate(self, value):
        pass


class ServiceCheckedIntegerField(forms.IntegerField):
    """A whole number; a missing one is left to the services' message."""

    def validate(self, value):
        pass


def _help(model, name):
    return model._meta.get_field(name).help_text


def _member_choices(members) -> list[tuple[str, str]]:
    return [
        (
            str(m.user_id),
            f"{m.user.full_name or m.user.email}"
            + (f" ({m.organisation.name})" if m.organisation_id else ""),
        )
        for m in members
    ]


class MeetingForm(KernForm):
    """Title, start, duration, format with place and/or link, description; passed to
    `meeting_create` / `meeting_update` as entered."""

    title = ServiceCheckedField(label=_("Title"), max_length=200, help_text=_help(Meeting, "title"))
    starts_at = ServiceCheckedDateTimeField(
        label=_("Starts at"),
        widget=DateTimeInput(),
        input_formats=["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M", "%d.%m.%Y %H:%M"],
        help_text=_help(Meeting, "starts_at"),
    )
    duration_minutes = ServiceCheckedIntegerField(
        label=_("Duration in minutes"),
        min_value=1,
        help_text=_help(Meeting, "duration_minutes"),
        widget=forms.NumberInput(attrs={"inputmode": "numeric"}),
    )
    format = ServiceCheckedChoiceField(
        label=_("Format"),
        choices=MeetingFormat.choices,
        widget=forms.RadioSelect,
        help_text=_help(Meeting, "format"),
    )
    location = forms.CharField(
        label=_("Place"), required=False, max_length=255, help_text=_help(Meeting, "location")
    )
    online_url = forms.CharField(
        label=_("Online link"),
        required=False,
        max_length=500,
        help_text=_help(Meeting, "online_url"),
        widget=forms.URLInput(),
    )
    description = forms.CharField(
        label=_("Description"),
        required=False,
        help_text=_help(Meeting, "description"),
        widget=forms.Textarea(attrs={"rows": 4}),
    )

    def __init__(self, *args, meeting: Meeting | None = None, **kwargs):
        # Views pass `request.POST or None` positionally, so a GET arrives as `(None,)`: fill
        # the initial values whenever there is a meeting; a bound form ignores them anyway.
        if meeting is not None:
            kwargs.setdefault(
                "initial",
                {
                    "title": meeting.title,
                    "starts_at": timezone.localtime(meeting.starts_at),
                    "duration_minutes": meeting.duration_minutes,
                    "format": meeting.format,
                    "location": meeting.location,
                    "online_url": meeting.online_url,
                    "description": meeting.description,
                },
            )
        kwargs.setdefault("initial", {"duration_minutes": 90, "format": MeetingFormat.IN_PERSON})
        super().__init__(*args, **kwargs)

    def fields_for_service(self) -> dict:
        return dict(self.cleaned_data)


class AgendaItemForm(KernForm):
    title = ServiceCheckedField(
        label=_("Topic"), max_length=200, help_text=_help(AgendaItem, "title")
    )
    owner = forms.ChoiceField(
        label=_("Led by"), required=False, help_text=_help(AgendaItem, "owner")
    )
    time_box_minutes = forms.IntegerField(
        label=_("Time box in minutes"),
        required=False,
        min_value=1,
        max_value=24 * 60,
        help_text=_help(AgendaItem, "time_box_minutes"),
        widget=forms.NumberInput(attrs={"inputmode": "numeric"}),
    )

    def __init__(self, *args, members, **kwargs):
        kwargs.setdefault("prefix", "agenda")
        super().__init__(*args, **kwargs)
        self.fields["owner"].choices = [("", _("Nobody in particular")), *_member_choices(members)]

    def fields_for_service(self) -> dict:
        data = dict(self.cleaned_data)
        data["owner"] = data.get("owner") or None
        return data


class NotesForm(KernForm):
    notes = forms.CharField(
        label=_("Notes"),
        required=False,
        help_text=_help(AgendaItem, "notes"),
        widget=forms.Textarea(attrs={"rows": 4}),
    )


class DecisionForm(KernForm):
    text = ServiceCheckedField(
        label=_("Decision"),
        help_text=_help(Decision, "text"),
        widget=forms.Textarea(attrs={"rows": 2}),
    )


class ActionItemForm(KernForm):
    """What, who (a person or an organisation), by when, and optionally the decision it
    implements; passed to `action_item_create`."""

    title = ServiceCheckedField(
        label=_("What is to be done"), max_length=200, help_text=_help(ActionItem, "title")
    )
    assignee = forms.ChoiceField(
        label=_("Person responsible"), required=False, help_text=_help(ActionItem, "assignee")
    )
    organisation = forms.ChoiceField(
        label=_("Organisation responsible"),
        required=False,
        help_text=_help(ActionItem, "organisation"),
    )
    due_date = ServiceCheckedDateField(
        label=_("Due by"), widget=DateInput(), help_text=_help(ActionItem, "due_date")
    )
    decision = forms.ChoiceField(
        label=_("Implements the decision"),
        required=False,
        help_text=_help(ActionItem, "decision"),
    )
    description = forms.CharField(
        label=_("Details"),
        required=False,
        help_text=_help(ActionItem, "description"),
        widget=forms.Textarea(attrs={"rows": 2}),
    )

    def __init__(self, *args, members, organisations, decisions=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["assignee"].choices = [("", _("No single person")), *_member_choices(members)]
        self.fields["organisation"].choices = [
            ("", _("No organisation")),
            *[(str(o.pk), o.name) for o in organisations],
        ]
        self._decisions = {str(d.pk): d for d in decisions}
        if decisions:
            self.fields["decision"].choices = [
                ("", _("No particular decision")),
                *[(key, d.text[:80]) for key, d in self._decisions.items()],
            ]
        else:
            del self.fields["decision"]

    def fields_for_service(self) -> dict:
        data = dict(self.cleaned_data)
        data["assignee"] = data.get("assignee") or None
        data["organisation"] = data.get("organisation") or None
        data["decision"] = self._decisions.get(data.pop("decision", "") or "")
        return data


class ActionItemStatusForm(KernForm):
    status = forms.ChoiceField(choices=ActionItem.Status.choices)


# --- News and comments ----------------------------------------------------------------------

from coordination.models import NewsComment, NewsPost  # noqa: E402


def _mention_attrs(mention_url: str | None, listbox_id: str) -> dict:
    """Attributes that `static/js/mentions.js` picks up: typing @ and letters asks the server
    (htmx) for matching members and shows them in the listbox `listbox_id`."""
    if not mention_url:
        return {}
    return {
        "data-mention-url": mention_url,
        "aria-autocomplete": "list",
        "aria-controls": listbox_id,
        "autocomplete": "off",
        # Read out by the live region beside the field.
        "data-mention-found": _("members found; choose one with the arrow keys and Enter."),
        "data-mention-none": _("No member with this name."),
        "data-mention-added": _("will be notified."),
    }


class NewsPostForm(KernForm):
    """Title, text and whether to pin; passed to `news_post_create` / `news_post_update`."""

    title = ServiceCheckedField(
        label=_("Title"), max_length=200, help_text=_help(NewsPost, "title")
    )
    body = ServiceCheckedField(
        label=_("Text"), help_text=_help(NewsPost, "body"), widget=forms.Textarea(attrs={"rows": 8})
    )
    pinned = forms.BooleanField(
        label=_("Pin to the top"), required=False, help_text=_help(NewsPost, "pinned")
    )

    def __init__(self, *args, post: NewsPost | None = None, mention_url=None, **kwargs):
        if post is not None:
            kwargs.setdefault(
                "initial", {"title": post.title, "body": post.body, "pinned": post.pinned}
            )
        super().__init__(*args, **kwargs)
        self.fields["body"].widget.attrs.update(_mention_attrs(mention_url, "post-mentions"))

    def fields_for_service(self) -> dict:
        return {name: self.cleaned_data.get(name) for name in ("title", "body", "pinned")}


class NewsCommentForm(KernForm):
    body = ServiceCheckedField(
        label=_("Your comment"),
        help_text=_help(NewsComment, "body"),
        widget=forms.Textarea(attrs={"rows": 3}),
    )

    def __init__(self, *args, mention_url=None, listbox_id="comment-mentions", **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["body"].widget.attrs.update(_mention_attrs(mention_url, listbox_id))


# --- Partnership pulse ----------------------------------------------------------------------

# The labels of the scale, from 1 to 5, shown beside each radio button.
PULSE_SCALE_LABELS = (
    (1, _("1: not at all")),
    (2, _("2: rather not")),
    (3, _("3: partly")),
    (4, _("4: mostly")),
    (5, _("5: fully")),
)


class PulseRoundForm(KernForm):
    """Title and the days the round is open; passed to `pulse_round_open`."""

    title = ServiceCheckedField(
        label=_("Title"), max_length=100, help_text=_help(PulseRound, "title")
    )
    opens_on = ServiceCheckedDateField(
        label=_("Open from"), widget=DateInput(), help_text=_help(PulseRound, "opens_on")
    )
    closes_on = ServiceCheckedDateField(
        label=_("Open until"), widget=DateInput(), help_text=_help(PulseRound, "closes_on")
    )


class PulseAnswerForm(KernForm):
    """One radio group of 1 to 5 per question, and an optional comment."""

    comment = forms.CharField(
        label=_("Comment"),
        required=False,
        max_length=2000,
        help_text=_help(PulseAnswer, "comment"),
        widget=forms.Textarea(attrs={"rows": 3}),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        comment = self.fields.pop("comment")
        for question in PulseQuestion:
            self.fields[question.value] = ServiceCheckedChoiceField(
                label=question.label,
                help_text=PULSE_STATEMENTS[question],
                choices=[(str(value), label) for value, label in PULSE_SCALE_LABELS],
                widget=forms.RadioSelect(attrs={"class": "kern-form-check__radio"}),
            )
        self.fields["comment"] = comment

    def questions(self):
        """The bound radio groups, in order, for the template."""
        return [self[question.value] for question in PulseQuestion]

    def ratings(self) -> dict:
        return {question.value: self.cleaned_data.get(question.value) for question in PulseQuestion}


# --- Early warnings -----------------------------------------------------------------------


class WarningForm(KernForm):
    """Title, description, who may see it, and optionally the partner and area concerned."""

    title = ServiceCheckedField(
        label=_("Title"), max_length=200, help_text=_help(EarlyWarning, "title")
    )
    description = ServiceCheckedField(
        label=_("Description"),
        help_text=_help(EarlyWarning, "description"),
        widget=forms.Textarea(attrs={"rows": 5}),
    )
    visibility = ServiceCheckedChoiceField(
        label=_("Who may see it"),
        choices=EarlyWarning.Visibility.choices,
        initial=EarlyWarning.Visibility.MEMBERS,
        widget=forms.RadioSelect,
        help_text=_help(EarlyWarning, "visibility"),
    )
    organisation = forms.ChoiceField(
        label=_("Partner organisation concerned"),
        required=False,
        help_text=_help(EarlyWarning, "organisation"),
    )
    area = forms.CharField(
        label=_("Area"), required=False, max_length=200, help_text=_help(EarlyWarning, "area")
    )

    def __init__(self, *args, organisations, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organisation"].choices = [("", _("None in particular"))] + [
            (str(o.pk), o.name) for o in organisations
        ]

    def fields_for_service(self) -> dict:
        data = dict(self.cleaned_data)
        data["organisation"] = data.get("organisation") or None
        return data


class WarningStatusForm(KernForm):
    status = forms.ChoiceField(label=_("Status"), choices=EarlyWarning.Status.choices)


class WarningNoteForm(KernForm):
    text = ServiceCheckedField(
        label=_("New follow-up"),
        help_text=_help(EarlyWarningNote, "text"),
        widget=forms.Textarea(attrs={"rows": 3}),
    )


# --- Meetings without minutes: roles, live notes, changing the record ------------------------


class MeetingRoleForm(KernForm):
    """Who takes on one of the meeting's roles; passed to `meeting_role_assign`."""

    user = forms.ChoiceField(label=_("Held by"), required=False)

    def __init__(self, *args, members, kind_label: str = "", **kwargs):
        super().__init__(*args, **kwargs)
        field = self.fields["user"]
        field.choices = [("", _("Choose a person")), *_member_choices(members)]
        if kind_label:
            field.label = kind_label


class LiveNotesForm(NotesForm):
    """The notes with the version the writer started from (hidden), so that saving over
    someone else's newer notes is noticed instead of losing them."""

    version = forms.IntegerField(required=False, min_value=0, widget=forms.HiddenInput)


class AgendaItemMoveForm(KernForm):
    direction = forms.ChoiceField(choices=[("up", "up"), ("down", "down")])


def agenda_item_initial(item: AgendaItem) -> dict:
    return {
        "title": item.title,
        "owner": str(item.owner_id or ""),
        "time_box_minutes": item.time_box_minutes,
    }


def action_item_initial(item: ActionItem) -> dict:
    return {
        "title": item.title,
        "assignee": str(item.assignee_id or ""),
        "organisation": str(item.organisation_id or ""),
        "due_date": item.due_date,
        "decision": str(item.decision_id or ""),
        "description": item.description,
    }
