from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ImpactConfig(AppConfig):
    """Shared measurement: goals, objectives, indicators, periods and partner submissions."""

    name = "impact"
    verbose_name = _("Shared measurement")
