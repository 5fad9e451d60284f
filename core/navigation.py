"""A small registry through which higher apps add items to an initiative's navigation.

The navigation is drawn by `initiatives.context_processors`; apps that depend on `initiatives`
(such as `impact`) must not be imported by it, so they register a provider from their
`AppConfig.ready` instead. A provider takes the initiative and the viewer's membership and
returns `(allowed, label, url)` triples, drawn with the same predicates as the views, or
`(allowed, label, url, group)` to put the item into one of the `GROUPS` below.

Items of one group are drawn as one menu, in the order the providers return them; a group with a
single item the viewer may open is drawn as that item's plain link.
"""

from collections.abc import Callable, Iterable

from django.utils.translation import gettext_lazy as _

NavItem = tuple[bool, str, str] | tuple[bool, str, str, str]
NavProvider = Callable[[object, object], Iterable[NavItem]]

# The menus of the initiative navigation. Kept here, so every app names the same ones.
AGENDA = "agenda"
MEASUREMENT = "measurement"
COLLABORATION = "collaboration"
GROUPS = {
    AGENDA: _("Agenda & partners"),
    MEASUREMENT: _("Measurement"),
    COLLABORATION: _("Collaboration"),
}

_providers: list[NavProvider] = []


def register_nav_provider(provider: NavProvider) -> None:
    """Add `provider` once; registering it again (e.g. a second `ready()`) changes nothing."""
    if provider not in _providers:
        _providers.append(provider)


def nav_provider_items(initiative, membership) -> list[NavItem]:
    return [item for provider in _providers for item in provider(initiative, membership)]


def nav_entries(items: Iterable[NavItem], path: str) -> list[dict]:
    """The visible items, grouped: plain links and menus in the order of their first item.

    An entry is `{"label", "url", "current"}` for a link, or `{"label", "key", "links",
    "current"}` for a menu whose `links` are links. The current link is the longest URL that
    is a prefix of `path` (the overview only on an exact match).
    """
    links = []
    for item in items:
        allowed, label, url, *group = item
        if allowed:
            links.append({"label": label, "url": url, "group": group[0] if group else None})
    matches = [link for link in links if path == link["url"] or _under(path, link["url"])]
    current = max(matches, key=lambda link: len(link["url"]), default=None)
    entries: list[dict] = []
    menus: dict[str, dict] = {}
    for link in links:
        link["current"] = link is current
        key = link.pop("group")
        if key is None:
            entries.append(link)
            continue
        if key not in menus:
            menus[key] = {"label": GROUPS.get(key, key), "key": key, "links": [], "current": False}
            entries.append(menus[key])
        menus[key]["links"].append(link)
        menus[key]["current"] |= link["current"]
    # A menu with a single item is just that item's link.
    return [e["links"][0] if "links" in e and len(e["links"]) == 1 else e for e in entries]


def _under(path: str, url: str) -> bool:
    # The overview (`/initiativen/<slug>/`) is the prefix of every page: current only on its own.
    return url.rstrip("/").count("/") > 2 and path.startswith(url)


# A start page per role: where a member lands on opening an initiative (e.g. the backbone
# office's cockpit), shown first in the navigation. A provider takes the initiative and the
# membership and returns `(label, url)`, or None to leave the member on the overview.
StartPageProvider = Callable[[object, object], tuple[str, str] | None]

_start_pages: list[StartPageProvider] = []


def register_start_page(provider: StartPageProvider) -> None:
    """Add `provider` once; the first provider that answers for a member wins."""
    if provider not in _start_pages:
        _start_pages.append(provider)


def start_page(initiative, membership) -> tuple[str, str] | None:
    for provider in _start_pages:
        page = provider(initiative, membership)
        if page is not None:
            return page
    return None
