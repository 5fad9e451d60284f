from django.urls import path

from coordination import views
from coordination.views import calendar as calendar_views

app_name = "coordination"

urlpatterns = [
    path("initiativen/<slug:slug>/aktivitaeten/", views.activity_list, name="activity-list"),
    path(
        "initiativen/<slug:slug>/aktivitaeten/neu/",
        views.activity_create,
        name="activity-create",
    ),
    path(
        "initiativen/<slug:slug>/aktivitaeten/abstimmung/",
        views.activity_alignment,
        name="activity-alignment",
    ),
    path(
        "initiativen/<slug:slug>/aktivitaeten/<int:pk>/",
        views.activity_detail,
        name="activity-detail",
    ),
    path(
        "initiativen/<slug:slug>/aktivitaeten/<int:pk>/bearbeiten/",
        views.activity_update,
        name="activity-update",
    ),
    path(
        "initiativen/<slug:slug>/aktivitaeten/<int:pk>/entfernen/",
        views.activity_delete,
        name="activity-delete",
    ),
    path(
        "initiativen/<slug:slug>/aktivitaeten/<int:pk>/leistungen/",
        views.output_log_create,
        name="output-log-create",
    ),
    path(
        "initiativen/<slug:slug>/aktivitaeten/<int:pk>/leistungen/<int:log_pk>/bearbeiten/",
        views.output_log_update,
        name="output-log-update",
    ),
    path(
        "initiativen/<slug:slug>/aktivitaeten/<int:pk>/leistungen/<int:log_pk>/entfernen/",
        views.output_log_delete,
        name="output-log-delete",
    ),
    path(
        "initiativen/<slug:slug>/partner/<int:pk>/beitraege/",
        views.organisation_contributions,
        name="organisation-contributions",
    ),
    path("initiativen/<slug:slug>/treffen/", views.meeting_list, name="meeting-list"),
    path("initiativen/<slug:slug>/treffen/neu/", views.meeting_create, name="meeting-create"),
    path("initiativen/<slug:slug>/treffen/<int:pk>/", views.meeting_detail, name="meeting-detail"),
    path(
        "initiativen/<slug:slug>/treffen/<int:pk>/bearbeiten/",
        views.meeting_update,
        name="meeting-update",
    ),
    path(
        "initiativen/<slug:slug>/treffen/<int:pk>/absagen/",
        views.meeting_cancel,
        name="meeting-cancel",
    ),
    path(
        "initiativen/<slug:slug>/treffen/<int:pk>/punkte/",
        views.agenda_item_create,
        name="agenda-item-create",
    ),
    path(
        "initiativen/<slug:slug>/treffen/<int:pk>/punkte/<int:item_pk>/notizen/",
        views.agenda_item_notes,
        name="agenda-item-notes",
    ),
    path(
        "initiativen/<slug:slug>/treffen/<int:pk>/punkte/<int:item_pk>/beschluesse/",
        views.decision_create,
        name="decision-create",
    ),
    path(
        "initiativen/<slug:slug>/treffen/<int:pk>/punkte/<int:item_pk>/aufgaben/",
        views.meeting_action_item_create,
        name="meeting-action-item-create",
    ),
    path(
        "initiativen/<slug:slug>/treffen/<int:pk>/einladung.ics",
        calendar_views.meeting_ics,
        name="meeting-ics",
    ),
    path("kalender/<str:token>.ics", calendar_views.calendar_feed, name="calendar-feed"),
    path("kalender/neue-adresse/", calendar_views.calendar_feed_renew, name="calendar-feed-renew"),
    path(
        "kalender/ausschalten/",
        calendar_views.calendar_feed_switch_off,
        name="calendar-feed-switch-off",
    ),
    path("initiativen/<slug:slug>/aufgaben/", views.action_item_board, name="action-item-board"),
    path(
        "initiativen/<slug:slug>/aufgaben/neu/",
        views.action_item_create,
        name="action-item-create",
    ),
    path(
        "initiativen/<slug:slug>/aufgaben/<int:pk>/status/",
        views.action_item_status,
        name="action-item-status",
    ),
    path("initiativen/<slug:slug>/beschluesse/", views.decision_list, name="decision-list"),
    # The backbone office's cockpit, the partnership pulse and early warnings
    path("initiativen/<slug:slug>/cockpit/", views.cockpit, name="cockpit"),
    path("initiativen/<slug:slug>/puls/", views.pulse_list, name="pulse-list"),
    path("initiativen/<slug:slug>/puls/neu/", views.pulse_round_create, name="pulse-round-create"),
    path(
        "initiativen/<slug:slug>/puls/<int:pk>/",
        views.pulse_round_detail,
        name="pulse-round-detail",
    ),
    path(
        "initiativen/<slug:slug>/puls/<int:pk>/antworten/",
        views.pulse_answer,
        name="pulse-answer",
    ),
    path(
        "initiativen/<slug:slug>/puls/<int:pk>/schliessen/",
        views.pulse_round_close,
        name="pulse-round-close",
    ),
    path("initiativen/<slug:slug>/fruehwarnungen/", views.warning_list, name="warning-list"),
    path(
        "initiativen/<slug:slug>/fruehwarnungen/neu/",
        views.warning_create,
        name="warning-create",
    ),
    path(
        "initiativen/<slug:slug>/fruehwarnungen/<int:pk>/",
        views.warning_detail,
        name="warning-detail",
    ),
    path(
        "initiativen/<slug:slug>/fruehwarnungen/<int:pk>/verlauf/",
        views.warning_note_create,
        name="warning-note-create",
    ),
    path(
        "initiativen/<slug:slug>/fruehwarnungen/<int:pk>/status/",
        views.warning_status,
        name="warning-status",
    ),
]

