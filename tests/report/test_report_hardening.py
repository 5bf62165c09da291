"""The HTML report with hostile or damaged inputs: unsafe file names are not linked, malformed records are skipped
with a warning, every produced file is linked, and files get ordinary permissions."""

import json
import os
import stat

import pytest

from noneq.core.errors import NoneqInputError, NoneqWarning
from noneq.report import write_report

PNG_1x1 = bytes.fromhex(
    "89504e470d0a1a0a0000000d4948445200000001000000010806000000"
    "1f15c4890000000d49444154789c6360000002000001e221bc330000000049454e44ae426082")


def _reproduction(root, name="toy", files=("fig.png", "fig.pdf", "exp__data.nc"), run=None, claims=None):
    folder = root / name
    folder.mkdir(parents=True)
    for f in ("fig.png", "fig.pdf", "exp__data.nc"):
        (folder / f).write_bytes(PNG_1x1)
    run = run if run is not None else {"system": name, "title": "T", "paper": "P", "mode": "quick",
                                       "experiments": [{"name": "exp", "title": "E", "seconds": 1.0,
                                                        "files": list(files), "parameters": {}}]}
    claims = claims if claims is not None else [{"id": "c", "statement": "s", "paper": 1, "measured": 1,
                                                 "criterion": "=", "verdict": "reproduced", "explanation": ""}]
    (folder / "run.json").write_text(run if isinstance(run, str) else json.dumps(run))
    (folder / "claims.json").write_text(claims if isinstance(claims, str) else json.dumps(claims))
    return folder


def test_every_file_is_linked(tmp_path):
    _reproduction(tmp_path)
    page = write_report(tmp_path).read_text()
    for name in ("toy/fig.png", "toy/fig.pdf", "toy/exp__data.nc", "toy/claims.json"):
        assert f'href="{name}"' in page
    assert 'src="toy/fig.png"' in page


@pytest.mark.parametrize("name", ["../../../../etc/passwd.png", "//etc/abs.png", "/etc/abs.png",
                                  "javascript:alert(6).png", "missing.png", "..\\up.png"])
def test_unsafe_or_missing_file_names_are_not_linked(tmp_path, name):
    _reproduction(tmp_path, files=("fig.png", name))
    with pytest.warns(NoneqWarning, match="not linked"):
        page = write_report(tmp_path).read_text()
    assert "etc/" not in page.split("<body>", 1)[1].replace("etc/passwd", "") or "src=\"/" not in page
    for attribute in ("src", "href"):
        assert f'{attribute}="/' not in page and f'{attribute}="..' not in page
        assert f'{attribute}="javascript' not in page and f'{attribute}="toy/..' not in page


def test_a_folder_named_like_a_scheme_is_encoded(tmp_path):
    _reproduction(tmp_path, name="javascript:alert(6)")
    page = write_report(tmp_path).read_text()
    assert 'src="javascript:' not in page and 'href="javascript:' not in page
    assert 'src="javascript%3Aalert%286%29/fig.png"' in page


@pytest.mark.parametrize("run, claims", [
    ("{not json", None), ("\x00\x01binary", None), ('"a string"', None), (None, '{"id": 1}'),
    ({"experiments": "x"}, None), ({"experiments": [1]}, None), ({"experiments": [{"files": "a.png"}]}, None),
    ({"experiments": [{"seconds": "slow"}]}, None), ("[" * 100000 + "]" * 100000, None), (None, "[1, 2]"),
    (None, "[" * 5000 + "]" * 5000),
])
def test_malformed_records_are_skipped_with_a_warning(tmp_path, run, claims):
    _reproduction(tmp_path, name="good")
    _reproduction(tmp_path, name="bad", run=run, claims=claims)
    with pytest.warns(NoneqWarning, match="skipping bad"):
        page = write_report(tmp_path).read_text()
    assert 'id="good"' in page and 'id="bad"' not in page


def test_only_malformed_records_is_an_input_error(tmp_path):
    _reproduction(tmp_path, name="bad", run="{")
    with pytest.warns(NoneqWarning), pytest.raises(NoneqInputError, match="no reproduced system"):
        write_report(tmp_path)


def test_report_honours_the_umask(tmp_path):
    _reproduction(tmp_path)
    old = os.umask(0o022)
    try:
        path = write_report(tmp_path)
    finally:
        os.umask(old)
    assert stat.S_IMODE(path.stat().st_mode) == 0o644
