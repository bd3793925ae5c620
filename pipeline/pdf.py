"""HTML to PDF through WeasyPrint, with no network and no files outside allowed folders.

Fonts and the stylesheet are parsed once per process and reused for every document,
because loading them dominates the cost of small documents.
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path
from urllib.parse import unquote, urlparse

import weasyprint
from weasyprint.text.fonts import FontConfiguration

from pipeline import templating


class ConfinedFetcher(weasyprint.URLFetcher):
    """Serve only ``data:`` URLs and files under the given roots; refuse everything else."""

    def __init__(self, roots: tuple[Path, ...]):
        super().__init__(allowed_protocols=("file", "data"))
        self.roots = roots

    def fetch(self, url, headers=None):
        parsed = urlparse(url)
        if parsed.scheme == "file":
            target = Path(unquote(parsed.path)).resolve()
            if not any(target.is_relative_to(root) for root in self.roots):
                raise ValueError(f"refusing to read {target}: outside the lesson project")
        elif parsed.scheme != "data":
            raise ValueError(f"refusing to fetch {url}: rendering never uses the network")
        return super().fetch(url, headers)


@lru_cache(maxsize=1)
def _font_config() -> FontConfiguration:
    return FontConfiguration()


@lru_cache(maxsize=16)
def _stylesheet(css: str, base: Path, roots: tuple[Path, ...]) -> weasyprint.CSS:
    return weasyprint.CSS(string=css, base_url=str(base) + "/",
                          url_fetcher=ConfinedFetcher(roots), font_config=_font_config())


def roots_for(project_root: Path) -> tuple[Path, ...]:
    """Folders a document may read: the lesson project and the template folders."""
    return (project_root.resolve(), *templating.template_dirs(project_root))


def layout(html: str, css: str, project_root: Path, base: Path) -> weasyprint.Document:
    """Lay out ``html`` (relative URLs against ``base``) into pages with the stylesheet."""
    roots = roots_for(project_root)
    stylesheet = _stylesheet(css, templating.template_dirs(project_root)[-1], roots)
    document = weasyprint.HTML(string=html, base_url=str(base) + "/",
                               url_fetcher=ConfinedFetcher(roots))
    return document.render(stylesheets=[stylesheet], font_config=_font_config())


def html_to_pdf(html: str, css: str, project_root: Path, base: Path) -> bytes:
    """Render ``html`` with the print stylesheet ``css`` to PDF bytes."""
    return layout(html, css, project_root, base).write_pdf()
