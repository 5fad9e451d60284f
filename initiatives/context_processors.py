"""Navigation for every page, drawn with the same predicates that guard the views."""

from django.urls import reverse
from django.utils.functional import SimpleLazyObject
from django.utils.translation import gettext_lazy as _

from core.navigation import AGENDA, nav_entries, nav_provider_items, start_page
from initiatives import permissions, selectors


def _nav_items(request) -> list[dict]:
    initiative = getattr(request, "initiative", None)
    membership = getattr(request, "membership", None)
    if initiative is None or membership is None:
        return []
    slug = initiative.slug
    items = [
        (True, _("Overview"), reverse("initiatives:initiative-detail", kwargs={"slug": slug})),
        (
            permissions.can_view_agenda(membership),
            _("Common agenda"),
            reverse("initiatives:agenda-detail", kwargs={"slug": slug}),
            AGENDA,
        ),
        (
            permissions.can_view_partner_directory(membership),
            _("Partners"),
            reverse("initiatives:organisation-list", kwargs={"slug": slug}),
            AGENDA,
        ),
        (
            permissions.can_view_members(membership),
            _("Members"),
            reverse("initiatives:membership-list", kwargs={"slug": slug}),
            AGENDA,
        ),
    ]
    # Pages of higher apps (e.g. impact), registered through `core.navigation`.
    items += nav_provider_items(initiative, membership)
    # A role's own start page (the backbone office's cockpit) comes first.
    start = start_page(initiative, membership)
    if start is not None:
        items.insert(0, (True, *start))
    return nav_entries(items, request.path)


def navigation(request):
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    return {
        "my_memberships": SimpleLazyObject(
            lambda: list(selectors.membership_list_for_user(user=user))
        ),
        "nav_items": SimpleLazyObject(lambda: _nav_items(request)),
        "current_initiative": getattr(request, "initiative", None),
        "current_membership": getattr(request, "membership", None),
    }
