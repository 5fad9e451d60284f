from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


def nav_items(initiative, membership):
    """The focus groups in the initiative's navigation, for the roles that may open them."""
    from django.urls import reverse

    from focusgroups import permissions

    return [
        (
            permissions.can_view_focus_groups(membership),
            _("Focus groups"),
            reverse("focusgroups:group-list", kwargs={"slug": initiative.slug}),
        ),
    ]


class FocusgroupsConfig(AppConfig):
    """Focus groups and the five-step path from structural barrier to tested prototype."""

    name = "focusgroups"
    verbose_name = _("Focus groups")

    def ready(self):
        from core.navigation import register_nav_provider
        from focusgroups.cockpit import register_focus_group_sections

        register_nav_provider(nav_items)
        register_focus_group_sections()
