"""The demo's matching evening: tested and evaluated against four criteria (three met), with
participants' feedback and a planned second round that compares against it."""

from focusgroups import demo, selectors
from focusgroups.models import FeedbackResponse, FocusGroup, Prototype
from tests.focusgroups.test_demo import _load


def test_demo_group_has_a_tested_prototype_feedback_and_a_second_round(db):
    _load()
    group = FocusGroup.objects.get(name=demo.MAIN)
    first = Prototype.objects.get(group=group, title=demo.PROTOTYPE)
    assert first.status == "evaluated"
    detail = selectors.prototype_detail(prototype=first)
    assert (detail.met_count, len(detail.criteria)) == (3, 4)
    assert FeedbackResponse.objects.filter(prototype=first).count() == len(demo.FEEDBACK)
    second = first.next_iterations.get()
    assert second.status == "planned" and second.changes_from_previous
    assert second.criteria.count() == 4
    assert second.feedback_links.filter(closed_at__isnull=True).exists()
    steps = selectors.group_stage_summary(group=group)
    assert steps[3].ready  # step 4 complete: criteria, results, feedback

    before = (Prototype.objects.count(), FeedbackResponse.objects.count())
    _load()
    assert (Prototype.objects.count(), FeedbackResponse.objects.count()) == before
