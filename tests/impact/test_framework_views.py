"""The backbone office's pages that edit the results framework, the breakdowns, the status rule
and the reporting periods: every action, the refusals with their messages, the roles and the
query counts of the two list pages."""

import datetime
import itertools
import re

import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse

from impact.models import (
    Category,
    Dimension,
    Goal,
    Indicator,
    MeasurementSettings,
    Objective,
    PeriodTarget,
    ReportingPeriod,
)
from tests.impact.builders import FrameworkBuilder, report
from tests.impact.conftest import Q1_2025
from tests.initiatives.test_queries import assert_same_queries

_serial = itertools.count(1)


@pytest.fixture(autouse=True)
def english_pages(world):
    """Pages in the source language, so the tests do not depend on the German catalogue."""
    get_user_model().objects.update(language="en")


def url(world, name, **kwargs):
    return reverse(f"impact:{name}", kwargs={"slug": world.initiative.slug, **kwargs})


@pytest.fixture
def coordinator(world, client_for):
    return client_for(world.coordinator)


def _indicator_post(world, **overrides):
    data = {
        "name": "Beratungen",
        "definition": "Jede abgeschlossene Erstberatung zählt einmal.",
        "unit": "Personen",
        "kind": "number",
        "direction": "increase",
        "scope": "performance",
        "reporting_organisations": [world.organisation.pk, world.organisation2.pk],
        "frequency": "quarterly",
        "partner_aggregation": "sum",
        "period_aggregation": "per_period",
        "baseline_value": "120",
        "baseline_date": "2023-12-31",
        "target_mode": "final",
        "final_target": "1000",
        "final_target_date": "2027-12-31",
        "dimensions": [],
    }
    data.update(overrides)
    return data


def _approved_value(world, fw, name="Fördermittel"):
    indicator = fw.indicator(name)
    return report(
        indicator,
        fw.period(indicator, Q1_2025),
        by=world.partner,
        organisation=world.organisation,
        value="4",
        approve_by=world.coordinator,
    )


# --- Who may use the pages -----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("role", "status"),
    [("partner", 403), ("viewer", 403), ("participant", 403), ("other_coordinator", 404)],
)
def test_only_the_initiatives_coordinators_may_edit_the_framework(world, client_for, role, status):
    client = client_for(world.user(role))
    for name in ("framework-edit", "dimension-list", "period-list", "measurement-settings-edit"):
        assert client.get(url(world, name)).status_code == status, name
    assert client.post(url(world, "goal-create"), {"title": "Ziel"}).status_code == status
    assert not Goal.objects.exists()


def test_partner_cannot_lock_a_period(world, fw, client_for):
    period = ReportingPeriod.objects.filter(initiative=world.initiative).first()
    response = client_for(world.partner).post(url(world, "period-lock", pk=period.pk))
    assert response.status_code == 403
    period.refresh_from_db()
    assert not period.is_locked


def test_objects_of_another_initiative_are_not_found(world, coordinator):
    other = FrameworkBuilder(world.other_initiative).indicator("Kitaplätze").build()
    goal, objective, indicator = other.goals[0], other.objectives[0], other.indicators[0]
    for name, pk in (
        ("goal-update", goal.pk),
        ("objective-update", objective.pk),
        ("indicator-update", indicator.pk),
    ):
        assert coordinator.get(url(world, name, pk=pk)).status_code == 404
    response = coordinator.post(url(world, "goal-delete", pk=goal.pk))
    assert response.status_code == 404
    assert Goal.objects.filter(pk=goal.pk).exists()


# --- The framework page --------------------------------------------------------------------------


def test_edit_page_lists_goals_objectives_and_indicators_in_order(world, fw, coordinator):
    response = coordinator.get(url(world, "framework-edit"))
    assert response.status_code == 200
    html = response.content.decode()
    names = [
        "Internationale Fachkräfte arbeiten qualifikationsadäquat",
        "Mehr Vermittlungen in passende Stellen",
        "Vermittlungen",
        "Vermittlungsquote",
        "Fördermittel",
        "Anerkennung geht schneller",
        "Abgeschlossene Anerkennungsverfahren",
        "Dauer bis zum Bescheid",
    ]
    positions = [html.index(f">{name}<") for name in names]
    assert positions == sorted(positions)
    assert "Move up" in html and "Move down" in html
    assert url(world, "indicator-create", objective_id=fw.objectives[0].pk) in html


