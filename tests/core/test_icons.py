"""Every icon a template asks for exists in the KERN design system's stylesheet.

KERN draws an icon from a mask per class (`kern-icon--success`); a class it does not define
draws nothing, silently, so a misspelt name leaves an empty gap where the icon should be.
"""

import re
from pathlib import Path

from django.conf import settings
from django.contrib.staticfiles import finders

ICON_CLASS = re.compile(r"kern-icon--[a-z][a-z-]*")
TEMPLATES_DIR = Path(settings.BASE_DIR) / "templates"


def _classes_in_templates() -> dict[str, set[str]]:
    used: dict[str, set[str]] = {}
    for path in TEMPLATES_DIR.rglob("*.html"):
        for name in ICON_CLASS.findall(path.read_text(encoding="utf-8")):
            used.setdefault(name, set()).add(str(path.relative_to(TEMPLATES_DIR)))
    return used


def test_every_icon_class_used_in_a_template_is_defined_by_kern():
    stylesheet = finders.find("kern/kern.min.css")
    assert stylesheet, "KERN's stylesheet is missing: run `make setup` (npm ci)"
    defined = set(ICON_CLASS.findall(Path(stylesheet).read_text(encoding="utf-8")))
    used = _classes_in_templates()
    assert len(used) > 5, "the templates use KERN icons: the search found too few"

    undefined = {name: sorted(paths) for name, paths in used.items() if name not in defined}

    assert undefined == {}
