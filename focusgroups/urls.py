from django.urls import path

from focusgroups.views import concepts as step3
from focusgroups.views import feedback, prototypes
from focusgroups.views import groups as views

app_name = "focusgroups"

BASE = "initiativen/<slug:slug>/fokusgruppen/"
GROUP = BASE + "<int:pk>/"

urlpatterns = [
    path(BASE, views.group_list, name="group-list"),
    path(BASE + "neu/", views.group_create, name="group-create"),
    path(GROUP, views.group_detail, name="group-detail"),
    path(GROUP + "einstellungen/", views.group_update, name="group-update"),
    path(GROUP + "schritte/", views.group_pipeline, name="group-pipeline"),
    path(GROUP + "aufloesen/", views.group_dissolve, name="group-dissolve"),
    path(GROUP + "beitreten/", views.group_join, name="group-join"),
    path(GROUP + "verlassen/", views.group_leave, name="group-leave"),
    path(GROUP + "mitglieder/", views.member_add, name="member-add"),
    path(GROUP + "problem/", views.problem_edit, name="problem-edit"),
    path(GROUP + "problem/zustimmung/", views.problem_agree, name="problem-agree"),
    path(GROUP + "board/", views.board, name="board"),
    path(GROUP + "board/version/", views.board_version, name="board-version"),
    path(GROUP + "board/karten/", views.card_create, name="card-create"),
    path(GROUP + "board/karten/<int:card_pk>/punkte/", views.card_vote, name="card-vote"),
    path(GROUP + "board/karten/<int:card_pk>/cluster/", views.card_move, name="card-move"),
    path(GROUP + "board/cluster/", views.cluster_create, name="cluster-create"),
    path(GROUP + "board/cluster/<int:cluster_pk>/", views.cluster_update, name="cluster-update"),
    # Step 3: concepts, tasks, sprints, retrospectives; sessions as meetings
    path(GROUP + "konzepte/", step3.concept_list, name="concept-list"),
    path(GROUP + "konzepte/neu/", step3.concept_create, name="concept-create"),
    path(GROUP + "konzepte/<int:concept_pk>/", step3.concept_detail, name="concept-detail"),
    path(
        GROUP + "konzepte/<int:concept_pk>/bearbeiten/",
        step3.concept_update,
        name="concept-update",
    ),
    path(
        GROUP + "konzepte/<int:concept_pk>/loeschen/",
        step3.concept_delete,
        name="concept-delete",
    ),
    path(GROUP + "aufgaben/", step3.task_board, name="task-board"),
    path(GROUP + "aufgaben/neu/", step3.task_create, name="task-create"),
    path(GROUP + "aufgaben/<int:task_pk>/", step3.task_update, name="task-update"),
    path(GROUP + "aufgaben/<int:task_pk>/status/", step3.task_status, name="task-status"),
    path(GROUP + "aufgaben/<int:task_pk>/loeschen/", step3.task_delete, name="task-delete"),
    path(GROUP + "sprints/", step3.sprint_list, name="sprint-list"),
    path(GROUP + "sprints/neu/", step3.sprint_create, name="sprint-create"),
    path(GROUP + "sprints/<int:sprint_pk>/", step3.sprint_detail, name="sprint-detail"),
    path(GROUP + "sprints/<int:sprint_pk>/bearbeiten/", step3.sprint_update, name="sprint-update"),
    path(GROUP + "sprints/<int:sprint_pk>/status/", step3.sprint_status, name="sprint-status"),
    path(
        GROUP + "sprints/<int:sprint_pk>/retro/",
        step3.retro_item_create,
        name="retro-item-create",
    ),
    path(
        GROUP + "sprints/<int:sprint_pk>/retro/<int:item_pk>/aufgabe/",
        step3.retro_item_task,
        name="retro-item-task",
    ),
    path(GROUP + "sitzungen/neu/", step3.session_create, name="session-create"),
]


# Steps 4 and 5: prototypes, criteria, results, feedback links, the second round
PROTOTYPES = GROUP + "prototypen/"
PROTOTYPE = PROTOTYPES + "<int:prototype_pk>/"
CRITERION = PROTOTYPE + "kriterien/<int:criterion_pk>/"

urlpatterns += [
    path(PROTOTYPES, prototypes.prototype_list, name="prototype-list"),
    path(PROTOTYPES + "neu/", prototypes.prototype_create, name="prototype-create"),
    path(PROTOTYPE, prototypes.prototype_detail, name="prototype-detail"),
    path(PROTOTYPE + "bearbeiten/", prototypes.prototype_update, name="prototype-update"),
    path(PROTOTYPE + "status/", prototypes.prototype_status, name="prototype-status"),
    path(PROTOTYPE + "ergebnisse/", prototypes.prototype_results, name="prototype-results"),
    path(PROTOTYPE + "zweite-runde/", prototypes.prototype_iterate, name="prototype-iterate"),
    path(PROTOTYPE + "kriterien/", prototypes.criterion_create, name="criterion-create"),
    path(CRITERION, prototypes.criterion_update, name="criterion-update"),
    path(CRITERION + "loeschen/", prototypes.criterion_delete, name="criterion-delete"),
    path(
        PROTOTYPE + "feedback-links/", prototypes.feedback_link_create, name="feedback-link-create"
    ),
    path(
        PROTOTYPE + "feedback-links/<int:link_pk>/schliessen/",
        prototypes.feedback_link_close,
        name="feedback-link-close",
    ),
    # public, without an account
    path("feedback/<str:token>/", feedback.feedback_form, name="feedback-form"),
    path("feedback/<str:token>/danke/", feedback.feedback_thanks, name="feedback-thanks"),
]


# Step 5: the guide (Leitfaden), what became of the practice, the links to the common agenda.
from focusgroups.views import guide as guide_views  # noqa: E402

urlpatterns += [
    path(GROUP + "leitfaden/", guide_views.guide_detail, name="guide"),
    path(GROUP + "leitfaden/bearbeiten/", guide_views.guide_edit, name="guide-edit"),
    path(GROUP + "leitfaden/zusammenstellen/", guide_views.guide_assemble, name="guide-assemble"),
    path(GROUP + "leitfaden/status/", guide_views.guide_status, name="guide-status"),
    path(GROUP + "ergebnis/", guide_views.group_outcome, name="group-outcome"),
    path(GROUP + "wirkungsziele/", guide_views.group_links, name="group-links"),
]
