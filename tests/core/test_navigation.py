"""The initiative navigation groups pages into menus and marks the page one is on."""

from django.utils import translation

from core.navigation import COLLABORATION, MEASUREMENT, nav_entries

BASE = "/initiativen/a/"


def _items():
    return [
        (True, "Overview", BASE),
        (True, "Reporting", BASE + "berichte/", MEASUREMENT),
        (False, "Review", BASE + "pruefung/", MEASUREMENT),
        (True, "Impact", BASE + "wirkung/", MEASUREMENT),
        (True, "Meetings", BASE + "treffen/", COLLABORATION),
        (True, "Focus groups", BASE + "fokusgruppen/"),
    ]


def test_menus_hold_their_visible_pages_in_order_of_first_appearance():
    entries = nav_entries(_items(), BASE)
    with translation.override("en"):
        labels = [str(e["label"]) for e in entries]
    assert labels == ["Overview", "Measurement", "Meetings", "Focus groups"]
    measurement = entries[1]
    assert [link["label"] for link in measurement["links"]] == ["Reporting", "Impact"]


def test_a_menu_with_one_visible_page_is_that_page_s_link():
    entries = nav_entries(_items(), BASE)
    assert entries[2] == {"label": "Meetings", "url": BASE + "treffen/", "current": False}


def test_the_overview_is_current_only_on_itself():
    on_overview = nav_entries(_items(), BASE)
    assert on_overview[0]["current"] is True
    deeper = nav_entries(_items(), BASE + "wirkung/indikatoren/4/")
    assert deeper[0]["current"] is False
    measurement = deeper[1]
    assert measurement["current"] is True
    assert [link["current"] for link in measurement["links"]] == [False, True]


def test_the_longest_matching_address_wins():
    items = [*_items(), (True, "Indicators", BASE + "wirkung/indikatoren/", MEASUREMENT)]
    entries = nav_entries(items, BASE + "wirkung/indikatoren/4/")
    current = [link["label"] for link in entries[1]["links"] if link["current"]]
    assert current == ["Indicators"]
