from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


def nav_items(initiative, membership):
    """The impact pages in the initiative's navigation, for the roles that may open them."""
    from django.urls import reverse

    from core.navigation import MEASUREMENT
    from impact import permissions

    slug = initiative.slug
    return [
        (
            permissions.can_enter_any_value(membership),
            _("Reporting"),
            reverse("impact:task-list", kwargs={"slug": slug}),
            MEASUREMENT,
        ),
        (
            permissions.can_view_framework(membership),
            _("Impact"),
            reverse("impact:framework-detail", kwargs={"slug": slug}),
            MEASUREMENT,
        ),
    ]


class ImpactConfig(AppConfig):
    """Shared measurement: goals, objectives, indicators, periods and partner submissions."""

    name = "impact"
    verbose_name = _("Shared measurement")

    def ready(self):
        from core.navigation import register_nav_provider

        register_nav_provider(nav_items)
