"""The web lesson, opened from a file in a real browser with the network blocked."""

from __future__ import annotations

import re
from html.parser import HTMLParser
from pathlib import Path

import pytest

from pipeline.lesson.loader import load_lesson

from .browser import axe_violations, browser, offline_page
from .conftest import MINIMAL, ROOT, render

LESSONS = sorted((ROOT / "lessons").glob("*.yaml"))
EVERY_TYPE = MINIMAL + """\
worksheet:
  shuffle: false
  questions:
    - {type: multiple_choice, prompt: Pilih satu, choices: [satu, dua, tiga], answer: B}
    - {type: multiple_select, prompt: Pilih dua, choices: [x, y, z], answers: [A, C]}
    - {type: true_false, prompt: Benarkah?, answer: salah}
    - {type: short_answer, prompt: Ibu kota?, answer: "**Jakarta**", accept: [DKI Jakarta]}
    - {type: fill_in_blank, prompt: "ASEAN berdiri tahun [[1967]] di [[Bangkok|Thailand]]."}
    - type: matching
      prompt: Pasangkan.
      pairs: [{left: KAA, right: "1955"}, {left: GNB, right: "1961"}, {left: ASEAN, right: "1967"}]
    - {type: ordering, prompt: Urutkan., items: [pertama, kedua, ketiga, keempat]}
    - type: essay
      prompt: Jelaskan.
      answer: Karena kerja sama itu penting.
      rubric: [{criterion: Isi tepat, points: 4}]
"""


@pytest.fixture(scope="module")
def pages(tmp_path_factory) -> dict[str, Path]:
    folder = tmp_path_factory.mktemp("web")
    out = {}
    for path in LESSONS:
        lesson, _ = load_lesson(path, ROOT)
        out[lesson.id] = folder / f"{lesson.id}.html"
        out[lesson.id].write_bytes(render("web", lesson, ROOT))
    every = folder / "semua-jenis.yaml"
    every.write_text(EVERY_TYPE)
    lesson, _ = load_lesson(every, folder)
    out["every"] = folder / "semua.html"
    out["every"].write_bytes(render("web", lesson, folder))
    return out


class Outline(HTMLParser):
    """Headings in order, landmarks, inputs and their labels, external references."""

    def __init__(self):
        super().__init__()
        self.headings, self.tags, self.external = [], set(), []

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        self.tags.add(tag)
        if re.fullmatch(r"h[1-6]", tag):
            self.headings.append(int(tag[1]))
        for name in ("src", "href"):
            value = attrs.get(name) or ""
            if tag != "a" and value and not value.startswith(("data:", "#")):
                self.external.append(value)
        if tag == "link":
            self.external.append(attrs.get("href"))


@pytest.mark.parametrize("name", [p.stem for p in LESSONS])
def test_page_is_self_contained_small_and_semantic(pages, name):
    html = pages[name].read_text(encoding="utf-8")
    assert len(html.encode()) < 300_000, f"{len(html.encode()) // 1024} KB"
    outline = Outline()
    outline.feed(html)
    assert outline.external == []
    assert {"header", "nav", "main", "footer"} <= outline.tags
    assert outline.headings[0] == 1 and outline.headings.count(1) == 1
    assert all(b - a <= 1 for a, b in zip(outline.headings, outline.headings[1:], strict=False))
    assert re.search(r'<html lang="id">', html) and "@font-face" in html
    assert "http://" not in html.split("<main")[0]