def test_edit_page_without_goals_invites_to_add_the_first(world, coordinator):
    html = coordinator.get(url(world, "framework-edit")).content.decode()
    assert "The results framework is still empty" in html
    assert url(world, "goal-create") in html


def test_edit_page_queries_do_not_grow_with_the_framework(world, fw, coordinator):
    def grow():
        builder = FrameworkBuilder(world.initiative)
        for g in range(3):
            builder.goal(f"Ziel {next(_serial)}")
            for o in range(3):
                builder.objective(f"Wirkungsziel {g}-{o}")
                for i in range(4):
                    builder.indicator(f"Indikator {g}-{o}-{i}", frequency="quarterly")
                    builder.with_dimension("Alter", ["jung", "alt"])
                    builder.reported_by(world.organisation, world.organisation2)
        builder.build()

    assert_same_queries(coordinator, url(world, "framework-edit"), grow)


# --- Goals ---------------------------------------------------------------------------------------


def test_coordinator_adds_a_goal(world, coordinator):
    response = coordinator.post(
        url(world, "goal-create"), {"title": "Fachkräfte finden Arbeit", "description": "Warum"}
    )
    goal = Goal.objects.get()
    assert response.status_code == 302
    assert response["Location"] == url(world, "framework-edit") + f"#goal-{goal.pk}"
    assert (goal.title, goal.description) == ("Fachkräfte finden Arbeit", "Warum")


def test_goal_without_title_is_refused_and_keeps_the_description(world, coordinator):
    response = coordinator.post(
        url(world, "goal-create"), {"title": "  ", "description": "Schon geschrieben"}
    )
    assert response.status_code == 422
    html = response.content.decode()
    assert "Please enter a title." in html
    assert "Schon geschrieben" in html
    assert 'aria-invalid="true"' in html
    assert not Goal.objects.exists()


def test_goal_form_answers_htmx_with_the_form_alone(world, coordinator):
    response = coordinator.post(url(world, "goal-create"), {"title": ""}, HTTP_HX_REQUEST="true")
    assert response.status_code == 422
    html = response.content.decode()
    assert html.lstrip().startswith("<form")
    assert "Please enter a title." in html


def test_coordinator_renames_a_goal(world, fw, coordinator):
    goal = fw.goals[0]
    form = coordinator.get(url(world, "goal-update", pk=goal.pk)).content.decode()
    assert goal.title in form
    response = coordinator.post(url(world, "goal-update", pk=goal.pk), {"title": "Neu"})
    assert response.status_code == 302
    goal.refresh_from_db()
    assert goal.title == "Neu"


def test_goals_move_down_and_up(world, coordinator):
    fw = FrameworkBuilder(world.initiative).goal("A").goal("B").goal("C").build()
    a, _b, c = fw.goals
    response = coordinator.post(url(world, "goal-move", pk=a.pk), {"direction": "down"})
    assert response.status_code == 302
    assert response["Location"].endswith(f"#goal-{a.pk}")
    assert list(Goal.objects.order_by("order").values_list("title", flat=True)) == ["B", "A", "C"]
    coordinator.post(url(world, "goal-move", pk=c.pk), {"direction": "up"})
    assert list(Goal.objects.order_by("order").values_list("title", flat=True)) == ["B", "C", "A"]


def test_first_goal_cannot_move_further_up(world, coordinator):
    fw = FrameworkBuilder(world.initiative).goal("A").goal("B").build()
    coordinator.post(url(world, "goal-move", pk=fw.goals[0].pk), {"direction": "up"})
    coordinator.post(url(world, "goal-move", pk=fw.goals[1].pk), {"direction": "sideways"})
    assert list(Goal.objects.order_by("order").values_list("title", flat=True)) == ["A", "B"]


