from django.urls import path

from reports import views

app_name = "reports"

urlpatterns = [
    path("initiativen/<slug:slug>/pdf-berichte/", views.report_list, name="report-list"),
    path(
        "initiativen/<slug:slug>/pdf-berichte/<int:pk>/", views.report_detail, name="report-detail"
    ),
    path(
        "initiativen/<slug:slug>/pdf-berichte/<int:pk>/herunterladen/",
        views.report_download,
        name="report-download",
    ),
    path(
        "initiativen/<slug:slug>/pdf-berichte/<int:pk>/vorschau/",
        views.report_preview,
        name="report-preview",
    ),
    path(
        "initiativen/<slug:slug>/pdf-berichte/<int:pk>/erneut-versuchen/",
        views.report_retry,
        name="report-retry",
    ),
    path(
        "initiativen/<slug:slug>/pdf-berichte/<int:pk>/neu-erstellen/",
        views.report_repeat,
        name="report-repeat",
    ),
    path(
        "initiativen/<slug:slug>/pdf-berichte/exporte/aktivitaeten/",
        views.activity_export,
        name="activity-export",
    ),
    path(
        "initiativen/<slug:slug>/pdf-berichte/sitzungen/<int:meeting_pk>/",
        views.meeting_report_request,
        name="meeting-report",
    ),
    path(
        "initiativen/<slug:slug>/pdf-berichte/exporte/aufgaben/",
        views.action_item_export,
        name="action-item-export",
    ),
    path(
        "initiativen/<slug:slug>/pdf-berichte/zeitplaene/",
        views.schedule_list,
        name="schedule-list",
    ),
    path(
        "initiativen/<slug:slug>/pdf-berichte/zeitplaene/neu/",
        views.schedule_create,
        name="schedule-create",
    ),
    path(
        "initiativen/<slug:slug>/pdf-berichte/zeitplaene/<int:pk>/bearbeiten/",
        views.schedule_update,
        name="schedule-update",
    ),
    path(
        "initiativen/<slug:slug>/pdf-berichte/zeitplaene/<int:pk>/pausieren/",
        views.schedule_pause,
        name="schedule-pause",
    ),
    path(
        "initiativen/<slug:slug>/pdf-berichte/zeitplaene/<int:pk>/loeschen/",
        views.schedule_delete,
        name="schedule-delete",
    ),
]

# The guide (Leitfaden) of a focus group, asked for from the group's guide page.
urlpatterns += [
    path(
        "initiativen/<slug:slug>/pdf-berichte/leitfaden/<int:group_pk>/",
        views.guide_request,
        name="guide-request",
    ),
]
