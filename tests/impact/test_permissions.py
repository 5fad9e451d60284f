"""Who may do what: predicates per role, denials by the services, visibility of values."""

import pytest
from django.http import Http404

from core.errors import PermissionDeniedError
from impact import permissions, selectors, services
from impact.models import Submission
from initiatives.models import Membership
from initiatives.permissions import membership_get
from tests.impact.builders import report
from tests.impact.conftest import Q1_2025

ROLES = [
    "coordinator",
    "partner",
    "partner2",
    "viewer",
    "participant",
    "other_coordinator",
    "outsider",
]
Status = Submission.Status


def _membership(world, role):
    return membership_get(user=world.user(role), initiative=world.initiative)


# fmt: off
PREDICATES = {
    #                                    coord  partner partner2 viewer partic. other  outsider
    permissions.can_view_framework:      (True,  True,   True,    True,  False,  False, False),
    permissions.can_manage_framework:    (True,  False,  False,   False, False,  False, False),
    permissions.can_manage_periods:      (True,  False,  False,   False, False,  False, False),
    permissions.can_review_submissions:  (True,  False,  False,   False, False,  False, False),
    permissions.can_enter_any_value:     (True,  True,   True,    False, False,  False, False),
}
# fmt: on


@pytest.mark.parametrize("predicate", list(PREDICATES), ids=lambda p: p.__name__)
def test_role_matrix(world, predicate):
    answers = tuple(predicate(_membership(world, role)) for role in ROLES)
    assert answers == PREDICATES[predicate]


def test_who_enters_which_value(fw, world):
    performance = fw.indicator("Vermittlungen")
    population = fw.indicator("Dauer bis zum Bescheid")
    org, org2 = world.organisation, world.organisation2

    def can(role, indicator, organisation):
        return permissions.can_enter_value(_membership(world, role), indicator, organisation)

    assert can("partner", performance, org)
    assert not can("partner", performance, org2)  # not for another organisation
    assert not can("partner", population, None)  # population indicators: backbone office
    assert not can("coordinator", performance, org)  # partners' values: partners
    assert can("coordinator", population, None)
    for role in ("viewer", "participant", "other_coordinator", "outsider"):
        assert not can(role, performance, org)
        assert not can(role, population, None)


# --- The services refuse -------------------------------------------------------------------


def _create(fw, world, role, *, organisation="own", indicator="Vermittlungen"):
    organisation = world.organisation if organisation == "own" else organisation
    return services.submission_create(
        acting_user=world.user(role),
        indicator=fw.indicator(indicator),
        period=fw.period(indicator, Q1_2025),
        organisation=organisation,
        value="40",
    )


@pytest.mark.parametrize(
    "role", ["coordinator", "partner2", "viewer", "participant", "other_coordinator", "outsider"]
)
def test_only_the_organisations_own_members_enter_its_values(fw, world, role):
    with pytest.raises(PermissionDeniedError):
        _create(fw, world, role)
    assert not Submission.objects.exists()


@pytest.mark.parametrize("role", ["partner", "viewer", "participant", "other_coordinator"])
def test_only_the_backbone_office_enters_population_values(fw, world, role):
    with pytest.raises(PermissionDeniedError):
        _create(fw, world, role, organisation=None, indicator="Dauer bis zum Bescheid")
    assert not Submission.objects.exists()


def test_partner_cannot_enter_population_values_in_the_name_of_their_organisation(fw, world):
    with pytest.raises(PermissionDeniedError):
        _create(fw, world, "partner", indicator="Dauer bis zum Bescheid")


@pytest.fixture
def submitted(fw, world):
    category = fw.category("Geschlecht", "keine Angabe")
    return report(
        fw.indicator("Vermittlungen"),
        fw.period("Vermittlungen", Q1_2025),
        by=world.partner,
        organisation=world.organisation,
        value="40",
        breakdown={category.pk: "40"},
        submit=True,
    )


@pytest.mark.parametrize(
    "role", ["partner", "partner2", "viewer", "participant", "other_coordinator"]
)
def test_partner_cannot_approve_or_return_values(world, submitted, role):
    with pytest.raises(PermissionDeniedError):
        services.submission_approve(acting_user=world.user(role), submission=submitted)
    with pytest.raises(PermissionDeniedError):
        services.submission_return(
            acting_user=world.user(role), submission=submitted, reason="Bitte prüfen"
        )
    submitted.refresh_from_db()
    assert submitted.status == Status.SUBMITTED


def test_other_partner_cannot_touch_a_draft(fw, world):
    draft = _create(fw, world, "partner")
    for call in (
        lambda: services.submission_update(acting_user=world.partner2, submission=draft, value="1"),
        lambda: services.submission_submit(acting_user=world.partner2, submission=draft),
        lambda: services.submission_discard(acting_user=world.partner2, submission=draft),
    ):
        with pytest.raises(PermissionDeniedError):
            call()
    draft.refresh_from_db()
    assert (draft.status, draft.value) == ("draft", 40)


def test_backbone_office_cannot_correct_a_partners_approved_value(fw, world, submitted):
    services.submission_approve(acting_user=world.coordinator, submission=submitted)
    with pytest.raises(PermissionDeniedError):
        services.submission_revise(acting_user=world.coordinator, submission=submitted)