def test_every_type_right_then_wrong_in_the_browser(pages):
    with browser() as instance:
        page = offline_page(instance)
        page.goto(pages["every"].as_uri())
        form = page.locator("form.version").first
        boxes = form.locator("fieldset.q")
        assert boxes.count() == 8
        form.locator("button.check").click()          # nothing answered
        assert form.locator(".score").inner_text() == "Skor: 0 / 9"
        assert form.locator("fieldset.q.empty").count() == 8
        form.locator("button.again").click()
        # all right
        boxes.nth(0).get_by_label("dua").check()
        boxes.nth(1).get_by_label("x").check()
        boxes.nth(1).get_by_label("z").check()
        boxes.nth(2).get_by_label("Salah").check()
        boxes.nth(3).locator("input").fill("  dki jakarta. ")
        blanks = boxes.nth(4).locator("input.blank")
        blanks.nth(0).fill("1967")
        blanks.nth(1).fill("thailand")
        match = boxes.nth(5)
        rights = match.locator(".rights li").all_inner_texts()
        for i, year in enumerate(["1955", "1961", "1967"]):
            letter = next(t.split(".")[0] for t in rights if year in t)
            match.locator("select").nth(i).select_option(letter)
        order = boxes.nth(6)
        for _ in range(4):                             # bubble into the right order by buttons
            items = order.locator("li")
            for i in range(items.count() - 1):
                texts = items.all_inner_texts()
                rank = [["pertama", "kedua", "ketiga", "keempat"].index(
                    re.sub(r"^[A-F]\.\s*", "", t.split("\n")[0]).strip().rstrip("↑↓ ").strip())
                    for t in texts]
                if rank[i] > rank[i + 1]:
                    items.nth(i).locator("button.down").click()
        essay = boxes.nth(7)
        form.locator("button.check").click()
        assert "Tulis jawabanmu dulu" in essay.locator(".verdict").inner_text()
        essay.locator("textarea").fill("Kerja sama penting karena ...")
        form.locator("button.check").click()
        assert form.locator(".score").inner_text() == "Skor: 9 / 9", \
            [boxes.nth(i).locator(".verdict").inner_text() for i in range(8)]
        assert form.locator("fieldset.q.right").count() == 7
        assert essay.locator(".model").is_visible() and "Isi tepat" in essay.inner_text()
        # all wrong
        form.locator("button.again").click()
        boxes.nth(0).get_by_label("satu").check()
        boxes.nth(1).get_by_label("y").check()
        boxes.nth(2).get_by_label("Benar").check()
        boxes.nth(3).locator("input").fill("Bandung")
        boxes.nth(4).locator("input.blank").nth(0).fill("1966")
        match.locator("select").nth(0).select_option(index=1)
        order.locator("li").first.locator("button.down").click()
        order.locator("li").first.locator("button.down").click()
        form.locator("button.check").click()
        assert form.locator(".score").inner_text() == "Skor: 0 / 9"
        verdict = boxes.nth(3).locator(".verdict").inner_text()
        assert "Belum tepat" in verdict and "Jakarta" in verdict
        assert page.blocked == []


@pytest.mark.parametrize("name", [p.stem for p in LESSONS])
def test_seed_lesson_offline_no_sideways_scroll_and_accessible(pages, name):
    with browser() as instance:
        page = offline_page(instance, width=360)
        page.goto(pages[name].as_uri())
        assert page.evaluate("document.documentElement.scrollWidth") <= 360
        page.locator("form.version").first.locator("button.check").click()
        assert page.evaluate("document.documentElement.scrollWidth") <= 360
        assert page.blocked == [], page.blocked
        violations = axe_violations(page)
        assert violations == [], violations
        keyboard = page.locator("form.version").first.locator("input, select, button, textarea")
        assert keyboard.count() > 10


def test_variants_give_one_version_each_and_try_again_moves_on(tmp_path):
    path = tmp_path / "varian.yaml"
    path.write_text(EVERY_TYPE.replace("shuffle: false", "shuffle: true"))
    lesson, _ = load_lesson(path, tmp_path)
    from pipeline.render.context import RenderOptions
    from pipeline.render.outputs import render_output

    html = render_output("web", lesson, tmp_path, RenderOptions(variants=3)).data
    page_file = tmp_path / "varian.html"
    page_file.write_bytes(html)
    with browser() as instance:
        page = offline_page(instance)
        page.goto(page_file.as_uri())
        versions = page.locator("form.version")
        assert versions.count() == 3 and page.locator("form.version:visible").count() == 1
        first = versions.nth(0)
        first.locator("button.check").click()
        first.locator("button.again").click()
        assert versions.nth(1).is_visible() and not first.is_visible()


def test_images_with_spaces_and_accents_in_their_names_are_inlined(tmp_path):
    """Markdown and the templates percent-encode a file name; the page still carries it."""
    from PIL import Image

    Image.new("RGB", (40, 20), "#1F3A5F").save(tmp_path / "Peta ASEAN.png")
    Image.new("RGB", (40, 20), "#F2C14E").save(tmp_path / "peta-é.png")
    body = ("    body: |\n      Kerja sama adalah usaha bersama.\n\n"
            "      ![Peta kuning](peta-é.png)\n    image: Peta ASEAN.png\n"
            "    alt: Peta negara ASEAN\n")
    path = tmp_path / "gambar.yaml"
    path.write_text(MINIMAL.replace("    body: Kerja sama adalah usaha bersama.\n", body),
                    encoding="utf-8")
    lesson, _ = load_lesson(path, tmp_path)
    page = render("web", lesson, tmp_path).decode()
    sources = re.findall(r'<img\b[^>]*?\bsrc="([^"]*)"', page)
    assert len(sources) == 2 and all(s.startswith("data:image/png;base64,") for s in sources)