def test_move_buttons_are_shown_only_where_an_item_can_move(world, coordinator):
    FrameworkBuilder(world.initiative).goal("A").goal("B").build()
    html = coordinator.get(url(world, "framework-edit")).content.decode()
    assert html.count('value="up"') == 1
    assert html.count('value="down"') == 1


def test_move_needs_post(world, fw, coordinator):
    assert coordinator.get(url(world, "goal-move", pk=fw.goals[0].pk)).status_code == 405


def test_delete_asks_first_then_deletes_an_unused_goal(world, fw, coordinator):
    goal = fw.goals[0]
    page = coordinator.get(url(world, "goal-delete", pk=goal.pk))
    assert page.status_code == 200
    assert "Yes, delete" in page.content.decode()
    assert Goal.objects.filter(pk=goal.pk).exists()
    response = coordinator.post(url(world, "goal-delete", pk=goal.pk))
    assert response.status_code == 302
    assert not Goal.objects.filter(pk=goal.pk).exists()
    assert not Indicator.objects.filter(name="Vermittlungen").exists()


def test_goal_with_values_is_not_deleted_and_the_reason_is_shown(world, fw, coordinator):
    _approved_value(world, fw)
    response = coordinator.post(url(world, "goal-delete", pk=fw.goals[0].pk))
    assert response.status_code == 409
    assert "Values have been reported for indicators of this goal" in response.content.decode()
    assert Goal.objects.filter(pk=fw.goals[0].pk).exists()


# --- Objectives ----------------------------------------------------------------------------------


def test_coordinator_adds_an_objective_to_a_goal(world, fw, coordinator):
    goal = fw.goals[0]
    response = coordinator.post(
        url(world, "objective-create", goal_id=goal.pk), {"title": "Weniger Wartezeit"}
    )
    objective = Objective.objects.get(title="Weniger Wartezeit")
    assert response.status_code == 302
    assert objective.goal == goal
    assert objective.order == 2


def test_objective_moves_to_another_goal(world, coordinator):
    fw = FrameworkBuilder(world.initiative).goal("A").objective("a1").goal("B").build()
    objective, target = fw.objectives[0], fw.goals[1]
    response = coordinator.post(
        url(world, "objective-update", pk=objective.pk),
        {"title": "a1", "description": "", "goal": target.pk},
    )
    assert response.status_code == 302
    objective.refresh_from_db()
    assert objective.goal == target


def test_objectives_reorder_within_their_goal(world, fw, coordinator):
    first, second = fw.objectives
    coordinator.post(url(world, "objective-move", pk=second.pk), {"direction": "up"})
    assert list(fw.goals[0].objectives.order_by("order")) == [second, first]


def test_objective_with_values_is_not_deleted(world, fw, coordinator):
    _approved_value(world, fw)
    response = coordinator.post(url(world, "objective-delete", pk=fw.objectives[0].pk))
    assert response.status_code == 409
    assert "It cannot be deleted" in response.content.decode()
    assert Objective.objects.filter(pk=fw.objectives[0].pk).exists()


# --- Indicators ----------------------------------------------------------------------------------


def test_indicator_form_offers_every_field(world, fw, coordinator):
    html = coordinator.get(
        url(world, "indicator-create", objective_id=fw.objectives[0].pk)
    ).content.decode()
    for name in _indicator_post(world):
        assert f'name="{name}"' in html, name
    assert "IQ Netzwerk" in html and "IHK Berlin" in html
    assert "Geschlecht" in html


def test_coordinator_adds_an_indicator_with_partners_and_a_breakdown(world, fw, coordinator):
    objective = fw.objectives[0]
    gender = fw.dimensions["Geschlecht"]
    response = coordinator.post(
        url(world, "indicator-create", objective_id=objective.pk),
        _indicator_post(world, dimensions=[gender.pk]),
    )
    assert response.status_code == 302
    indicator = Indicator.objects.get(name="Beratungen")
    assert response["Location"].endswith(f"#indicator-{indicator.pk}")
    assert indicator.objective == objective
    assert str(indicator.final_target) == "1000.00"
    assert indicator.baseline_date == datetime.date(2023, 12, 31)
    assert set(indicator.reporting_organisations.all()) == {world.organisation, world.organisation2}
    assert list(indicator.dimensions.all()) == [gender]


