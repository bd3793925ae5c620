"""Images a lesson names (``image:`` and ``![alt](file)`` in Markdown), checked at load.

The path is checked before anything is read (inside the project, a known type, a regular
file of sane size), then the header is decoded: a corrupt or gigantic image is a located
problem in the lesson, never a black square or a raw Pillow warning at render time.
"""

from __future__ import annotations

import re
import stat
from pathlib import Path
from urllib.parse import unquote

from yaml.nodes import Node

from pipeline.errors import display_name
from pipeline.lesson.limits import MAX_IMAGE_BYTES, MAX_IMAGE_PIXELS
from pipeline.lesson.reader import Reader

IMAGE_TYPES = (".png", ".jpg", ".jpeg", ".svg")
MARKDOWN_IMAGE_RE = re.compile(r"!\[[^\]]*\]\(\s*(?:<([^>\n]+)>|([^)\s]+))")


def _svg_problem(path: Path) -> str | None:
    """Why an SVG file cannot be drawn: not XML, not SVG, or entities (a billion laughs)."""
    from xml.etree import ElementTree

    data = path.read_bytes()
    if b"<!ENTITY" in data:
        return "declares XML entities, which an image here may not"
    try:
        root = ElementTree.fromstring(data)
    except ElementTree.ParseError as exc:
        return f"cannot be read as an SVG image ({exc})"
    tag = root.tag.rsplit("}", 1)[-1]         # without its namespace
    if tag != "svg":
        return f"is not an SVG image (it starts with <{tag}>)"
    return None


def _decode_problem(path: Path) -> str | None:
    """Why the image cannot be printed, or None; reads the header and verifies the data."""
    if path.suffix.lower() == ".svg":
        return _svg_problem(path)
    import warnings

    from PIL import Image

    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            with Image.open(path) as image:
                width, height = image.size
                if width * height > MAX_IMAGE_PIXELS:
                    return (f"is {width} x {height} pixels; at most "
                            f"{MAX_IMAGE_PIXELS // 1_000_000} million pixels are allowed")
                image.verify()
    except (OSError, SyntaxError, ValueError, Image.DecompressionBombWarning,
            Image.DecompressionBombError) as exc:
        return f"cannot be read as an image ({exc})"
    return None


def check_image(r: Reader, node: Node, where: str, value: str, lesson_dir: Path,
                root: Path) -> Path | None:
    """The image's resolved path if it may be used; else record why not and return None."""
    target = (lesson_dir / value).resolve()
    if not target.is_relative_to(root):
        r.error(node, where, f'the image "{value}" is outside the project folder {root}',
                "copy the image next to the lesson and refer to it by a relative path")
        return None
    if target.suffix.lower() not in IMAGE_TYPES:
        r.error(node, where, f'"{value}" is not a PNG, JPEG or SVG image')
        return None
    try:
        info = target.stat()
    except OSError:
        r.error(node, where, f'the image "{value}" does not exist',
                f"paths are relative to the lesson file's folder {display_name(lesson_dir)}")
        return None
    if not stat.S_ISREG(info.st_mode):
        r.error(node, where, f'the image "{value}" is not a regular file')
    elif info.st_size > MAX_IMAGE_BYTES:
        r.error(node, where, f'the image "{value}" is {info.st_size:,} bytes; at most '
                             f"{MAX_IMAGE_BYTES:,} are allowed", "save it smaller (a photo "
                             "for print needs about 2000 pixels across)")
    elif (problem := _decode_problem(target)) is not None:
        r.error(node, where, f'the image "{value}" {problem}',
                "open it in an image editor and save it again as PNG or JPEG")
    else:
        return target
    return None


def check_markdown_images(r: Reader, node: Node, where: str, text: str, lesson_dir: Path,
                          root: Path) -> None:
    """Every local image a Markdown text names must pass ``check_image``."""
    for match in MARKDOWN_IMAGE_RE.finditer(text):
        src = match.group(1) or match.group(2)
        if re.match(r"[a-zA-Z][a-zA-Z0-9+.-]*:", src):
            if not src.startswith("data:"):
                r.warn(node, where, f'the image "{src}" is on the web and will not be printed',
                       "download it into the project and name the file instead")
            continue
        check_image(r, node, where, unquote(src), lesson_dir, root)   # Peta%20ASEAN.png
