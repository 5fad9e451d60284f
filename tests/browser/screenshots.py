"""Screenshots of the main pages at desktop and phone width, for looking at the design.

Run by hand (pytest does not collect this file on its own):

    .venv/bin/python tests/browser/screenshots.py [output directory, default /tmp/shots]

It starts the same live server and test data as the browser tests (through pytest, so the
fixtures are shared) and writes one full-page PNG per page and width.
"""

import os
import sys
from pathlib import Path

import pytest

OUT = Path(os.environ.get("SCREENSHOTS_DIR", "/tmp/shots"))


def test_screenshots(world, new_context):
    from tests.browser.conftest import VIEWPORTS, login
    from tests.browser.showcase import EXPIRED_TOKEN, OPEN_TOKEN, build_showcase

    showcase = build_showcase(world)
    url, org = showcase.url, world.organisation.pk
    member_pk = showcase.membership_pk["viewer"]
    OUT.mkdir(parents=True, exist_ok=True)

    def shoot(page, name, width):
        page.screenshot(path=str(OUT / f"{name}-{width}.png"), full_page=True)

    pages = {
        "coordinator": [
            ("initiatives", "/initiativen/"),
            ("overview", url()),
            ("overview-empty", "/initiativen/wohnen-koeln/"),
            ("agenda", url("agenda/")),
            ("partners", url("partner/")),
            ("partners-empty", "/initiativen/wohnen-koeln/partner/"),
            ("partner-detail", url(f"partner/{org}/")),
            ("partner-form", url("partner/neu/")),
            ("members", url("mitglieder/")),
            ("role-form", url(f"mitglieder/{member_pk}/rolle/")),
            ("remove-member", url(f"mitglieder/{member_pk}/entfernen/")),
            ("invite", url("einladungen/neu/")),
            ("initiative-form", "/initiativen/neu/"),
            ("profile", "/konto/profil/"),
            ("not-found", "/initiativen/gibt-es-nicht/"),
        ],
        "participant": [("participant-partners", url("partner/"))],
        "outsider": [("initiatives-empty", "/initiativen/")],
        None: [
            ("login", "/konto/anmelden/"),
            ("password-reset", "/konto/passwort-vergessen/"),
            ("invitation", f"/einladung/{OPEN_TOKEN}/"),
            ("invitation-expired", f"/einladung/{EXPIRED_TOKEN}/"),
        ],
    }
    for width, viewport in VIEWPORTS.items():
        for role, entries in pages.items():
            page = new_context(viewport=viewport).new_page()
            if role:
                login(page, world.user(role))
            for name, path in entries:
                page.goto(path)
                shoot(page, name, width)
            if role is None:
                page.goto(f"/einladung/{OPEN_TOKEN}/")
                page.locator("#id_full_name").fill("Eva Eingeladen")
                page.locator("#id_password1").fill("1234")
                page.locator("#id_password2").fill("1234")
                page.locator("main form button[type=submit]").click()
                page.locator(".form-summary").wait_for()
                shoot(page, "invitation-errors", width)
            if role == "coordinator":
                page.goto(url("partner/neu/"))
                page.locator("#id_name").fill("IHK Berlin")
                page.locator("#id_website").fill("kein link")
                page.locator("#organisation-form button[type=submit]").first.click()
                page.locator(".form-summary").wait_for()
                shoot(page, "partner-form-errors", width)
                page.goto(url())
                page.locator(".switcher__summary").click()
                page.screenshot(path=str(OUT / f"switcher-{width}.png"))
            page.context.close()
    print(f"\nScreenshots in {OUT}: {len(list(OUT.glob('*.png')))} files")


if __name__ == "__main__":
    if len(sys.argv) > 1:
        os.environ["SCREENSHOTS_DIR"] = sys.argv[1]
    root = Path(__file__).resolve().parents[2]
    os.chdir(root)
    sys.exit(
        pytest.main(
            [
                str(Path(__file__).resolve()),
                "-q",
                "-s",
                "-p",
                "no:cacheprovider",
                "-o",
                "python_files=screenshots.py",
            ]
        )
    )
