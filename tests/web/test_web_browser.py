"""``docgen serve`` end to end in a real headless browser (Debian's chromium, driven by Selenium
through chromium-driver): the year walked as a secretary would, with screenshots of each page
(kept in the test's temporary folder, and in $DOCGEN_SCREENSHOTS when set)."""

from __future__ import annotations

import csv
import io
import os
import shutil
import socket
import threading
import time
import zipfile
from collections.abc import Iterator
from pathlib import Path

import pytest

from docgen.content.load import load_content
from tests.helpers import CONTENT, TEMPLATES

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
DRIVER = shutil.which("chromedriver")
pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(
        CHROMIUM is None or DRIVER is None,
        reason="chromium and chromium-driver are not installed (.ci/setup installs them)",
    ),
]
FLAGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-dev-shm-usage",
    "--window-size=1280,1000",
    "--lang=vi-VN",
]


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port: int = s.getsockname()[1]
        return port


@pytest.fixture
def server(tmp_path: Path) -> Iterator[tuple[str, Path, Path]]:
    import uvicorn

    from docgen.web.app import create_app
    from docgen.web.common import Settings

    content, out = tmp_path / "content", tmp_path / "output"
    shutil.copytree(CONTENT, content)
    (content / "2024" / "self-scores.csv").unlink()
    # .docx only: converting the whole set to PDF takes minutes on a loaded two-core machine;
    # the PDF build and its page images are covered by test_web.py on the shared session build.
    app = create_app(Settings(content, out, TEMPLATES, pdf=False))
    port = free_port()
    srv = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning"))
    thread = threading.Thread(target=srv.run, daemon=True)
    thread.start()
    deadline = time.time() + 20
    while not srv.started and time.time() < deadline:
        time.sleep(0.05)
    yield f"http://127.0.0.1:{port}", content, out
    srv.should_exit = True
    thread.join(10)


@pytest.fixture
def browser(tmp_path: Path) -> Iterator[object]:
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    options = webdriver.ChromeOptions()
    options.binary_location = str(CHROMIUM)
    for flag in [*FLAGS, f"--user-data-dir={tmp_path / 'profile'}"]:
        options.add_argument(flag)
    downloads = tmp_path / "downloads"
    downloads.mkdir()
    options.add_experimental_option(
        "prefs",
        {"download.default_directory": str(downloads), "download.prompt_for_download": False},
    )
    driver = webdriver.Chrome(service=Service(executable_path=str(DRIVER)), options=options)
    driver.execute_cdp_cmd(
        "Page.setDownloadBehavior", {"behavior": "allow", "downloadPath": str(downloads)}
    )
    driver.set_page_load_timeout(60)
    yield driver
    driver.quit()


def wait_for(predicate: object, timeout: float = 90, fail: object = None) -> None:
    end = time.time() + timeout
    while time.time() < end:
        if fail is not None and fail():  # type: ignore[operator]
            raise AssertionError("the page reports a failure")
        try:
            if predicate():  # type: ignore[operator]
                return
        except Exception:  # noqa: BLE001 - the page is still changing
            pass
        time.sleep(0.2)
    raise AssertionError("timed out waiting in the browser")


