"""What the browser journeys share: accessibility checks with axe-core and screenshots."""

import os
from pathlib import Path

from axe_playwright_python.sync_playwright import Axe
from django.conf import settings

AXE = Axe()
# The bar every page must clear; pages may ask for more (every impact) where they are new.
BLOCKING = frozenset({"serious", "critical"})
ALL_IMPACTS = frozenset({"minor", "moderate", "serious", "critical"})
SCREENSHOTS = Path(os.environ.get("CERTIFY_SCREENSHOTS", Path(settings.VAR_DIR) / "screenshots"))


def check_axe(page, label: str, impacts: frozenset[str] = BLOCKING) -> None:
    """axe-core on the page as it stands; no violation of the given impacts may remain."""
    violations = [v for v in AXE.run(page).response["violations"] if v.get("impact") in impacts]
    assert violations == [], f"{label}: " + "; ".join(
        f"{v['id']} ({v['impact']}): {v['help']} {[n['target'] for n in v['nodes']][:3]}"
        for v in violations
    )


def shoot(page, name: str, folder: str = "") -> None:
    directory = SCREENSHOTS / folder
    directory.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(directory / f"{name}.png"), full_page=True)


FITS = "document.documentElement.scrollWidth <= document.documentElement.clientWidth"
WIDTHS = "[document.documentElement.scrollWidth, document.documentElement.clientWidth]"


def too_wide(page) -> list[int] | None:
    """[scrollWidth, clientWidth] when the page scrolls sideways, else None."""
    return None if page.evaluate(FITS) else page.evaluate(WIDTHS)