def test_rejected_indicator_keeps_everything_typed(world, fw, coordinator):
    data = _indicator_post(
        world,
        kind="percentage",
        partner_aggregation="average",
        period_aggregation="cumulative",
        final_target="45",
        dimensions=[fw.dimensions["Geschlecht"].pk],
    )
    response = coordinator.post(
        url(world, "indicator-create", objective_id=fw.objectives[0].pk), data
    )
    assert response.status_code == 422
    html = response.content.decode()
    assert "Percentages are never averaged" in html
    assert 'value="Beratungen"' in html
    assert "Jede abgeschlossene Erstberatung zählt einmal." in html
    assert 'value="45"' in html
    assert re.search(r'value="percentage"[^>]*selected', html)
    assert re.search(rf'value="{world.organisation2.pk}"[^>]*checked', html)
    assert re.search(rf'value="{fw.dimensions["Geschlecht"].pk}"[^>]*checked', html)
    assert not Indicator.objects.filter(name="Beratungen").exists()


def test_indicator_with_a_bad_date_gets_a_message_at_the_field(world, fw, coordinator):
    response = coordinator.post(
        url(world, "indicator-create", objective_id=fw.objectives[0].pk),
        _indicator_post(world, baseline_date="31.12.", baseline_value="abc"),
    )
    assert response.status_code == 422
    html = response.content.decode()
    assert "Enter a valid date." in html
    assert not Indicator.objects.filter(name="Beratungen").exists()


def test_population_indicator_drops_ticked_partners(world, fw, coordinator):
    coordinator.post(
        url(world, "indicator-create", objective_id=fw.objectives[0].pk),
        _indicator_post(world, scope="population"),
    )
    indicator = Indicator.objects.get(name="Beratungen")
    assert indicator.is_population
    assert not indicator.reporting_organisations.exists()


def test_indicator_edit_shows_the_stored_values_and_saves_changes(world, fw, coordinator):
    indicator = fw.indicator("Dauer bis zum Bescheid")
    page = coordinator.get(url(world, "indicator-update", pk=indicator.pk)).content.decode()
    assert 'value="120"' in page
    assert 'value="2023-12-31"' in page
    data = _indicator_post(
        world,
        name="Dauer bis zum Bescheid",
        scope="population",
        direction="decrease",
        partner_aggregation="latest",
        period_aggregation="cumulative",
        final_target="70",
        objective=fw.objectives[0].pk,
    )
    response = coordinator.post(url(world, "indicator-update", pk=indicator.pk), data)
    assert response.status_code == 302
    indicator.refresh_from_db()
    assert str(indicator.final_target) == "70.00"
    assert indicator.objective == fw.objectives[0]


def test_indicator_with_values_keeps_its_kind(world, fw, coordinator):
    indicator = fw.indicator("Fördermittel")
    _approved_value(world, fw)
    data = _indicator_post(world, name="Fördermittel", kind="number", objective=fw.objectives[0].pk)
    response = coordinator.post(url(world, "indicator-update", pk=indicator.pk), data)
    assert response.status_code == 422
    assert "This cannot be changed any more" in response.content.decode()
    indicator.refresh_from_db()
    assert indicator.kind == "amount"


def test_indicator_with_values_is_not_deleted(world, fw, coordinator):
    indicator = fw.indicator("Fördermittel")
    _approved_value(world, fw)
    response = coordinator.post(url(world, "indicator-delete", pk=indicator.pk))
    assert response.status_code == 409
    assert "Values have been reported for this indicator" in response.content.decode()
    assert Indicator.objects.filter(pk=indicator.pk).exists()


