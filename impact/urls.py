from django.urls import path

from impact.views import reporting

app_name = "impact"

urlpatterns = [
    path("initiativen/<slug:slug>/berichte/", reporting.task_list, name="task-list"),
    path(
        "initiativen/<slug:slug>/berichte/<int:indicator_id>/<int:period_id>/",
        reporting.submission_edit,
        name="submission-edit",
    ),
    path(
        "initiativen/<slug:slug>/berichte/<int:indicator_id>/<int:period_id>/korrigieren/",
        reporting.submission_revise,
        name="submission-revise",
    ),
    path(
        "initiativen/<slug:slug>/berichte/<int:indicator_id>/<int:period_id>/verwerfen/",
        reporting.submission_discard,
        name="submission-discard",
    ),
    path("initiativen/<slug:slug>/pruefung/", reporting.review_list, name="review-list"),
    path(
        "initiativen/<slug:slug>/pruefung/<int:pk>/",
        reporting.submission_review,
        name="submission-review",
    ),
    path(
        "initiativen/<slug:slug>/pruefung/<int:pk>/freigeben/",
        reporting.submission_approve,
        name="submission-approve",
    ),
    path(
        "initiativen/<slug:slug>/pruefung/<int:pk>/zurueckgeben/",
        reporting.submission_return,
        name="submission-return",
    ),
    path("initiativen/<slug:slug>/wirkung/", reporting.framework_detail, name="framework-detail"),
]