def test_the_year_in_a_browser(
    server: tuple[str, Path, Path], browser: object, tmp_path: Path
) -> None:
    from selenium.webdriver.common.by import By

    d = browser  # type: ignore[assignment]
    base, content, out = server
    shots = Path(os.environ.get("DOCGEN_SCREENSHOTS") or tmp_path / "shots")
    shots.mkdir(parents=True, exist_ok=True)

    def shot(name: str) -> None:
        d.save_screenshot(str(shots / f"{name}.png"))  # type: ignore[attr-defined]

    def css(sel: str) -> object:
        return d.find_element(By.CSS_SELECTOR, sel)  # type: ignore[attr-defined]

    def text() -> str:
        return str(css("body").text)  # type: ignore[attr-defined]

    # 1. the overview
    d.get(base + "/")  # type: ignore[attr-defined]
    assert "Văn bản năm 2024" in text() and "Tạo văn bản" in text()
    shot("1-overview-empty")

    # 2. the plan: a new date (picker) and a new Nội dung
    d.get(base + "/y/2024/plan")  # type: ignore[attr-defined]
    date = css("#f-date")
    d.execute_script(  # type: ignore[attr-defined]
        "arguments[0].value = '2024-05-08'; arguments[0].dispatchEvent(new Event('input'))", date
    )
    assert css("#date-printed").text == "ngày 08 tháng 5 năm 2024"  # type: ignore[attr-defined]
    css("#save-plan").click()  # type: ignore[attr-defined]
    wait_for(lambda: css("#saved"))
    assert load_content(content, 2024).plan.date.isoformat() == "2024-05-08"  # type: ignore[union-attr]
    css("#new-title").send_keys("Xây dựng thư viện số")  # type: ignore[attr-defined]
    css("#new-points").send_keys("8")  # type: ignore[attr-defined]
    css("#add-criterion-button").click()  # type: ignore[attr-defined]
    wait_for(lambda: css("#saved") and css("#total").text == "100")  # type: ignore[attr-defined]
    assert "Nội dung 5" in text()
    shot("2-plan")

    # 3. scores: the new Nội dung 5 needs its column; a filled file with one bad cell, then
    # fixed. (The units' self-scores would need the column too; the page cannot upload them
    # yet, so this walk starts without self-scores.csv.)
    rows = list(
        csv.reader(
            io.StringIO((content / "2024/scores.csv").read_text(encoding="utf-8-sig")),
            delimiter=";",
        )
    )
    for i, row in enumerate(rows):
        row.insert(10, "ND5 (8)" if i == 0 else "0")
        del row[13]  # the stated total (Tổng) is computed again by docgen

    def write(name: str, nd1_first_unit: str) -> Path:
        rows[1][3] = nd1_first_unit
        buf = io.StringIO()
        csv.writer(buf, delimiter=";").writerows(rows)
        path = tmp_path / name
        path.write_text(buf.getvalue(), encoding="utf-8")
        return path

    bad = write("diem-sai.csv", "27")
    fixed = write("diem.csv", "19,5")
    d.get(base + "/y/2024/scores")  # type: ignore[attr-defined]
    css("#score-file").send_keys(str(bad))  # type: ignore[attr-defined]
    css("#upload").click()  # type: ignore[attr-defined]
    wait_for(lambda: css("#upload-errors"))
    marked = [
        e.get_attribute("data-cell")
        for e in d.find_elements(By.CSS_SELECTOR, "td.bad[data-cell]")  # type: ignore[attr-defined]
    ]
    assert "D2" in marked
    shot("3-scores-bad-cell")
    css("#score-file").send_keys(str(fixed))  # type: ignore[attr-defined]
    css("#upload").click()  # type: ignore[attr-defined]
    wait_for(lambda: css("#upload-ok"))
    assert "Xuất sắc" in css("#ranking").text  # type: ignore[attr-defined]
    shot("3-scores-ranking")

    # 4. awards: a nominee and the council's votes
    d.get(base + "/y/2024/awards")  # type: ignore[attr-defined]
    css("#new-name").send_keys("Lê Văn Hòa")  # type: ignore[attr-defined]
    css("#new-position").send_keys("Giáo viên Vật lý")  # type: ignore[attr-defined]
    css("#new-reason").send_keys("Vận động 20 suất học bổng 1&1.")  # type: ignore[attr-defined]
    css("#new-achievements").send_keys("Vận động 20 suất học bổng 1&1 năm 2024.")  # type: ignore[attr-defined]
    css("#new-agree").send_keys("7")  # type: ignore[attr-defined]
    # 7 for + 1 not voting = the 8 members present (the dossier's rule: the votes add up)
    css("#new-abstain").send_keys("1")  # type: ignore[attr-defined]
    css("#add-nominee-button").click()  # type: ignore[attr-defined]
    wait_for(lambda: css("#saved"))
    shot("4-awards")
    assert "Lê Văn Hòa" in css("#tallies").text  # type: ignore[attr-defined]
    shot("4-awards")

    # 5. build with live progress, then the documents with their page images
    d.get(base + "/y/2024/")  # type: ignore[attr-defined]
    css("#build").click()  # type: ignore[attr-defined]
    wait_for(lambda: css("#progress"), 10)
    failed = lambda: d.find_elements(By.CSS_SELECTOR, "#build-failed, #last-failed")  # type: ignore[attr-defined]  # noqa: E731
    wait_for(lambda: len(d.find_elements(By.CSS_SELECTOR, ".doc")) > 5, 240, failed)  # type: ignore[attr-defined]
    assert "ke-hoach-2024" in text()
    if any(p.suffix == ".pdf" for p in (out / "2024").iterdir()):
        wait_for(
            lambda: d.execute_script(  # type: ignore[attr-defined]
                "return Array.from(document.images).every(i => i.complete && i.naturalWidth > 0)"
            ),
            60,
        )
    shot("5-overview-built")

    # 6. the whole set as a zip, opened
    css("#zip").click()  # type: ignore[attr-defined]
    target = tmp_path / "downloads" / "docgen-2024.zip"
    wait_for(lambda: target.is_file() and target.stat().st_size > 0, 30)
    names = zipfile.ZipFile(target).namelist()
    assert "2024/ke-hoach-2024.docx" in names and "2024/manifest.json" in names

    # 7. check an uploaded document
    d.get(base + "/check")  # type: ignore[attr-defined]
    doc = out / "2024" / "ke-hoach-2024.docx"
    css("#check-file").send_keys(str(doc))  # type: ignore[attr-defined]
    css("#check").click()  # type: ignore[attr-defined]
    wait_for(lambda: "nhận xét" in css("h2").text, 120)  # type: ignore[attr-defined]
    shot("6-check")

    # 8. roll over to 2025 and build the draft
    d.get(base + "/y/2024/next")  # type: ignore[attr-defined]
    css("#rollover").click()  # type: ignore[attr-defined]
    wait_for(lambda: css("#to-fill"))
    assert "Số văn bản" in css("#to-fill").text  # type: ignore[attr-defined]
    shot("7-next-year")
    css("#build-draft").click()  # type: ignore[attr-defined]
    wait_for(lambda: len(d.find_elements(By.CSS_SELECTOR, ".doc")) > 0, 240, failed)  # type: ignore[attr-defined]
    assert (out / "2025" / "ke-hoach-2025.docx").is_file()
    shot("8-draft-2025")