def test_unused_indicator_is_deleted(world, fw, coordinator):
    indicator = fw.indicator("Fördermittel")
    response = coordinator.post(url(world, "indicator-delete", pk=indicator.pk))
    assert response.status_code == 302
    assert not Indicator.objects.filter(pk=indicator.pk).exists()


def test_indicators_move_within_their_objective(world, fw, coordinator):
    quota = fw.indicator("Vermittlungsquote")
    coordinator.post(url(world, "indicator-move", pk=quota.pk), {"direction": "up"})
    names = fw.objectives[0].indicators.order_by("order").values_list("name", flat=True)
    assert list(names) == ["Vermittlungsquote", "Vermittlungen", "Fördermittel"]


# --- Targets per period --------------------------------------------------------------------------


def test_indicator_with_targets_per_period_leads_to_the_target_table(world, fw, coordinator):
    response = coordinator.post(
        url(world, "indicator-create", objective_id=fw.objectives[0].pk),
        _indicator_post(world, target_mode="per_period", final_target="", final_target_date=""),
    )
    indicator = Indicator.objects.get(name="Beratungen")
    assert response.status_code == 302
    assert response["Location"] == url(world, "indicator-targets", pk=indicator.pk)
    page = coordinator.get(response["Location"]).content.decode()
    assert 'name="target_2024-01-01"' in page
    assert "Q1 2024" in page


def test_targets_per_period_are_saved_and_cleared(world, coordinator):
    fw = (
        FrameworkBuilder(world.initiative)
        .indicator("Beratungen", frequency="quarterly")
        .with_period_targets({datetime.date(2024, 4, 1): "10"})
        .build()
    )
    indicator = fw.indicator("Beratungen")
    response = coordinator.post(
        url(world, "indicator-targets", pk=indicator.pk),
        {"target_2024-01-01": "12,5", "target_2024-04-01": ""},
    )
    assert response.status_code == 302
    targets = dict(indicator.period_targets.values_list("period_start", "value"))
    assert {day: str(value) for day, value in targets.items()} == {
        datetime.date(2024, 1, 1): "12.50"
    }


def test_bad_target_is_shown_at_its_period_and_nothing_is_saved(world, coordinator):
    fw = (
        FrameworkBuilder(world.initiative)
        .indicator("Beratungen", frequency="quarterly")
        .with_period_targets({})
        .build()
    )
    indicator = fw.indicator("Beratungen")
    response = coordinator.post(
        url(world, "indicator-targets", pk=indicator.pk),
        {"target_2024-01-01": "10", "target_2024-04-01": "-3"},
    )
    assert response.status_code == 422
    html = response.content.decode()
    assert "The target cannot be negative." in html
    assert 'value="-3"' in html
    assert not PeriodTarget.objects.exists()


def test_target_table_explains_when_the_indicator_has_a_final_target(world, fw, coordinator):
    indicator = fw.indicator("Vermittlungen")
    html = coordinator.get(url(world, "indicator-targets", pk=indicator.pk)).content.decode()
    assert "This indicator has one final target." in html
    assert 'name="target_' not in html


# --- Breakdown dimensions ------------------------------------------------------------------------


def test_coordinator_creates_a_breakdown_with_categories_one_per_line(world, coordinator):
    response = coordinator.post(
        url(world, "dimension-create"),
        {"name": "Geschlecht", "categories": "weiblich\r\nmännlich\r\n\r\ndivers\r\n"},
    )
    assert response.status_code == 302
    dimension = Dimension.objects.get()
    labels = list(dimension.categories.order_by("order").values_list("label", flat=True))
    assert labels == ["weiblich", "männlich", "divers", "not specified"]
    html = coordinator.get(url(world, "dimension-list")).content.decode()
    assert "weiblich · männlich · divers · not specified" in html


def test_breakdown_with_a_duplicate_category_is_refused_and_keeps_the_text(world, coordinator):
    response = coordinator.post(
        url(world, "dimension-create"), {"name": "Alter", "categories": "jung\nJung"}
    )
    assert response.status_code == 422
    html = response.content.decode()
    assert "appears twice" in html
    assert "jung\nJung" in html
    assert not Dimension.objects.exists()


