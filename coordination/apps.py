from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


def nav_items(initiative, membership):
    """The activity, meeting and action-item pages in the initiative's navigation, for the
    roles that may open them."""
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
    ]


def news_nav_items(initiative, membership):
    """The news of the initiative, for every member."""
    from django.urls import reverse

    from coordination import permissions

    return [
        (
            permissions.can_view_news(membership),
            _("News"),
            reverse("coordination:news-list", kwargs={"slug": initiative.slug}),
        ),
    ]


class CoordinationConfig(AppConfig):
    """The backbone office: cockpit, activities, meetings, action items, news and reminders."""

    name = "coordination"
    verbose_name = _("Coordination")

    def ready(self):
        from core.navigation import register_nav_provider

        register_nav_provider(nav_items)
        register_nav_provider(news_nav_items)
