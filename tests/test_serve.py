"""``lessonpack serve`` in a real browser: edit, break and fix a lesson; nothing leaks."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest

from .browser import browser, offline_page
from .conftest import MINIMAL, ROOT

QUIZ = ("worksheet:\n  questions:\n"
        "    - {type: true_false, prompt: Kerja sama itu asosiatif., answer: true}\n")


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def get(url: str) -> tuple[int, bytes]:
    try:
        with urllib.request.urlopen(url, timeout=10) as response:
            return response.status, response.read()
    except urllib.error.HTTPError as exc:
        return exc.code, exc.read()


@pytest.fixture
def server(tmp_path):
    (tmp_path / "lessons").mkdir()
    lesson = tmp_path / "lessons" / "satu.yaml"
    lesson.write_text(MINIMAL + QUIZ)
    (tmp_path / "rahasia.txt").write_text("RAHASIA")
    port = free_port()
    proc = subprocess.Popen([sys.executable, "-m", "pipeline", "serve", "--port", str(port)],
                            cwd=tmp_path, env={**os.environ, "PYTHONPATH": str(ROOT)},
                            stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    base = f"http://127.0.0.1:{port}"
    deadline = time.time() + 60
    while time.time() < deadline:
        try:
            if get(base + "/")[0] == 200 and b"satu" in get(base + "/")[1]:
                break
        except OSError:
            time.sleep(0.2)
    else:
        proc.kill()
        raise AssertionError(proc.stdout.read())
    yield base, lesson, proc
    proc.terminate()
    proc.wait(timeout=10)


def test_edit_break_and_fix_a_lesson_with_the_page_open(server):
    base, lesson, _ = server
    with browser() as instance:
        page = offline_page(instance, width=800, allow=("http://127.0.0.1", "data:"))
        page.goto(base + "/lessons/satu/")
        assert page.locator("h1").inner_text() == "Kerja Sama"
        lesson.write_text(MINIMAL.replace("title: Kerja Sama", "title: Kerja Sama Baru") + QUIZ)
        page.wait_for_function("document.querySelector('h1').textContent === 'Kerja Sama Baru'",
                               timeout=30_000)
        lesson.write_text(MINIMAL.replace("grade: X", "grade: [X") + QUIZ)
        page.wait_for_selector("ul.problems", timeout=30_000)
        problem = page.locator("ul.problems li").first.inner_text()
        assert "satu.yaml:" in problem and "YAML syntax error" in problem
        lesson.write_text(MINIMAL.replace("title: Kerja Sama", "title: Pulih Lagi") + QUIZ)
        page.wait_for_function("document.querySelector('h1').textContent === 'Pulih Lagi'",
                               timeout=30_000)
        assert page.blocked == []


def test_index_lists_outputs_and_serves_built_files(server):
    base, _, _ = server
    status, body = get(base + "/")
    assert status == 200 and b"/lessons/satu/" in body
    deadline = time.time() + 60
    while b"handout.pdf" not in body and time.time() < deadline:     # PDFs follow the web
        time.sleep(0.3)
        body = get(base + "/")[1]
    assert get(base + "/files/satu/handout.pdf")[1][:4] == b"%PDF"
    assert get(base + "/files/satu/lesson.html")[0] == 200


@pytest.mark.parametrize("path", ["/files/satu/../../rahasia.txt", "/files/satu/%2e%2e",
                                  "/files/%2e%2e/rahasia.txt", "/files/satu/..%2f..%2frahasia.txt",
                                  "/files/satu/%2e%2e%2f%2e%2e%2frahasia.txt",
                                  "/files/..%2f..%2f/rahasia.txt", "/lessons/../rahasia.txt"])
def test_nothing_outside_the_output_folder_is_served(server, path):
    base, _, _ = server
    status, body = get(base + path)
    assert status == 404 or b"RAHASIA" not in body
    assert b"RAHASIA" not in body


def test_listens_on_loopback_only_by_default(server):
    _, _, proc = server
    listening = Path("/proc/net/tcp").read_text().split("\n")[1:]
    port = int(server[0].rsplit(":", 1)[1])
    local = [line.split()[1] for line in listening if line.strip()
             and line.split()[3] == "0A" and int(line.split()[1].split(":")[1], 16) == port]
    assert local == [f"0100007F:{port:04X}"]
