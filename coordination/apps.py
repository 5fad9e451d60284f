from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CoordinationConfig(AppConfig):
    """The backbone office: cockpit, activities, meetings, action items, news and reminders."""

    name = "coordination"
    verbose_name = _("Coordination")