def test_breakdown_is_renamed(world, fw, coordinator):
    dimension = fw.dimensions["Geschlecht"]
    response = coordinator.post(url(world, "dimension-update", pk=dimension.pk), {"name": "Gender"})
    assert response.status_code == 302
    dimension.refresh_from_db()
    assert dimension.name == "Gender"


def test_breakdown_rename_to_an_existing_name_is_refused(world, fw, coordinator):
    Dimension.objects.create(initiative=world.initiative, name="Alter")
    dimension = fw.dimensions["Geschlecht"]
    response = coordinator.post(url(world, "dimension-update", pk=dimension.pk), {"name": "alter"})
    assert response.status_code == 422
    assert "A breakdown with this name exists already." in response.content.decode()


def test_categories_are_added_renamed_and_deleted(world, fw, coordinator):
    dimension = fw.dimensions["Geschlecht"]
    response = coordinator.post(
        url(world, "category-create", dimension_id=dimension.pk), {"label": "ohne Zuordnung"}
    )
    assert response.status_code == 302
    category = dimension.categories.get(label="ohne Zuordnung")
    coordinator.post(url(world, "category-update", pk=category.pk), {"label": "andere"})
    category.refresh_from_db()
    assert category.label == "andere"
    coordinator.post(url(world, "category-delete", pk=category.pk))
    assert not Category.objects.filter(pk=category.pk).exists()


def test_duplicate_category_is_refused_on_its_own_page(world, fw, coordinator):
    dimension = fw.dimensions["Geschlecht"]
    response = coordinator.post(
        url(world, "category-create", dimension_id=dimension.pk), {"label": "Weiblich"}
    )
    assert response.status_code == 422
    html = response.content.decode()
    assert "This category exists already." in html
    assert 'value="Weiblich"' in html


def test_the_not_specified_category_cannot_be_deleted(world, fw, coordinator):
    category = fw.category("Geschlecht", "keine Angabe")
    html = coordinator.get(
        url(world, "dimension-update", pk=category.dimension_id)
    ).content.decode()
    assert url(world, "category-delete", pk=category.pk) not in html
    response = coordinator.post(url(world, "category-delete", pk=category.pk))
    assert response.status_code == 409
    assert "is needed and cannot be deleted" in response.content.decode()


def test_breakdown_in_use_is_not_deleted_and_the_reason_is_shown(world, fw, coordinator):
    indicator = fw.indicator("Vermittlungen")
    women = fw.category("Geschlecht", "weiblich")
    report(
        indicator,
        fw.period(indicator, Q1_2025),
        by=world.partner,
        organisation=world.organisation,
        value="2",
        breakdown={women.pk: "2"},
    )
    dimension = fw.dimensions["Geschlecht"]
    response = coordinator.post(url(world, "dimension-delete", pk=dimension.pk))
    assert response.status_code == 409
    assert "Values have been broken down by Geschlecht" in response.content.decode()
    assert Dimension.objects.filter(pk=dimension.pk).exists()


def test_unused_breakdown_is_deleted(world, fw, coordinator):
    dimension = fw.dimensions["Geschlecht"]
    response = coordinator.post(url(world, "dimension-delete", pk=dimension.pk))
    assert response.status_code == 302
    assert not Dimension.objects.filter(pk=dimension.pk).exists()


# --- Settings ------------------------------------------------------------------------------------


def test_coordinator_changes_the_status_rule(world, coordinator):
    form = coordinator.get(url(world, "measurement-settings-edit")).content.decode()
    assert 'value="90"' in form and 'value="70"' in form and 'value="30"' in form
    response = coordinator.post(
        url(world, "measurement-settings-edit"),
        {"on_track_percent": "85", "at_risk_percent": "60", "due_days": "21"},
    )
    assert response.status_code == 302
    settings = MeasurementSettings.objects.get(initiative=world.initiative)
    assert (settings.on_track_percent, settings.at_risk_percent, settings.due_days) == (85, 60, 21)


