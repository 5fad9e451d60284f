from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


def nav_items(initiative, membership):
    """The backbone office's pages in the initiative's navigation (activities, meetings, action
    items, news, pulse, early warnings), for the roles that may open them."""
    from django.urls import reverse

    from coordination import permissions
    from core.navigation import COLLABORATION

    kwargs = {"slug": initiative.slug}
    return [
        (
            permissions.can_view_activities(membership),
            _("Activities"),
            reverse("coordination:activity-list", kwargs=kwargs),
            COLLABORATION,
        ),
        (
            permissions.can_view_meetings(membership),
            _("Meetings"),
            reverse("coordination:meeting-list", kwargs=kwargs),
            COLLABORATION,
        ),
        (
            permissions.can_view_meetings(membership),
            _("Action items"),
            reverse("coordination:action-item-board", kwargs=kwargs),
            COLLABORATION,
        ),
        (
            permissions.can_view_news(membership),
            _("News"),
            reverse("coordination:news-list", kwargs=kwargs),
            COLLABORATION,
        ),
        (
            permissions.can_view_pulse(membership),
            _("Partnership pulse"),
            reverse("coordination:pulse-list", kwargs=kwargs),
            COLLABORATION,
        ),
        (
            permissions.can_view_warnings(membership),
            _("Early warnings"),
            reverse("coordination:warning-list", kwargs=kwargs),
            COLLABORATION,
        ),
    ]


def start_page(initiative, membership):
    """The backbone office lands on its cockpit; everyone else stays on the overview."""
    from django.urls import reverse

    from coordination import permissions

    if not permissions.can_view_cockpit(membership):
        return None
    return _("Cockpit"), reverse("coordination:cockpit", kwargs={"slug": initiative.slug})


class CoordinationConfig(AppConfig):
    """The backbone office: cockpit, activities, meetings, action items, news and reminders."""

    name = "coordination"
    verbose_name = _("Coordination")

    def ready(self):
        from coordination.cockpit import register_coordination_sections
        from core.navigation import register_nav_provider, register_start_page

        register_nav_provider(nav_items)
        register_start_page(start_page)
        register_coordination_sections()
