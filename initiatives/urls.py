from django.urls import path

from initiatives import views

app_name = "initiatives"

urlpatterns = [
    path("initiativen/", views.initiative_list, name="initiative-list"),
    path("initiativen/neu/", views.initiative_create, name="initiative-create"),
    path("initiativen/<slug:slug>/", views.initiative_detail, name="initiative-detail"),
    path("initiativen/<slug:slug>/start/", views.initiative_start, name="initiative-start"),
    path("initiativen/<slug:slug>/bearbeiten/", views.initiative_update, name="initiative-update"),
    path("initiativen/<slug:slug>/partner/", views.organisation_list, name="organisation-list"),
    path(
        "initiativen/<slug:slug>/partner/neu/",
        views.organisation_create,
        name="organisation-create",
    ),
    path(
        "initiativen/<slug:slug>/partner/<int:pk>/",
        views.organisation_detail,
        name="organisation-detail",
    ),
    path(
        "initiativen/<slug:slug>/partner/<int:pk>/bearbeiten/",
        views.organisation_update,
        name="organisation-update",
    ),
    path(
        "initiativen/<slug:slug>/partner/<int:pk>/entfernen/",
        views.organisation_delete,
        name="organisation-delete",
    ),
    path("initiativen/<slug:slug>/mitglieder/", views.membership_list, name="membership-list"),
    path(
        "initiativen/<slug:slug>/mitglieder/<int:pk>/rolle/",
        views.membership_update,
        name="membership-update",
    ),
    path(
        "initiativen/<slug:slug>/mitglieder/<int:pk>/entfernen/",
        views.membership_remove,
        name="membership-remove",
    ),
    path(
        "initiativen/<slug:slug>/einladungen/neu/",
        views.invitation_create,
        name="invitation-create",
    ),
    path(
        "initiativen/<slug:slug>/einladungen/<int:pk>/erneut-senden/",
        views.invitation_resend,
        name="invitation-resend",
    ),
    path(
        "initiativen/<slug:slug>/einladungen/<int:pk>/zurueckziehen/",
        views.invitation_revoke,
        name="invitation-revoke",
    ),
    path("einladung/<str:token>/", views.invitation_accept, name="invitation-accept"),
    # The common agenda
    path("initiativen/<slug:slug>/agenda/", views.agenda_detail, name="agenda-detail"),
    path(
        "initiativen/<slug:slug>/agenda/entwurf/",
        views.agenda_draft_update,
        name="agenda-draft-update",
    ),
    path(
        "initiativen/<slug:slug>/agenda/entwurf/verwerfen/",
        views.agenda_draft_discard,
        name="agenda-draft-discard",
    ),
    path(
        "initiativen/<slug:slug>/agenda/entwurf/veroeffentlichen/",
        views.agenda_publish,
        name="agenda-publish",
    ),
    path(
        "initiativen/<slug:slug>/agenda/mittragen/",
        views.endorsement_edit,
        name="endorsement-edit",
    ),
    path(
        "initiativen/<slug:slug>/agenda/fassungen/",
        views.agenda_version_list,
        name="agenda-version-list",
    ),
    path(
        "initiativen/<slug:slug>/agenda/fassungen/<int:number>/",
        views.agenda_version_detail,
        name="agenda-version-detail",
    ),
    path(
        "initiativen/<slug:slug>/agenda/glossar/neu/",
        views.glossary_term_create,
        name="glossary-term-create",
    ),
    path(
        "initiativen/<slug:slug>/agenda/glossar/<int:pk>/bearbeiten/",
        views.glossary_term_update,
        name="glossary-term-update",
    ),
    path(
        "initiativen/<slug:slug>/agenda/glossar/<int:pk>/entfernen/",
        views.glossary_term_delete,
        name="glossary-term-delete",
    ),
]
