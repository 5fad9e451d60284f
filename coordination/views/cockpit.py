"""The backbone office's cockpit: its start page of what needs attention now."""

from django.contrib.auth.decorators import login_required

from coordination import permissions
from coordination.cockpit import cockpit_sections
from core.htmx import render_page
from initiatives.permissions import access_initiative_page


@login_required
def cockpit(request, slug):
    """Every registered cockpit section, each line leading to where it is handled."""
    initiative, membership = access_initiative_page(request, slug, permissions.can_view_cockpit)
    sections = cockpit_sections(initiative=initiative, membership=membership, viewer=request.user)
    context = {
        "initiative": initiative,
        "membership": membership,
        "sections": sections,
    }
    return render_page(request, "coordination/cockpit.html", context)
