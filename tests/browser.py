"""Debian's Chromium driven by Playwright (never a downloaded browser), network blocked."""

from __future__ import annotations

import contextlib
from pathlib import Path

import pytest

CHROMIUM = Path("/usr/bin/chromium")
AXE = Path(__file__).resolve().parent.parent / ".venv/axe/node_modules/axe-core/axe.min.js"
ARGS = ["--no-sandbox", "--disable-background-networking", "--disable-gpu"]


@contextlib.contextmanager
def browser():
    """A headless Chromium; skipped (with the reason) only where it cannot exist."""
    if not CHROMIUM.exists():
        pytest.fail("Chromium is missing: `make test` installs it (scripts/setup-system.sh)")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        instance = p.chromium.launch(executable_path=str(CHROMIUM), headless=True, args=ARGS)
        try:
            yield instance
        finally:
            instance.close()


def offline_page(instance, width: int = 360, allow: tuple[str, ...] = ("file:", "data:")):
    """A page whose every request outside ``allow`` is blocked and recorded."""
    context = instance.new_context(viewport={"width": width, "height": 800})
    page = context.new_page()
    page.blocked = []

    def route(route, request):
        if request.url.startswith(allow):
            route.continue_()
        else:
            page.blocked.append(request.url)
            route.abort()

    context.route("**/*", route)
    return page


def axe_violations(page) -> list[dict]:
    """axe-core's serious and critical violations on the page (the rules WCAG A/AA)."""
    page.add_script_tag(content=AXE.read_text(encoding="utf-8"))
    result = page.evaluate("""async () => {
        const r = await axe.run(document, {runOnly: ['wcag2a', 'wcag2aa', 'best-practice']});
        return r.violations.map(v => ({id: v.id, impact: v.impact, nodes: v.nodes.length,
                                       help: v.help}));
    }""")
    return [v for v in result if v["impact"] in ("serious", "critical")]
