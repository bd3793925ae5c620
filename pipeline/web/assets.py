"""What makes the web lesson self-contained: fonts subset to the characters the page uses
and images, all inlined as ``data:`` URLs (no CDN, no request to any host)."""

from __future__ import annotations

import base64
import io
import mimetypes
import re
from functools import lru_cache
from pathlib import Path

from fontTools import subset
from fontTools.ttLib import TTFont

from pipeline.render.templates import find

# (family, weight, style, file) of the faces the web stylesheet uses
FACES = (("Body Serif", "normal", "normal", "fonts/NotoSerif-Regular.ttf"),
         ("Body Serif", "normal", "italic", "fonts/NotoSerif-Italic.ttf"),
         ("Body Serif", "bold", "normal", "fonts/NotoSerif-Bold.ttf"),
         ("Head Sans", "bold", "normal", "fonts/Carlito-Bold.ttf"))
IMG_RE = re.compile(r'(<img\b[^>]*?\bsrc=")([^"]+)(")')


def _flavor() -> str:
    try:
        import brotli  # noqa: F401 - WOFF2 needs it
    except ImportError:
        return "woff"
    return "woff2"


@lru_cache(maxsize=64)
def _subset(path: Path, characters: str, flavor: str) -> bytes:
    font = TTFont(path, recalcTimestamp=False)
    options = subset.Options()
    options.flavor = flavor
    options.layout_features = ["kern", "liga"]
    options.name_IDs = [0, 1, 2, 3, 4, 5, 6]        # keep the copyright and licence names
    subsetter = subset.Subsetter(options)
    subsetter.populate(text=characters)
    subsetter.subset(font)
    out = io.BytesIO()
    font.flavor = flavor
    font.save(out, reorderTables=False)
    return out.getvalue()


def font_faces(text: str, project_root: Path) -> str:
    """``@font-face`` rules with every face subset to the characters of ``text``."""
    characters = "".join(sorted(set(text) | set(" .,;:!?-–—'\"()0123456789/%✓✗")))
    flavor = _flavor()
    rules = []
    for family, weight, style, name in FACES:
        data = base64.b64encode(_subset(find(name, project_root), characters, flavor)).decode()
        rules.append(f'@font-face{{font-family:"{family}";font-weight:{weight};'
                     f"font-style:{style};font-display:swap;"
                     f'src:url(data:font/{flavor};base64,{data}) format("{flavor}")}}')
    return "\n".join(rules)


def data_url(path: Path) -> str:
    mime = mimetypes.guess_type(path.name)[0] or "application/octet-stream"
    return f"data:{mime};base64,{base64.b64encode(path.read_bytes()).decode()}"


def inline_images(html: str, base: Path, project_root: Path, reads: set[Path]) -> str:
    """Every ``<img src>`` naming a file in the project becomes a data URL; others are left
    out of the page (the lesson was checked at load; nothing is fetched from the web)."""
    root = project_root.resolve()

    def replace(match: re.Match) -> str:
        src = match.group(2)
        if src.startswith("data:"):
            return match.group(0)
        target = (base / src.replace("file://", "")).resolve()
        if (src.startswith(("http:", "https:")) or not target.is_relative_to(root)
                or not target.is_file()):
            return f"{match.group(1)}{match.group(3)}"
        reads.add(target)
        return f"{match.group(1)}{data_url(target)}{match.group(3)}"

    return IMG_RE.sub(replace, html)
