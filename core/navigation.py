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
