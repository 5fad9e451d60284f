from django.urls import path

from coordination import views

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
]
