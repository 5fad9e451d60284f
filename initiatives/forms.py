from django import forms
from django.utils.translation import gettext_lazy as _

from core.forms import KernForm, KernModelForm
from initiatives.models import (
    AgendaDraft,
    Endorsement,
    GlossaryTerm,
    Initiative,
    Invitation,
    Membership,
    Organisation,
    Role,
)


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, attrs=None):
        super().__init__(attrs, format="%Y-%m-%d")


class InitiativeForm(KernModelForm):
    class Meta:
        model = Initiative
        fields = [
            "name",
            "problem_statement",
            "target_group",
            "region",
            "start_date",
            "planned_end_date",
            "status",
        ]
        widgets = {
            "problem_statement": forms.Textarea(attrs={"rows": 5}),
            "start_date": DateInput(),
            "planned_end_date": DateInput(),
        }


class OrganisationForm(KernModelForm):
    website = forms.URLField(
        label=_("website"),
        required=False,
        assume_scheme="https",
        help_text=_("For example https://www.example.org"),
    )

    class Meta:
        model = Organisation
        fields = ["name", "sector", "website", "contribution"]
        widgets = {"contribution": forms.Textarea(attrs={"rows": 4})}


class RoleOrganisationMixin:
    def __init__(self, *args, initiative: Initiative, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organisation"].queryset = Organisation.objects.filter(initiative=initiative)
        self.fields["organisation"].required = False
        self.fields["organisation"].empty_label = _("— no organisation —")
        self.fields["organisation"].help_text = _(
            "Required for partner members; leave empty for the other roles."
        )

    def clean(self):
        cleaned = super().clean()
        role, organisation = cleaned.get("role"), cleaned.get("organisation")
        if role == Role.PARTNER and organisation is None:
            self.add_error(
                "organisation", _("Partner members need an organisation. Please choose one.")
            )
        if role and role != Role.PARTNER and organisation is not None:
            self.add_error(
                "organisation",
                _("Only partner members act for an organisation. Leave this field empty."),
            )
        return cleaned


class InvitationForm(RoleOrganisationMixin, KernModelForm):
    class Meta:
        model = Invitation
        fields = ["email", "role", "organisation", "message"]
        widgets = {"message": forms.Textarea(attrs={"rows": 3})}


class MembershipForm(RoleOrganisationMixin, KernModelForm):
    class Meta:
        model = Membership
        fields = ["role", "organisation"]


class InvitationAcceptForm(KernForm):
    full_name = forms.CharField(
        label=_("Your name"),
        max_length=150,
        help_text=_("Shown to the other members of the initiative."),
        widget=forms.TextInput(attrs={"autocomplete": "name"}),
    )
    password1 = forms.CharField(
        label=_("Password"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
        help_text=_("At least 8 characters; not only digits, not a common password."),
    )
    password2 = forms.CharField(
        label=_("Repeat the password"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
    )

    def __init__(self, *args, email: str, **kwargs):
        super().__init__(*args, **kwargs)
        self.email = email

    def clean(self):
        from django.contrib.auth import get_user_model, password_validation

        cleaned = super().clean()
        p1, p2 = cleaned.get("password1"), cleaned.get("password2")
        if p1 and p2 and p1 != p2:
            self.add_error("password2", _("The two passwords do not match."))
        elif p1:
            user = get_user_model()(email=self.email, full_name=cleaned.get("full_name", ""))
            try:
                password_validation.validate_password(p1, user)
            except forms.ValidationError as error:
                self.add_error("password1", error)
        return cleaned


def _accept_empty(value) -> None:
    return None


def _needed_sometimes(field) -> None:
    """Drop a field's "optional" marker though it may stay empty: the service decides when it
    is needed and answers with a message on the field."""
    field.required = True
    field.validate = _accept_empty


class AgendaDraftForm(KernModelForm):
    """The working draft. Its four sections are needed for publishing, not for saving, so they
    are not marked optional, yet an unfinished draft still saves."""

    # Which state of the draft the page showed (services.agenda_draft_stamp), so that a save
    # over a colleague's newer one is refused; the template writes it, the form only reads it.
    base_stamp = forms.CharField(widget=forms.HiddenInput, required=False, empty_value=None)
    use_required_attribute = False

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name in AgendaDraft.SECTIONS:
            _needed_sometimes(self.fields[name])  # for publishing, not for saving

    class Meta:
        model = AgendaDraft
        fields = ["vision", "problem", "approach", "principles", "change_note"]
        widgets = {
            "vision": forms.Textarea(attrs={"rows": 5}),
            "problem": forms.Textarea(attrs={"rows": 8}),
            "approach": forms.Textarea(attrs={"rows": 8}),
            "principles": forms.Textarea(attrs={"rows": 6}),
            "change_note": forms.Textarea(attrs={"rows": 3}),
        }


ENDORSEMENT_PAGE_OUT_OF_DATE = _(
    "This page is out of date. Please read the current version of the common agenda and "
    "state your position again."
)


class EndorsementForm(KernModelForm):
    """How the viewer's organisation carries the version the page showed.

    `version_number` is that version's number, sent back by the page, so that a statement
    never lands on a version published after the partner read the text; without it (a form
    of old) the statement is about the current version. Whether a reservation is needed is
    the service's rule; its message lands on the field.
    """

    level = forms.ChoiceField(
        label=Endorsement._meta.get_field("level").verbose_name,
        choices=Endorsement.Level.choices,
        widget=forms.RadioSelect,
    )
    version_number = forms.IntegerField(widget=forms.HiddenInput, required=False)
    use_required_attribute = False

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        _needed_sometimes(self.fields["reservation"])  # with reservations only

    def clean(self):
        cleaned = super().clean()
        if self.errors.pop("version_number", None):
            # A hidden field's own error would not be seen: the message goes above the form.
            self.add_error(None, ENDORSEMENT_PAGE_OUT_OF_DATE)
        return cleaned

    class Meta:
        model = Endorsement
        fields = ["level", "reservation", "comment"]
        widgets = {
            "reservation": forms.Textarea(attrs={"rows": 4}),
            "comment": forms.Textarea(attrs={"rows": 3}),
        }


class GlossaryTermForm(KernModelForm):
    class Meta:
        model = GlossaryTerm
        fields = ["term", "definition"]
        widgets = {"definition": forms.Textarea(attrs={"rows": 4})}
