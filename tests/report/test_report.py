"""The HTML report: structure, escaping, and a real headless-browser load."""

import json
import shutil
import subprocess
from pathlib import Path

import pytest

from noneq.core.errors import NoneqInputError
from noneq.report import write_report

PNG_1x1 = bytes.fromhex(
    "89504e470d0a1a0a0000000d4948445200000001000000010806000000"
    "1f15c4890000000d49444154789c6360000002000001e221bc330000000049454e44ae426082")
BROWSER_TIMEOUT_SECONDS = 120  # a cold headless Chromium start on 2 cores


def _fake_reproduction(root: Path, name: str = "toy", statement: str = "y grows") -> Path:
    folder = root / name
    folder.mkdir(parents=True)
    (folder / "fig_a.png").write_bytes(PNG_1x1)
    (folder / "fig_b.png").write_bytes(PNG_1x1)
    (folder / "fig_a.pdf").write_bytes(b"%PDF-1.4")
    (folder / "data.nc").write_bytes(b"CDF")
    run = {"system": name, "title": "Toy <system>", "paper": "A & B, J. Test 1 (2026)", "mode": "quick",
           "executor": "serial", "noneq_version": "0.1.0",
           "experiments": [{"name": "exp", "title": "Experiment <1>", "seconds": 1.25,
                            "files": ["fig_a.png", "fig_a.pdf", "fig_b.png", "data.nc"], "claims": ["c1", "c2"],
                            "parameters": {"data": {"kappa": 2.5, "label": "<script>alert(1)</script>"}}}]}
    claims = [
        {"id": "c1", "statement": statement, "paper": 0.8, "measured": 0.81, "criterion": "within 0.1",
         "verdict": "reproduced", "explanation": ""},
        {"id": "c2", "statement": "z < 1", "paper": "small", "measured": 2.0, "criterion": "z < 1",
         "verdict": "differs", "explanation": "finite size & <b>bold</b>"},
    ]
    (folder / "run.json").write_text(json.dumps(run))
    (folder / "claims.json").write_text(json.dumps(claims))
    return folder


def test_report_has_sections_tables_and_figures(tmp_path):
    _fake_reproduction(tmp_path, "alpha")
    _fake_reproduction(tmp_path, "beta")
    page = write_report(tmp_path).read_text()
    assert page.count("<section") == 2 and 'id="alpha"' in page and 'id="beta"' in page
    assert page.count('<tr class="ok">') == 2 and page.count('<tr class="differs">') == 2
    assert 'src="alpha/fig_a.png"' in page and 'src="beta/fig_b.png"' in page
    assert "1.25 s" in page and "http" not in page.replace("http-equiv", "")  # offline: no remote resources


def test_report_escapes_values(tmp_path):
    _fake_reproduction(tmp_path, statement="<img src=x onerror=alert(1)>")
    page = write_report(tmp_path).read_text()
    assert "<img src=x" not in page and "&lt;img src=x onerror=alert(1)&gt;" in page
    assert "<script>alert(1)</script>" not in page
    assert "finite size &amp; &lt;b&gt;bold&lt;/b&gt;" in page
    assert "Toy &lt;system&gt;" in page and "A &amp; B" in page


def test_report_without_reproductions_is_refused(tmp_path):
    with pytest.raises(NoneqInputError, match="no reproduced system"):
        write_report(tmp_path)


def _chromium() -> str | None:
    for name in ("chromium", "chromium-browser", "google-chrome"):
        if shutil.which(name):
            return shutil.which(name)
    return None


@pytest.mark.skipif(_chromium() is None, reason="Chromium is not installed (apt-get install chromium)")
def test_report_in_headless_chromium(tmp_path):
    _fake_reproduction(tmp_path, "alpha")
    _fake_reproduction(tmp_path, "beta")
    page = write_report(tmp_path)
    common = [_chromium(), "--headless", "--no-sandbox", "--disable-gpu", "--allow-file-access-from-files",
              "--virtual-time-budget=5000"]
    dom = subprocess.run(common + ["--dump-dom", page.as_uri()], capture_output=True, text=True,
                         timeout=BROWSER_TIMEOUT_SECONDS)
    assert dom.returncode == 0, dom.stderr[-2000:]
    assert 'data-images-loaded="4/4"' in dom.stdout  # every figure loaded from file://
    assert dom.stdout.count("<section") == 2 and dom.stdout.count('class="verdict"') == 4
    screenshot = tmp_path / "report.png"
    shot = subprocess.run(common + [f"--screenshot={screenshot}", "--window-size=1280,2000", page.as_uri()],
                          capture_output=True, text=True, timeout=BROWSER_TIMEOUT_SECONDS)
    assert shot.returncode == 0 and screenshot.read_bytes()[:8] == PNG_1x1[:8]
    assert screenshot.stat().st_size > 5000