def test_at_risk_share_above_on_track_share_is_refused(world, coordinator):
    response = coordinator.post(
        url(world, "measurement-settings-edit"),
        {"on_track_percent": "60", "at_risk_percent": "80", "due_days": "viele"},
    )
    assert response.status_code == 422
    html = response.content.decode()
    assert "cannot be higher than the on-track share" in html
    assert "Please enter a number" in html
    assert 'value="viele"' in html
    assert not MeasurementSettings.objects.exists()


# --- Reporting periods ---------------------------------------------------------------------------


def test_periods_are_grouped_by_frequency_and_year(world, fw, coordinator):
    html = coordinator.get(url(world, "period-list")).content.decode()
    monthly = html.index('id="frequency-monthly" class="kern-heading-medium">Monthly<')
    assert monthly < html.index('id="frequency-quarterly" class="kern-heading-medium">Quarterly<')
    assert "January 2024" in html and "Q1 2024" in html
    assert html.count("<details") >= 2


def test_period_page_without_indicators_explains_where_periods_come_from(world, coordinator):
    html = coordinator.get(url(world, "period-list")).content.decode()
    assert "There are no reporting periods yet." in html


def test_lock_asks_first_then_locks_and_shows_who_locked_it(world, fw, coordinator):
    period = fw.period("Vermittlungen", Q1_2025)
    page = coordinator.get(url(world, "period-lock", pk=period.pk))
    assert page.status_code == 200
    assert "Lock Q1 2025 (quarterly)?" in page.content.decode()
    period.refresh_from_db()
    assert not period.is_locked
    response = coordinator.post(url(world, "period-lock", pk=period.pk))
    assert response.status_code == 302
    assert response["Location"].endswith(f"#period-{period.pk}")
    period.refresh_from_db()
    assert period.locked_by == world.coordinator
    html = coordinator.get(url(world, "period-list")).content.decode()
    assert f"by {world.coordinator.full_name}" in html
    assert url(world, "period-unlock", pk=period.pk) in html


def test_asking_to_lock_a_locked_period_leads_back_to_the_list(world, fw, coordinator):
    period = fw.period("Vermittlungen", Q1_2025)
    coordinator.post(url(world, "period-lock", pk=period.pk))
    response = coordinator.get(url(world, "period-lock", pk=period.pk))
    assert response.status_code == 302
    assert response["Location"] == url(world, "period-list") + f"?jahr=2025#period-{period.pk}"


def test_unlock_reopens_a_period(world, fw, coordinator):
    period = fw.period("Vermittlungen", Q1_2025)
    coordinator.post(url(world, "period-lock", pk=period.pk))
    assert coordinator.get(url(world, "period-unlock", pk=period.pk)).status_code == 405
    response = coordinator.post(url(world, "period-unlock", pk=period.pk))
    assert response.status_code == 302
    period.refresh_from_db()
    assert not period.is_locked


def test_period_page_queries_do_not_grow_with_the_periods(world, fw, coordinator):
    # A longer initiative has ten times the periods; some of them locked by different people.
    def grow():
        initiative = world.initiative
        initiative.start_date = datetime.date(2010, 1, 1)
        initiative.save(update_fields=["start_date"])
        FrameworkBuilder(initiative).indicator("Halbjährlich", frequency="half_yearly").indicator(
            "Jährlich", frequency="yearly"
        ).build()
        for user, period in zip(
            itertools.cycle([world.coordinator, world.other_coordinator]),
            ReportingPeriod.objects.filter(initiative=initiative)[:40],
            strict=False,
        ):
            ReportingPeriod.objects.filter(pk=period.pk).update(
                locked_at=datetime.datetime(2025, 1, 1, tzinfo=datetime.UTC), locked_by=user
            )

    before = ReportingPeriod.objects.filter(initiative=world.initiative).count()
    assert_same_queries(coordinator, url(world, "period-list"), grow)
    assert ReportingPeriod.objects.filter(initiative=world.initiative).count() >= 4 * before
