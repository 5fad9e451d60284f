"""News posts, comments and @mentions: the services' rules and notifications, the pages for
every role, and the query counts of the news pages."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext

from coordination import services
from coordination.models import NewsComment, NewsPost, Notification
from coordination.notifications import mention_ids, mention_token, render_mentions
from core.errors import PermissionDeniedError
from core.models import AuditEvent
from initiatives.models import Membership
from tests.coordination.news_builders import add_news, news_world


def _base(w):
    return f"/initiativen/{w.initiative.slug}/neuigkeiten/"


def _post(w, user=None, **overrides):
    fields = {"title": "Neuer Partner", "body": "Das Jobcenter Mitte ist dabei."}
    fields.update(overrides)
    return services.news_post_create(
        acting_user=user or w.coordinator, initiative=w.initiative, **fields
    )


def _kinds(user) -> list[str]:
    return sorted(Notification.objects.filter(recipient=user).values_list("kind", flat=True))


# --- posts ------------------------------------------------------------------------------------


def test_coordinator_publishes_news_and_every_other_member_is_notified(world):
    post = _post(world)
    assert post.author == world.coordinator
    assert AuditEvent.objects.filter(verb="news_post.created").count() == 1
    for user in (world.partner, world.partner2, world.viewer, world.participant):
        notification = Notification.objects.get(recipient=user)
        assert notification.kind == Notification.Kind.NEWS_POST
        assert notification.initiative == world.initiative
        assert "Neuer Partner" in notification.text
        assert notification.url == f"{_base(world)}{post.pk}/"
    assert not Notification.objects.filter(recipient=world.coordinator).exists()
    # Nobody outside the initiative hears of it.
    assert not Notification.objects.filter(
        recipient__in=[world.other_coordinator, world.outsider]
    ).exists()


@pytest.mark.parametrize("role", ["partner", "viewer", "participant", "other_coordinator"])
def test_only_the_backbone_office_publishes_news(world, role):
    with pytest.raises(PermissionDeniedError):
        _post(world, world.user(role))
    assert not NewsPost.objects.exists()
    assert not Notification.objects.exists()


def test_news_needs_title_and_text_and_saves_nothing_without(world):
    with pytest.raises(ValidationError) as error:
        _post(world, title="  ", body="")
    assert set(error.value.message_dict) == {"title", "body"}
    assert "title" in error.value.message_dict["title"][0]
    assert not NewsPost.objects.exists() and not Notification.objects.exists()


def test_mentioned_member_gets_a_mention_instead_of_the_general_notification(world):
    _post(world, body=f"Bitte meldet euch bei {mention_token(world.partner)}.")
    assert _kinds(world.partner) == ["mention"]
    assert "mentioned you" in Notification.objects.get(recipient=world.partner).text
    assert _kinds(world.viewer) == ["news_post"]


def test_only_members_of_the_initiative_can_be_mentioned(world):
    body = (
        f"Hallo {mention_token(world.other_coordinator)} und {mention_token(world.outsider)} "
        f"und @[Erfunden](user:999999), {mention_token(world.partner)}!"
    )
    post = _post(world, body=body)
    assert mention_ids(post.body) == {world.partner.pk}
    # The other tokens stay readable as plain text.
    assert "@Otto Außen" in post.body and "@Erfunden" in post.body
    assert not Notification.objects.filter(
        recipient__in=[world.other_coordinator, world.outsider]
    ).exists()


def test_mentioning_oneself_notifies_nobody(world):
    _post(world, body=f"Ich, {mention_token(world.coordinator)}, lade ein.")
    assert not Notification.objects.filter(recipient=world.coordinator).exists()


def test_editing_a_post_notifies_only_the_newly_mentioned(world):
    post = _post(world, body=f"Mit {mention_token(world.partner)}.")
    Notification.objects.all().delete()
    services.news_post_update(
        acting_user=world.coordinator,
        post=post,
        title="Neuer Partner (aktualisiert)",
        body=f"Mit {mention_token(world.partner)} und {mention_token(world.viewer)}.",
        pinned=True,
    )
    assert list(Notification.objects.values_list("recipient_id", "kind")) == [
        (world.viewer.pk, "mention")
    ]
    post.refresh_from_db()
    assert post.pinned and post.title == "Neuer Partner (aktualisiert)"


def test_deleting_a_post_removes_its_comments_and_the_notifications_leading_to_it(world):
    news = news_world(world)
    other = _post(world, title="Bleibt")
    services.news_post_delete(acting_user=world.coordinator, post=news.post)
    assert list(NewsPost.objects.all()) == [other]
    assert not NewsComment.objects.exists()
    assert set(Notification.objects.values_list("url", flat=True)) == {f"{_base(world)}{other.pk}/"}


# --- comments ---------------------------------------------------------------------------------


def test_comment_notifies_the_author_and_earlier_commenters_but_not_the_commenter(world):
    post = _post(world)
    Notification.objects.all().delete()
    services.news_comment_create(acting_user=world.partner, post=post, body="Super!")
    assert _kinds(world.coordinator) == ["comment"]
    assert not Notification.objects.exclude(recipient=world.coordinator).exists()
    comment = services.news_comment_create(acting_user=world.viewer, post=post, body="Ja!")
    # The author and the partner (who commented before) hear of the viewer's comment.
    assert _kinds(world.coordinator) == ["comment", "comment"]
    assert _kinds(world.partner) == ["comment"]
    assert Notification.objects.get(recipient=world.partner).url.endswith(f"#comment-{comment.pk}")
    assert not Notification.objects.filter(recipient=world.viewer).exists()


def test_mentioned_in_a_comment_gets_one_mention_only(world):
    post = _post(world)
    Notification.objects.all().delete()
    services.news_comment_create(
        acting_user=world.partner, post=post, body=f"{mention_token(world.coordinator)} danke!"
    )
    assert _kinds(world.coordinator) == ["mention"]


@pytest.mark.parametrize("role", ["coordinator", "partner", "viewer"])
def test_members_but_participants_comment(world, role):
    post = _post(world)
    comment = services.news_comment_create(acting_user=world.user(role), post=post, body="Gut.")
    assert comment.author == world.user(role)


@pytest.mark.parametrize("role", ["participant", "other_coordinator", "outsider"])
def test_participants_and_outsiders_cannot_comment(world, role):
    post = _post(world)
    with pytest.raises(PermissionDeniedError):
        services.news_comment_create(acting_user=world.user(role), post=post, body="Hallo")
    assert not NewsComment.objects.exists()


def test_empty_comment_is_refused(world):
    post = _post(world)
    with pytest.raises(ValidationError) as error:
        services.news_comment_create(acting_user=world.partner, post=post, body="   ")
    assert "Please write a comment" in error.value.message_dict["body"][0]


def test_author_edits_own_comment_others_cannot(world):
    comment = news_world(world).comment
    services.news_comment_update(acting_user=world.partner, comment=comment, body="Geändert")
    comment.refresh_from_db()
    assert comment.body == "Geändert"
    for user in (world.coordinator, world.partner2, world.viewer):
        with pytest.raises(PermissionDeniedError):
            services.news_comment_update(acting_user=user, comment=comment, body="Fremd")
    comment.refresh_from_db()
    assert comment.body == "Geändert"


def test_backbone_office_removes_any_comment_other_members_only_their_own(world):
    comment = news_world(world).comment
    with pytest.raises(PermissionDeniedError):
        services.news_comment_delete(acting_user=world.partner2, comment=comment)
    services.news_comment_delete(acting_user=world.coordinator, comment=comment)
    assert not NewsComment.objects.exists()
    assert AuditEvent.objects.filter(verb="news_comment.deleted").count() == 1


def test_member_who_left_is_no_longer_notified_or_mentionable(world):
    Membership.objects.filter(user=world.partner2, initiative=world.initiative).delete()
    post = _post(world, body=f"Gruß an {mention_token(world.partner2)}")
    assert mention_ids(post.body) == set()
    assert not Notification.objects.filter(recipient=world.partner2).exists()


# --- rendering --------------------------------------------------------------------------------


def test_mentions_render_as_the_current_name_and_other_html_is_escaped(world):
    text = f"<b>Hallo</b> {mention_token(world.partner)}\n\nZweiter Absatz"
    html = render_mentions(text, {world.partner.pk: "Petra Partner"})
    assert '<span class="mention">@Petra Partner</span>' in html
    assert "&lt;b&gt;Hallo&lt;/b&gt;" in html
    assert html.count("<p>") == 2


# --- pages ------------------------------------------------------------------------------------


def test_list_shows_pinned_first_then_newest(world, client_for):
    old = _post(world, title="Alt")
    pinned = _post(world, title="Angeheftet", pinned=True)
    new = _post(world, title="Neu")
    NewsPost.objects.filter(pk=pinned.pk).update(
        created_at=old.created_at - datetime.timedelta(days=3)
    )
    NewsPost.objects.filter(pk=new.pk).update(
        created_at=old.created_at + datetime.timedelta(days=1)
    )
    html = client_for(world.participant).get(_base(world)).content.decode()
    assert html.index("Angeheftet") < html.index("Neu") < html.index("Alt")
    assert "Pinned" in html


def test_list_is_paginated(world, client_for):
    add_news(world, 12, comments_per_post=0)
    client = client_for(world.viewer)
    first = client.get(_base(world)).content.decode()
    assert "Page 1 of 2" in first
    second = client.get(_base(world) + "?page=2").content.decode()
    assert second.count('class="news-card') == 2


def test_empty_list_invites_the_coordinator_to_write(world, client_for):
    html = client_for(world.coordinator).get(_base(world)).content.decode()
    assert "No news yet." in html and "neuigkeiten/neu/" in html
    html = client_for(world.partner).get(_base(world)).content.decode()
    assert "No news yet." in html and "neuigkeiten/neu/" not in html


def test_navigation_has_news_for_every_member(world, client_for):
    html = client_for(world.participant).get(f"/initiativen/{world.initiative.slug}/")
    assert f'href="{_base(world)}"' in html.content.decode()


def test_detail_shows_post_comments_and_mention_names(world, client_for):
    news = news_world(world)
    html = client_for(world.viewer).get(f"{_base(world)}{news.post.pk}/").content.decode()
    assert "Matching-Tag im Mai" in html
    assert f'id="comment-{news.comment.pk}"' in html
    assert f'<span class="mention">@{world.partner2.full_name}</span>' in html
    assert "user:" not in html.split('id="comment-form"')[0]
    assert 'id="comment-form"' in html  # viewers comment


def test_participant_reads_but_gets_no_comment_form(world, client_for):
    news = news_world(world)
    html = client_for(world.participant).get(f"{_base(world)}{news.post.pk}/").content.decode()
    assert "Matching-Tag im Mai" in html and 'id="comment-form"' not in html


def test_create_page_publishes_and_redirects_to_the_post(world, client_for):
    client = client_for(world.coordinator)
    response = client.post(
        f"{_base(world)}neu/", {"title": "Sprechstunde", "body": "Jeden Dienstag.", "pinned": "on"}
    )
    post = NewsPost.objects.get()
    assert response.status_code == 302 and response.url == f"{_base(world)}{post.pk}/"
    assert post.pinned


def test_rejected_post_answers_422_keeps_the_text_and_names_the_problem(world, client_for):
    client = client_for(world.coordinator)
    response = client.post(
        f"{_base(world)}neu/", {"title": "", "body": "Mein langer Text"}, HTTP_HX_REQUEST="true"
    )
    assert response.status_code == 422
    html = response.content.decode()
    assert "Please give the news a title." in html and "Mein langer Text" in html
    assert not NewsPost.objects.exists()


def test_rejected_comment_answers_422_with_the_message(world, client_for):
    news = news_world(world)
    response = client_for(world.partner2).post(
        f"{_base(world)}{news.post.pk}/kommentare/", {"body": " "}, HTTP_HX_REQUEST="true"
    )
    assert response.status_code == 422
    assert "Please write a comment." in response.content.decode()
    assert NewsComment.objects.count() == 1


def test_comment_page_redirects_to_the_new_comment(world, client_for):
    news = news_world(world)
    response = client_for(world.partner2).post(
        f"{_base(world)}{news.post.pk}/kommentare/", {"body": "Wir kommen!"}
    )
    comment = NewsComment.objects.latest("pk")
    assert response.url.endswith(f"/{news.post.pk}/#comment-{comment.pk}")


def test_delete_asks_first_then_deletes(world, client_for):
    news = news_world(world)
    client = client_for(world.coordinator)
    url = f"{_base(world)}{news.post.pk}/entfernen/"
    html = client.get(url).content.decode()
    assert "Yes, delete" in html and "1 comment" in html
    assert NewsPost.objects.exists()
    assert client.post(url).status_code == 302
    assert not NewsPost.objects.exists()


def test_comment_delete_asks_first(world, client_for):
    news = news_world(world)
    client = client_for(world.coordinator)
    url = f"{_base(world)}{news.post.pk}/kommentare/{news.comment.pk}/entfernen/"
    assert "Remove the comment by" in client.get(url).content.decode()
    assert NewsComment.objects.exists()
    client.post(url)
    assert not NewsComment.objects.exists()


def test_comment_of_another_post_answers_404(world, client_for):
    news = news_world(world)
    other = _post(world, title="Andere")
    url = f"{_base(world)}{other.pk}/kommentare/{news.comment.pk}/bearbeiten/"
    assert client_for(world.partner).get(url).status_code == 404


def test_mention_suggestions_list_members_of_this_initiative_but_not_oneself(world, client_for):
    client = client_for(world.partner)
    html = client.get(f"{_base(world)}erwaehnen/?q=Partner").content.decode()
    assert f'data-token="{mention_token(world.partner2)}"' in html
    assert f"user:{world.partner.pk})" not in html
    assert 'role="option"' in html
    html = client.get(f"{_base(world)}erwaehnen/?q=Other").content.decode()
    assert "option" not in html  # the other initiative's coordinator
    assert client.get(f"{_base(world)}erwaehnen/?q=").content.decode().strip() == ""


def test_form_field_is_wired_for_mention_suggestions(world, client_for):
    html = client_for(world.coordinator).get(f"{_base(world)}neu/").content.decode()
    assert f'data-mention-url="{_base(world)}erwaehnen/"' in html
    assert 'aria-controls="post-mentions"' in html and 'id="post-mentions"' in html
    assert 'role="listbox"' in html and "js/mentions.js" in html


# --- query counts -----------------------------------------------------------------------------


def _queries(client, url) -> int:
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
        assert response.status_code == 200
        assert response.content
    return len(queries)


def test_news_list_query_count_does_not_grow(world, client_for):
    client = client_for(world.partner)
    add_news(world, 1, comments_per_post=1)
    small = _queries(client, _base(world))
    add_news(world, 9, comments_per_post=3, pinned=2)
    assert _queries(client, _base(world)) == small


def test_news_detail_query_count_does_not_grow_with_comments(world, client_for):
    client = client_for(world.coordinator)
    small, large = add_news(world, 1, comments_per_post=1), add_news(world, 1, comments_per_post=10)
    assert _queries(client, f"{_base(world)}{small[0].pk}/") == _queries(
        client, f"{_base(world)}{large[0].pk}/"
    )


def test_comment_through_htmx_reloads_the_page_to_show_it(world, client_for):
    news = news_world(world)
    response = client_for(world.partner2).post(
        f"{_base(world)}{news.post.pk}/kommentare/", {"body": "Gern!"}, HTTP_HX_REQUEST="true"
    )
    assert response.status_code == 200 and response["HX-Refresh"] == "true"
    assert NewsComment.objects.filter(body="Gern!").exists()