@pytest.mark.parametrize(
    "role", ["partner", "viewer", "participant", "other_coordinator", "outsider"]
)
def test_only_the_backbone_office_manages_framework_and_periods(fw, world, role):
    user = world.user(role)
    period = fw.period("Vermittlungen", Q1_2025)
    calls = [
        lambda: services.goal_create(acting_user=user, initiative=world.initiative, title="X"),
        lambda: services.objective_create(acting_user=user, goal=fw.goals[0], title="X"),
        lambda: services.indicator_create(
            acting_user=user, objective=fw.objectives[0], name="X", definition="Y"
        ),
        lambda: services.indicator_update(
            acting_user=user, indicator=fw.indicator("Vermittlungen"), name="X"
        ),
        lambda: services.indicator_delete(acting_user=user, indicator=fw.indicator("Fördermittel")),
        lambda: services.dimension_create(
            acting_user=user, initiative=world.initiative, name="Bezirk", categories=["Mitte"]
        ),
        lambda: services.period_lock(acting_user=user, period=period),
        lambda: services.measurement_settings_update(
            acting_user=user,
            initiative=world.initiative,
            on_track_percent=90,
            at_risk_percent=70,
            due_days=30,
        ),
    ]
    for call in calls:
        with pytest.raises(PermissionDeniedError):
            call()
    period.refresh_from_db()
    assert not period.is_locked
    assert fw.indicator("Vermittlungen").name == "Vermittlungen"


# --- Who sees which value ------------------------------------------------------------------


def _visible_to(world, role, submission):
    return permissions.can_view_submission(_membership(world, role), submission)


def test_drafts_are_seen_by_their_own_organisation_only(fw, world):
    draft = _create(fw, world, "partner")
    assert [r for r in ROLES if _visible_to(world, r, draft)] == ["partner"]


def test_submitted_values_are_seen_by_the_backbone_office_too(world, submitted):
    assert [r for r in ROLES if _visible_to(world, r, submitted)] == ["coordinator", "partner"]


def test_approved_values_are_seen_by_every_reader_but_not_by_participants(world, submitted):
    services.submission_approve(acting_user=world.coordinator, submission=submitted)
    assert [r for r in ROLES if _visible_to(world, r, submitted)] == [
        "coordinator",
        "partner",
        "partner2",
        "viewer",
    ]


def test_backbone_office_sees_its_own_population_drafts(fw, world):
    draft = _create(fw, world, "coordinator", organisation=None, indicator="Dauer bis zum Bescheid")
    assert [r for r in ROLES if _visible_to(world, r, draft)] == ["coordinator"]


def test_visibility_filter_agrees_with_the_predicate(fw, world, submitted):
    """The selectors' Q filter and the predicate must never disagree, for any role or state."""
    draft = _create(fw, world, "coordinator", organisation=None, indicator="Dauer bis zum Bescheid")
    partner2_draft = services.submission_create(
        acting_user=world.partner2,
        indicator=fw.indicator("Vermittlungen"),
        period=fw.period("Vermittlungen", Q1_2025),
        organisation=world.organisation2,
        value="3",
    )
    returned = services.submission_create(
        acting_user=world.partner,
        indicator=fw.indicator("Fördermittel"),
        period=fw.period("Fördermittel", Q1_2025),
        organisation=world.organisation,
        value="3",
    )
    services.submission_submit(acting_user=world.partner, submission=returned)
    services.submission_return(acting_user=world.coordinator, submission=returned, reason="Quelle?")
    all_values = [submitted, draft, partner2_draft, returned]
    for value in all_values:
        value.refresh_from_db()
    for role in ROLES:
        membership = _membership(world, role)
        filtered = set(
            Submission.objects.filter(permissions.submission_visibility(membership)).values_list(
                "pk", flat=True
            )
        )
        expected = {s.pk for s in all_values if permissions.can_view_submission(membership, s)}
        assert filtered == expected, role


def test_selectors_show_participants_and_outsiders_nothing(fw, world, submitted):
    services.submission_approve(acting_user=world.coordinator, submission=submitted)
    for role in ("participant", "outsider", "other_coordinator"):
        user = world.user(role)
        assert not selectors.goal_list(initiative=world.initiative, viewer=user).exists()
        assert selectors.indicator_progress_list(viewer=user, initiative=world.initiative) == []
        assert not selectors.submission_list(viewer=user, initiative=world.initiative).exists()
        assert selectors.reporting_task_list(viewer=user, initiative=world.initiative) == []
        assert selectors.indicator_progress_get(viewer=user, indicator=submitted.indicator) is None


def test_history_is_for_the_organisation_and_the_backbone_office(world, submitted):
    services.submission_return(
        acting_user=world.coordinator, submission=submitted, reason="Quelle?"
    )
    for role, expected in [
        ("coordinator", True),
        ("partner", True),
        ("partner2", False),
        ("viewer", False),
    ]:
        history = selectors.submission_history(viewer=world.user(role), submission=submitted)
        assert history.exists() is expected, role


def test_access_helpers_answer_not_found_for_missing_and_forbidden_alike(fw, world, submitted):
    assert permissions.access_submission(user=world.partner, pk=submitted.pk)[0] == submitted
    for user, pk in [
        (world.viewer, submitted.pk),  # exists, but not approved
        (world.partner2, submitted.pk),
        (world.outsider, submitted.pk),
        (world.coordinator, 999_999),
    ]:
        with pytest.raises(Http404):
            permissions.access_submission(user=user, pk=pk)
    indicator = fw.indicator("Vermittlungen")
    assert permissions.access_indicator(user=world.viewer, pk=indicator.pk)[0] == indicator
    for user in (world.participant, world.other_coordinator, world.outsider, None):
        with pytest.raises(Http404):
            permissions.access_indicator(user=user, pk=indicator.pk)


def test_partner_without_organisation_membership_is_not_possible(world):
    """The one-role-per-person model keeps partners tied to one organisation."""
    membership = Membership.objects.get(user=world.partner, initiative=world.initiative)
    assert membership.organisation == world.organisation
