"""Printing for a whole class: large print, booklets, named class sets, the lesson pack."""

from __future__ import annotations

import io
import re
import zipfile

import pdfplumber
import pytest
from pypdf import PdfReader

from pipeline.lesson.loader import load_lesson
from pipeline.lesson.roster import read_roster
from pipeline.printed.booklet import impose, saddle_order
from pipeline.render.context import RenderOptions
from pipeline.render.outputs import render_output

from . import pdftext
from .conftest import ROOT
from .test_cli import run

SEED = ROOT / "lessons" / "kerja-sama.yaml"
PAGE_RE = re.compile(r"Halaman (\d+) dari (\d+)")
NAMES = ["Adi Nugroho", "Bunga Lestari", "Citra Dewi", "Dimas Pratama", "Eka Saputra",
         "Fajar Hidayat", "Gita Permata", "Hendra Wijaya", "Indah Sari", "Joko Susilo"]


@pytest.fixture(scope="module")
def lesson():
    return load_lesson(SEED, ROOT)[0]


def test_large_print_text_is_at_least_18_pt(lesson):
    normal = render_output("worksheet", lesson, ROOT, RenderOptions())
    large = render_output("worksheet", lesson, ROOT, RenderOptions(form="large"))
    assert large.pages > normal.pages                  # reflowed, not scaled down to fit
    with pdfplumber.open(io.BytesIO(large.data)) as pdf:
        for page in pdf.pages:
            margin = 20 / 25.4 * 72                    # the running head and page number
            body = [c for c in page.chars if margin < c["top"] < page.height - margin]
            assert body and min(round(c["size"], 2) for c in body) >= 18, page.page_number
    assert pdftext.text(large.data).count("Halaman") == large.pages
    normal_sizes = {round(c["size"]) for c in pdfplumber.open(io.BytesIO(normal.data))
                    .pages[1].chars}
    assert max(normal_sizes) < 18                      # the normal one is unchanged