# News with comments and @mentions; the person's notifications (not tied to one initiative).
from coordination.views import news, notifications  # noqa: E402

urlpatterns += [
    path("initiativen/<slug:slug>/neuigkeiten/", news.news_list, name="news-list"),
    path("initiativen/<slug:slug>/neuigkeiten/neu/", news.news_create, name="news-create"),
    path(
        "initiativen/<slug:slug>/neuigkeiten/erwaehnen/",
        news.news_mentions,
        name="news-mentions",
    ),
    path("initiativen/<slug:slug>/neuigkeiten/<int:pk>/", news.news_detail, name="news-detail"),
    path(
        "initiativen/<slug:slug>/neuigkeiten/<int:pk>/bearbeiten/",
        news.news_update,
        name="news-update",
    ),
    path(
        "initiativen/<slug:slug>/neuigkeiten/<int:pk>/entfernen/",
        news.news_delete,
        name="news-delete",
    ),
    path(
        "initiativen/<slug:slug>/neuigkeiten/<int:pk>/kommentare/",
        news.news_comment_create,
        name="news-comment-create",
    ),
    path(
        "initiativen/<slug:slug>/neuigkeiten/<int:pk>/kommentare/<int:comment_pk>/bearbeiten/",
        news.news_comment_update,
        name="news-comment-update",
    ),
    path(
        "initiativen/<slug:slug>/neuigkeiten/<int:pk>/kommentare/<int:comment_pk>/entfernen/",
        news.news_comment_delete,
        name="news-comment-delete",
    ),
    path("benachrichtigungen/", notifications.notification_list, name="notification-list"),
    path(
        "benachrichtigungen/alle-gelesen/",
        notifications.notification_read_all,
        name="notification-read-all",
    ),
    path("benachrichtigungen/<int:pk>/", notifications.notification_open, name="notification-open"),
    path(
        "benachrichtigungen/<int:pk>/gelesen/",
        notifications.notification_read,
        name="notification-read",
    ),
]

# Meetings without minutes: roles, speakers' list, live notes, changing the record.
urlpatterns += [
    path(
        "initiativen/<slug:slug>/treffen/<int:pk>/live/",
        views.meeting_live,
        name="meeting-live",
    ),
    path(
        "initiativen/<slug:slug>/treffen/<int:pk>/rollen/<slug:kind>/",
        views.meeting_role_assign,
        name="meeting-role-assign",
    ),
    path(
        "initiativen/<slug:slug>/treffen/<int:pk>/rollen/<slug:kind>/frei/",
        views.meeting_role_unassign,
        name="meeting-role-unassign",
    ),
    path(
        "initiativen/<slug:slug>/treffen/<int:pk>/redeliste/melden/",
        views.speaker_add,
        name="speaker-add",
    ),
    path(
        "initiativen/<slug:slug>/treffen/<int:pk>/redeliste/zurueckziehen/",
        views.speaker_withdraw,
        name="speaker-withdraw",
    ),
    path(
        "initiativen/<slug:slug>/treffen/<int:pk>/redeliste/<int:request_pk>/gesprochen/",
        views.speaker_done,
        name="speaker-done",
    ),
    path(
        "initiativen/<slug:slug>/treffen/<int:pk>/redeliste/<int:request_pk>/entfernen/",
        views.speaker_remove,
        name="speaker-remove",
    ),
    path(
        "initiativen/<slug:slug>/treffen/<int:pk>/punkte/<int:item_pk>/bearbeiten/",
        views.agenda_item_update,
        name="agenda-item-update",
    ),
    path(
        "initiativen/<slug:slug>/treffen/<int:pk>/punkte/<int:item_pk>/entfernen/",
        views.agenda_item_delete,
        name="agenda-item-delete",
    ),
    path(
        "initiativen/<slug:slug>/treffen/<int:pk>/punkte/<int:item_pk>/verschieben/",
        views.agenda_item_move,
        name="agenda-item-move",
    ),
    path(
        "initiativen/<slug:slug>/treffen/<int:pk>/beschluesse/<int:decision_pk>/bearbeiten/",
        views.decision_update,
        name="decision-update",
    ),
    path(
        "initiativen/<slug:slug>/treffen/<int:pk>/beschluesse/<int:decision_pk>/entfernen/",
        views.decision_delete,
        name="decision-delete",
    ),
    path(
        "initiativen/<slug:slug>/aufgaben/<int:pk>/bearbeiten/",
        views.action_item_update,
        name="action-item-update",
    ),
    path(
        "initiativen/<slug:slug>/aufgaben/<int:pk>/entfernen/",
        views.action_item_delete,
        name="action-item-delete",
    ),
]
