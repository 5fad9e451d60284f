"""In-app notifications: `notify`, the notifications page, opening and marking read, and the
unread count in the header of every page."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils.translation import gettext_lazy

from coordination.models import Notification
from coordination.notifications import UNREAD_CAP, notification_unread_count, notify
from initiatives.models import Membership

URL = "/benachrichtigungen/"


def _notify(world, recipients, *, text="Etwas ist passiert.", actor=None, initiative=True):
    return notify(
        recipients=recipients,
        kind="test",
        text=text,
        url=f"/initiativen/{world.initiative.slug}/",
        initiative=world.initiative if initiative else None,
        actor=actor,
    )


# --- notify -----------------------------------------------------------------------------------


def test_notify_creates_one_per_person_and_never_for_the_actor(world):
    created = _notify(
        world,
        [world.partner, world.partner.pk, world.viewer, world.coordinator],
        actor=world.coordinator,
    )
    assert len(created) == 2
    assert sorted(Notification.objects.values_list("recipient_id", flat=True)) == sorted(
        [world.partner.pk, world.viewer.pk]
    )
    assert all(n.actor_id == world.coordinator.pk for n in Notification.objects.all())


def test_notify_renders_the_text_in_each_recipients_language(world):
    world.partner.language = "de"
    world.partner.save()
    notify(
        recipients=[world.partner, world.viewer],
        kind="test",
        text=gettext_lazy("Your profile has been saved."),
        initiative=world.initiative,
    )
    texts = dict(Notification.objects.values_list("recipient_id", "text"))
    assert texts[world.viewer.pk] == "Your profile has been saved."
    assert texts[world.partner.pk] != "Your profile has been saved."


def test_notify_fills_params_and_shortens_long_texts(world):
    notify(
        recipients=[world.partner],
        kind="test",
        text="%(who)s schrieb: %(what)s",
        params={"who": world.coordinator, "what": "x" * 600},
    )
    text = Notification.objects.get().text
    assert text.startswith("Coordinator schrieb: xxx") and len(text) == 500 and text[-1] == "…"


def test_notify_without_recipients_writes_nothing(world):
    assert _notify(world, [world.coordinator], actor=world.coordinator) == []
    assert not Notification.objects.exists()


# --- the page ---------------------------------------------------------------------------------


def test_page_lists_own_notifications_newest_first_unread_marked(world, client_for):
    _notify(world, [world.partner], text="Erste")
    _notify(world, [world.partner], text="Zweite")
    _notify(world, [world.viewer], text="Fremde")
    html = client_for(world.partner).get(URL).content.decode()
    assert html.index("Zweite") < html.index("Erste")
    assert "Fremde" not in html
    assert html.count("notification--unread") == 2
    assert "Mark all as read" in html


def test_empty_page_explains_what_will_appear(world, client_for):
    html = client_for(world.outsider).get(URL).content.decode()
    assert "No notifications." in html and "Mark all as read" not in html


def test_page_is_paginated(world, client_for):
    for index in range(25):
        _notify(world, [world.partner], text=f"Nachricht {index}")
    html = client_for(world.partner).get(URL).content.decode()
    assert "Page 1 of 2" in html and html.count('class="notification ') == 20


def test_opening_marks_read_and_leads_to_the_target(world, client_for):
    (notification,) = _notify(world, [world.partner])
    response = client_for(world.partner).get(f"{URL}{notification.pk}/")
    assert response.status_code == 302 and response.url == notification.url
    notification.refresh_from_db()
    assert notification.read_at is not None


def test_opening_never_leads_off_the_site(world, client_for):
    (notification,) = _notify(world, [world.partner])
    Notification.objects.filter(pk=notification.pk).update(url="https://evil.example/")
    response = client_for(world.partner).get(f"{URL}{notification.pk}/")
    assert response.url == URL


@pytest.mark.parametrize("path", ["{pk}/", "{pk}/gelesen/"])
def test_someone_elses_notification_answers_404_and_stays_unread(world, client_for, path):
    (notification,) = _notify(world, [world.partner])
    client = client_for(world.viewer)
    url = URL + path.format(pk=notification.pk)
    response = client.post(url) if "gelesen" in path else client.get(url)
    assert response.status_code == 404
    notification.refresh_from_db()
    assert notification.read_at is None


def test_mark_one_and_all_read(world, client_for):
    first = _notify(world, [world.partner])[0]
    _notify(world, [world.partner])
    _notify(world, [world.partner])
    other = _notify(world, [world.viewer])[0]
    client = client_for(world.partner)
    assert client.post(f"{URL}{first.pk}/gelesen/", {"next": URL}).url == URL
    assert notification_unread_count(viewer=world.partner) == 2
    client.post(f"{URL}alle-gelesen/")
    assert notification_unread_count(viewer=world.partner) == 0
    other.refresh_from_db()
    assert other.read_at is None


def test_notifications_of_an_initiative_one_left_are_hidden(world, client_for):
    _notify(world, [world.partner], text="Aus der Initiative")
    _notify(world, [world.partner], text="Zum Konto", initiative=False)
    Membership.objects.filter(user=world.partner, initiative=world.initiative).delete()
    assert notification_unread_count(viewer=world.partner) == 1
    html = client_for(world.partner).get(URL).content.decode()
    assert "Zum Konto" in html and "Aus der Initiative" not in html


# --- the header -------------------------------------------------------------------------------


def test_header_shows_the_unread_count_on_every_page(world, client_for):
    client = client_for(world.partner)
    html = client.get(f"/initiativen/{world.initiative.slug}/").content.decode()
    assert 'href="/benachrichtigungen/"' in html
    assert "notification-badge" not in html
    _notify(world, [world.partner])
    _notify(world, [world.partner])
    html = client.get("/konto/profil/").content.decode()
    assert '<span class="notification-badge" aria-hidden="true">2</span>' in html
    assert "(2 unread)" in html  # what screen readers hear as part of the link


def test_header_caps_the_count(world):
    Notification.objects.bulk_create(
        Notification(recipient=world.partner, kind="test", text="x") for _ in range(UNREAD_CAP + 5)
    )
    assert notification_unread_count(viewer=world.partner) == UNREAD_CAP + 1


def test_header_count_costs_one_query(world, client_for):
    client = client_for(world.partner)
    _notify(world, [world.partner])
    with CaptureQueriesContext(connection) as queries:
        client.get("/konto/profil/")
    assert sum("coordination_notification" in q["sql"] for q in queries.captured_queries) == 1


def _queries(client) -> int:
    with CaptureQueriesContext(connection) as queries:
        response = client.get(URL)
        assert response.status_code == 200 and response.content
    return len(queries)


def test_notifications_page_query_count_does_not_grow(world, client_for):
    client = client_for(world.partner)
    _notify(world, [world.partner])
    small = _queries(client)
    for _ in range(30):
        _notify(world, [world.partner])
        _notify(world, [world.partner], initiative=False)
    assert _queries(client) == small