@pytest.mark.parametrize("output", ["handout", "worksheet"])
def test_booklet_pages_in_saddle_stitch_order(lesson, output):
    half = render_output(output, lesson, ROOT, RenderOptions(paper="a4"))
    booklet = render_output(output, lesson, ROOT, RenderOptions(paper="a4", form="booklet"))
    reader = PdfReader(io.BytesIO(booklet.data))
    sides = len(reader.pages)
    assert sides == booklet.pages and (2 * sides) % 4 == 0
    box = reader.pages[0].mediabox
    assert round(float(box.width)) == 842 and round(float(box.height)) == 595   # A4 landscape
    with pdfplumber.open(io.BytesIO(booklet.data)) as pdf:
        printed = []
        for page in pdf.pages:
            for x0 in (0, page.width / 2):
                text = page.crop((x0, 0, x0 + page.width / 2, page.height)).extract_text()
                found = PAGE_RE.search(text or "")
                printed.append(int(found.group(1)) - 1 if found else None)
                if found:
                    pages = int(found.group(2))
    assert 2 * sides == -(-pages // 4) * 4 and pages > half.pages     # A5 pages: more of them
    expected = [i if i < pages else None for side in saddle_order(2 * sides) for i in side]
    assert printed == expected


def test_booklet_imposition_is_reproducible(lesson):
    """The same half-sheet pages impose to the same bytes (the forms were named at random)."""
    half = render_output("handout", lesson, ROOT, RenderOptions(paper="a4"))
    assert impose(half.data, "210mm 297mm") == impose(half.data, "210mm 297mm")


def _roster(tmp_path, count: int, excel: bool = False):
    rows = [f"{i + 1};{NAMES[i % 10]} {i // 10 + 1}" for i in range(count)]
    text = "nomor;nama\r\n" + "\r\n".join(rows) + "\r\n"
    path = tmp_path / "kelas-7a.csv"
    path.write_bytes(text.encode("cp1252") if excel else text.encode("utf-8-sig"))
    return path


def test_class_set_thirty_named_copies_on_odd_pages(lesson, tmp_path):
    students = read_roster(_roster(tmp_path, 30, excel=True))
    assert len(students) == 30 and students[0] == ("1", "Adi Nugroho 1", "")
    rendered = render_output("class-set", lesson, ROOT, RenderOptions(
        variants=3, roster=students, roster_name="kelas-7a"))
    pages = pdftext.page_texts(rendered.data)
    assert len(pages) == rendered.pages and len(pages) % 2 == 0
    with pdfplumber.open(io.BytesIO(rendered.data)) as pdf:      # the teacher's list
        rows = [row[:4] for page in pdf.pages[:2] for table in page.extract_tables()
                for row in table if row[0] and row[0].isdigit()]
    assert len(rows) == 30
    for i, (number, name, variant, start) in enumerate(rows):
        assert (number, name) == students[i][:2]
        assert variant == "ABC"[i % 3]                          # versions handed out in turn
        start = int(start)
        assert start % 2 == 1                                   # a fresh sheet, duplex
        first = " ".join(pages[start - 1].split())
        assert name in first and f"Paket {variant}" in first and "Halaman 1 dari" in first
        assert f"No. Absen {number}" in first
        count = int(PAGE_RE.search(first).group(2))
        end = int(rows[i + 1][3]) - 1 if i < 29 else len(pages)
        assert end - start + 1 == count + count % 2            # its pages, then a blank
    assert sum("Halaman 1 dari" in p for p in pages[2:]) == 30
    outline = PdfReader(io.BytesIO(rendered.data)).outline
    top = [item.title for item in outline if not isinstance(item, list)]
    assert top[:2] == ["1. Adi Nugroho 1 (A)", "2. Bunga Lestari 1 (B)"] and len(top) == 30


def test_filled_in_copies_are_the_copies_laid_out_one_by_one(lesson, monkeypatch):
    """Copies made from a laid-out copy of their version (names set into its fields) give
    the very bytes of laying every copy out, and the refusals are the copies that cannot be
    filled in: a class where the version's copy has none, a name wider than its cell."""
    from pipeline.printed import named_copies

    long_name = "Anak Agung Ngurah Gede Putra Wiranata Kusuma Jaya Negara Sakti Mahendra"
    students = (("1", "Adi Nugroho", "X-A"), ("2", "Bunga  Lestari", "X-A"),
                ("3", "Citra & <Dewi>", "X-A"), ("4", "Dimas", ""),
                ("5", long_name, "X-A"), ("6", "Fajar", ""), ("7", "Gita", "X-B"))
    options = RenderOptions(variants=2, roster=students, roster_name="kelas-7a")
    filled, fill_in = {}, named_copies.fill_in

    def counted(base, student):
        filled[student["number"]] = pages = fill_in(base, student)
        return pages

    monkeypatch.setattr(named_copies, "fill_in", counted)
    fast = render_output("class-set", lesson, ROOT, options)
    # 1 and 2 are their versions' first copies, 4 the first of B without a class.
    assert {n: p is not None for n, p in filled.items()} == \
        {"3": True, "5": False, "6": True, "7": True}
    monkeypatch.setattr(named_copies, "fill_in", lambda *_: None)
    slow = render_output("class-set", lesson, ROOT, options)
    assert fast.data == slow.data and fast.pages == slow.pages
    listing, *firsts = [p for p in pdftext.page_texts(fast.data) if "Halaman 1 dari" in p]
    assert len(firsts) == 7 and "Bunga Lestari" in firsts[1] and "X-A" in firsts[1]
    assert "Citra & <Dewi>" in firsts[2] and "Paket A" in firsts[2]
    outline = PdfReader(io.BytesIO(fast.data)).outline
    assert [i.title for i in outline if not isinstance(i, list)][1:3] == \
        ["2. Bunga Lestari (B)", "3. Citra & <Dewi> (A)"]


@pytest.mark.parametrize("own", ["template", "slip", "stylesheet", "capitals", "link"])
def test_a_school_printing_the_student_elsewhere_gets_each_copy_laid_out(
        tmp_path, monkeypatch, own):
    """A school's own worksheet template printing the number again (as text, or in a
    second number cell), its stylesheet
    copying the class into the running foot or setting names in capitals, a link in the
    worksheet (its annotation belongs to one page's tags): no copy is filled in, and each
    shows its own."""
    from pipeline.printed import named_copies
    from pipeline.render.folders import BUILTIN

    (tmp_path / "lessons").mkdir()
    source = SEED.read_text()
    if own == "link":
        source = source.replace("  instructions: |\n    Bacalah bahan bacaan",
                                "  instructions: |\n    Bacalah [bahan bacaan](https://example.org)")
    (tmp_path / "lessons" / SEED.name).write_text(source)
    ours = tmp_path / "templates" / "print"
    ours.mkdir(parents=True)
    if own in ("template", "slip"):
        extra = {"template": "<p>Nomor siswa: {{ student.number if student }}</p>",
                 "slip": '<table><tr><th>Nomor siswa:</th><td data-field="number">'
                         '{{ student.number if student }}</td></tr></table>'}[own]
        (ours / "worksheet.html").write_text(
            (BUILTIN / "print" / "worksheet.html").read_text()
            .replace('<table class="student-fields">', extra + '<table class="student-fields">'))
        expected = "Nomor siswa: {number}"
    elif own == "stylesheet":
        (ours / "print.css").write_text((BUILTIN / "print" / "print.css").read_text() + (
            '\ntd[data-field="class"] { string-set: owner content(); }\n'
            '@page { @bottom-left { content: "Kelas: " string(owner); } }\n'))
        expected = "Kelas: {group}"
    elif own == "capitals":
        (ours / "print.css").write_text((BUILTIN / "print" / "print.css").read_text() +
                                        "\ntd.field { text-transform: uppercase; }\n")
        expected = "Nama {upper} No. Absen {number}"
    else:
        expected = "Nama {name} No. Absen {number}"
    students = (("21", "ADI NUGROHO" if own == "capitals" else "Adi Nugroho", "X-A"),
                ("22", "Bunga Lestari", "X-B"), ("23", "Citra Dewi", "X-C"))
    made, fill_in = [], named_copies.fill_in
    monkeypatch.setattr(named_copies, "fill_in",
                        lambda *args: made.append(fill_in(*args)) or made[-1])
    lesson = load_lesson(tmp_path / "lessons" / SEED.name, tmp_path)[0]
    rendered = render_output("class-set", lesson, tmp_path, RenderOptions(
        roster=students, roster_name="kelas-7a"))
    assert not any(made)
    firsts = [p for p in pdftext.page_texts(rendered.data) if "Halaman 1 dari" in p][1:]
    for (number, name, group), page in zip(students, firsts, strict=True):
        assert expected.format(number=number, group=group, name=name, upper=name.upper()) \
            in page
    annotations = [annotation.get_object() for page in PdfReader(io.BytesIO(rendered.data))
                   .pages for annotation in page.get("/Annots", [])]
    assert len(annotations) == (3 if own == "link" else 0)
    assert all("/StructParent" in annotation for annotation in annotations)


def test_a_long_name_wraps_in_its_field_in_large_print(lesson):
    """A long name (Balinese names are) keeps the number and date fields on the page."""
    name = "Anak Agung Ngurah Gede Putra Wiranata Kusuma Jaya"
    rendered = render_output("class-set", lesson, ROOT, RenderOptions(
        form="large", roster=(("5", name, "X-A"),), roster_name="kelas-7a"))
    with pdfplumber.open(io.BytesIO(rendered.data)) as pdf:
        page = next(p for p in pdf.pages[1:] if "Gede" in (p.extract_text() or ""))
        words = page.extract_words()
    assert max(w["x1"] for w in words) < page.width - 10 / 25.4 * 72
    shown = " ".join(w["text"] for w in words)
    assert all(part in shown for part in name.split()) and "Tanggal" in shown
    assert "Absen 5" in " ".join(shown.split())


@pytest.mark.parametrize(("content", "message"), [
    ("nomor,nama\n1,Adi\n".encode("utf-16"), "UTF-16"),
    (b"no;siswa\n1;Adi\n", "no column named nama"),
    (b"nomor,nama\n1,Adi\n2,\n1,Budi\n", "kelas.csv:3:2: row 3.nama"),
    (b"PK\x03\x04rest", "Excel workbook"),
    (b"nomor,nama\n1,Adi\x1bNugroho\n", "kelas.csv:2:2: row 2.nama: the name has a control"),
    (b"", "empty"),
    ("nomor,nama\n1,Adé\n2,Bu\xffdi\n".encode("latin-1").replace(b"Ad\xe9", "Adé".encode()),
     "kelas.csv:3:5: roster: the file is not in UTF-8 (byte 0xFF here)"),
    ("nomor,nama\n1,王伟\n".encode("gbk"), "not in UTF-8"),
    (b'nomor,nama\n1,Adi\n2,"Budi\n' + b"x" * 140_000, "a quotation mark never closed"),
])
def test_bad_roster_is_one_clear_error(tmp_path, content, message):
    (tmp_path / "lessons").mkdir()
    (tmp_path / "lessons" / "kerja-sama.yaml").write_bytes(SEED.read_bytes())
    (tmp_path / "kelas.csv").write_bytes(content)
    result = run("build", "--roster", "kelas.csv", "--only", "handout", cwd=tmp_path)
    assert result.exit_code == 1 and "Traceback" not in result.output
    assert message in result.output and "kelas.csv" in result.output
    if "row 3" in message:
        assert "number 1 is also on line 2" in result.output   # every problem at once
    assert not (tmp_path / "output" / "kerja-sama").exists()


def test_a_roster_saved_by_excel_for_mac_reads_like_any_other(tmp_path):
    """Excel for Mac's "CSV (Macintosh)" ends its lines with a lone CR."""
    (tmp_path / "kelas.csv").write_bytes(b"nomor,nama,kelas\r1,Adi,7A\r2,Budi,7A\r")
    assert read_roster(tmp_path / "kelas.csv") == (("1", "Adi", "7A"), ("2", "Budi", "7A"))


def test_pack_and_zip(tmp_path):
    (tmp_path / "lessons").mkdir()
    (tmp_path / "lessons" / "kerja-sama.yaml").write_bytes(SEED.read_bytes())
    result = run("build", "--only", "pdf,pack,zip", "--variants", "2", "-j", "1",
                 cwd=tmp_path)
    assert result.exit_code == 0, result.output
    out = tmp_path / "output"
    pack = out / "kerja-sama" / "kerja-sama-pack.pdf"
    parts = ["handout.pdf", "worksheet-A.pdf", "worksheet-B.pdf", "answer-key-A.pdf",
             "answer-key-B.pdf"]
    counts = [len(PdfReader(out / "kerja-sama" / p).pages) for p in parts]
    reader = PdfReader(pack)
    assert len(reader.pages) == sum(counts)
    top = [(item.title, reader.get_destination_page_number(item))
           for item in reader.outline if not isinstance(item, list)]
    starts = [sum(counts[:i]) for i in range(len(parts))]
    assert [page for _, page in top] == starts
    assert top[0][0].startswith("Kerja Sama") and top[1][0].endswith("Paket A")
    assert top[4][0].startswith("Kunci Jawaban") and top[4][0].endswith("Paket B")
    assert any(isinstance(item, list) for item in reader.outline)  # each part's own marks

    archive = out / "kerja-sama.zip"
    with zipfile.ZipFile(archive) as zipped:
        names = sorted(zipped.namelist())
        assert names == sorted(f"kerja-sama/{p}" for p in parts)
        assert zipped.read("kerja-sama/handout.pdf") == (out / "kerja-sama/handout.pdf")\
            .read_bytes()
    first = pack.read_bytes(), archive.read_bytes()
    again = run("build", "--only", "pdf,pack,zip", "--variants", "2", cwd=tmp_path)
    assert "0 built, 7 up to date" in again.output
    pack.unlink()
    archive.unlink()
    run("build", "--only", "pdf,pack,zip", "--variants", "2", "--force", cwd=tmp_path)
    assert (pack.read_bytes(), archive.read_bytes()) == first       # reproducible bytes
