"""The demo data: activities with logs and breakdowns, one gap and one overlap in the alignment
view, every status; a second run changes nothing."""

from coordination import demo, selectors
from coordination.models import Activity, OutputBreakdown, OutputLog
from core.models import AuditEvent
from impact import demo as impact_demo
from initiatives import demo as initiatives_demo


def _load() -> dict:
    world = {"password": "demo", "logins": []}
    initiatives_demo.load(world)
    impact_demo.load(world)
    demo.load(world)
    return world


def _snapshot() -> tuple:
    return (
        Activity.objects.count(),
        OutputLog.objects.count(),
        OutputBreakdown.objects.count(),
        AuditEvent.objects.count(),
    )


def test_demo_shows_a_gap_an_overlap_and_every_status_and_is_idempotent(db):
    world = _load()
    initiative = world["initiative"]
    activities = list(Activity.objects.filter(initiative=initiative))
    assert len(activities) >= 10
    assert {a.status for a in activities} == {"planned", "running", "completed"}
    assert OutputBreakdown.objects.filter(log__activity__initiative=initiative).exists()
    coordinator = world["users"]["coordinator@example.org"]
    alignment = selectors.alignment_get(viewer=coordinator, initiative=initiative)
    assert [o.title for o in alignment.gaps] == ["Anerkennungsverfahren werden zügig abgeschlossen"]
    assert [o.title for o in alignment.overlaps] == [demo.PLACEMENT]

    before = _snapshot()
    _load()
    assert _snapshot() == before


def test_demo_has_meetings_with_decisions_and_an_overdue_action_item(db):
    from coordination.models import ActionItem, Decision, Meeting

    world = _load()
    initiative = world["initiative"]
    meetings = Meeting.objects.filter(initiative=initiative)
    assert sum(m.is_past for m in meetings) == 2 and sum(not m.is_past for m in meetings) == 1
    assert Decision.objects.filter(agenda_item__meeting__initiative=initiative).count() >= 3
    items = list(ActionItem.objects.filter(initiative=initiative))
    assert {i.status for i in items} == {"todo", "in_progress", "done"}
    assert [i.title for i in items if i.is_overdue] == ["Kinderbetreuung für den Abend klären"]
    before = (Meeting.objects.count(), ActionItem.objects.count())
    demo.load(world)
    assert (Meeting.objects.count(), ActionItem.objects.count()) == before


def test_demo_has_news_with_comments_a_mention_and_unread_notifications(db):
    from coordination.models import NewsComment, NewsPost, Notification
    from coordination.notifications import mention_ids

    world = _load()
    initiative = world["initiative"]
    posts = list(NewsPost.objects.filter(initiative=initiative))
    assert len(posts) == 3 and sum(p.pinned for p in posts) == 1
    assert NewsComment.objects.filter(post__initiative=initiative).count() >= 3
    ihk = world["users"]["partner2@example.org"]
    assert any(ihk.pk in mention_ids(p.body) for p in posts)
    coordinator = world["users"]["coordinator@example.org"]
    assert Notification.objects.filter(recipient=coordinator, read_at__isnull=True).exists()
    before = (NewsPost.objects.count(), NewsComment.objects.count(), Notification.objects.count())
    demo.load(world)
    after = (NewsPost.objects.count(), NewsComment.objects.count(), Notification.objects.count())
    assert after == before


def test_demo_has_a_pulse_trend_an_open_round_and_two_warnings(db):
    from coordination.models import EarlyWarning, PulseAnswer, PulseRound

    world = _load()
    initiative = world["initiative"]
    coordinator = world["users"]["coordinator@example.org"]
    points = selectors.pulse_trend_get(viewer=coordinator, initiative=initiative)
    assert len(points) == 2 and all(p.count >= 3 and p.questions for p in points)
    assert points[1].overall_mean > points[0].overall_mean
    assert [r.is_open for r in PulseRound.objects.filter(initiative=initiative)].count(True) == 1
    warnings = EarlyWarning.objects.filter(initiative=initiative)
    assert sorted(w.visibility for w in warnings) == ["coordinators", "members"]
    partner2 = world["users"]["partner2@example.org"]
    assert selectors.warning_list(viewer=partner2, initiative=initiative).count() == 1
    before = (PulseRound.objects.count(), PulseAnswer.objects.count(), warnings.count())
    demo.load(world)
    assert (PulseRound.objects.count(), PulseAnswer.objects.count(), warnings.count()) == before


def test_demo_meetings_have_rotating_roles_and_a_speakers_history(db):
    from coordination.models import Meeting, MeetingRole, SpeakerRequest

    world = _load()
    initiative = world["initiative"]
    spring = Meeting.objects.get(initiative=initiative, title="Partnertreffen Frühjahr")
    assert MeetingRole.objects.filter(meeting=spring).count() == 3
    history = SpeakerRequest.objects.filter(meeting=spring)
    assert history.count() >= 4 and not history.filter(spoken_at__isnull=True).exists()
    assert all(spring.starts_at <= r.requested_at <= spring.ends_at for r in history)
    upcoming = Meeting.objects.get(initiative=initiative, title="Partnertreffen Herbst")
    coordinator = world["users"]["coordinator@example.org"]
    meeting = selectors.meeting_get(viewer=coordinator, initiative=initiative, pk=upcoming.pk)
    members = selectors.assignable_member_list(initiative=initiative)
    slots = {
        s.kind: s
        for s in selectors.meeting_role_slots(meeting=meeting, members=members, with_proposals=True)
    }
    assert slots["moderation"].holder is not None
    assert slots["timekeeping"].proposal is not None and slots["documentation"].proposal is not None
