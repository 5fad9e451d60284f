from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class FocusgroupsConfig(AppConfig):
    """Focus groups and the five-step path from structural barrier to tested prototype."""

    name = "focusgroups"
    verbose_name = _("Focus groups")
