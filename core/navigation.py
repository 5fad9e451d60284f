"""A small registry through which higher apps add items to an initiative's navigation.

The navigation is drawn by `initiatives.context_processors`; apps that depend on `initiatives`
(such as `impact`) must not be imported by it, so they register a provider from their
`AppConfig.ready` instead. A provider takes the initiative and the viewer's membership and
returns `(allowed, label, url)` triples, drawn with the same predicates as the views.
"""

from collections.abc import Callable, Iterable

NavProvider = Callable[[object, object], Iterable[tuple[bool, str, str]]]

_providers: list[NavProvider] = []


def register_nav_provider(provider: NavProvider) -> None:
    """Add `provider` once; registering it again (e.g. a second `ready()`) changes nothing."""
    if provider not in _providers:
        _providers.append(provider)


def nav_provider_items(initiative, membership) -> list[tuple[bool, str, str]]:
    return [item for provider in _providers for item in provider(initiative, membership)]


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
