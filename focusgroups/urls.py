from django.urls import path

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
