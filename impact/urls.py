from django.urls import path

from impact import views

app_name = "impact"

urlpatterns = [
    path("initiativen/<slug:slug>/berichte/", views.task_list, name="task-list"),
    path(
        "initiativen/<slug:slug>/berichte/<int:indicator_id>/<int:period_id>/",
        views.submission_edit,
        name="submission-edit",
    ),
    path(
        "initiativen/<slug:slug>/berichte/<int:indicator_id>/<int:period_id>/korrigieren/",
        views.submission_revise,
        name="submission-revise",
    ),
    path(
        "initiativen/<slug:slug>/berichte/<int:indicator_id>/<int:period_id>/verwerfen/",
        views.submission_discard,
        name="submission-discard",
    ),
    path("initiativen/<slug:slug>/pruefung/", views.review_list, name="review-list"),
    path(
        "initiativen/<slug:slug>/pruefung/<int:pk>/",
        views.submission_review,
        name="submission-review",
    ),
    path(
        "initiativen/<slug:slug>/pruefung/<int:pk>/freigeben/",
        views.submission_approve,
        name="submission-approve",
    ),
    path(
        "initiativen/<slug:slug>/pruefung/<int:pk>/zurueckgeben/",
        views.submission_return,
        name="submission-return",
    ),
    path("initiativen/<slug:slug>/wirkung/", views.framework_detail, name="framework-detail"),
]
