"""The command line: the console script as a user runs it (real subprocesses for `noneq list`, --version and a
run's JSON), everything else through the same entry point in this process (`hostile.cli`: exit code, stdout and
the whole of stderr, as a subprocess would report them)."""

import json
import subprocess
import sys

import pytest

from noneq.core.results import read_netcdf
from noneq.kicked_top.system import run_kicked_top


def noneq(*args, cwd=None):
    return subprocess.run([sys.executable, "-m", "noneq", *args], capture_output=True, text=True, cwd=cwd)


def test_list_and_describe(noneq_here):
    listing = noneq("list")
    assert listing.returncode == 0 and "kicked-top" in listing.stdout and "fig4" in listing.stdout
    described = noneq_here("describe", "kicked-top")
    assert described.returncode == 0
    for word in ("kappa", "theta", "phi", "kicks", "T1", "T2", "mean_entropy", "overlap", "allowed"):
        assert word in described.stdout


def test_run_json_matches_library_and_issue_contract():
    args = ["--set", "j=1.5", "--set", "kappa=2.5", "--set", "theta=2.0", "--set", "phi=-1.0",
            "--set", "kicks=20"]
    result = noneq("run", "kicked-top", *args, "--json")
    assert result.returncode == 0, result.stderr
    values = json.loads(result.stdout)["values"]
    assert {"mean_entropy", "final_entropy", "overlap"} <= set(values)
    direct = run_kicked_top(j=1.5, kappa=2.5, p=1.5707963267948966, theta=2.0, phi=-1.0, kicks=20,
                            include_initial=False, T1=float("inf"), T2=float("inf"), rotation_time=20.0,
                            interaction_time_per_kappa=10.0)
    assert values["mean_entropy"] == float(direct.mean_entropy)
    assert values["mean_entropy"] == pytest.approx(float(direct.entropy[1:].mean()), abs=1e-14)
    assert 0.0 <= values["overlap"] <= 1.0


def test_run_writes_netcdf_with_provenance(tmp_path, noneq_here):
    out = tmp_path / "run.nc"
    result = noneq_here("run", "kicked-top", "--set", "j=20", "--set", "kicks=5", "--out", str(out))
    assert result.returncode == 0, result.stderr
    ds = read_netcdf(out)
    assert json.loads(ds.attrs["parameters"])["j"] == 20.0
    assert ds.entropy.attrs["units"] == "bit" and ds.sizes["kick"] == 6
    assert "overlap" not in ds  # only for registers of at most 5 qubits


@pytest.mark.parametrize("args, fragment", [
    (["run", "nosuch"], "unknown system 'nosuch'"),
    (["run", "kicked-top", "--set", "j=1.3"], "'j' = 1.3"),
    (["run", "kicked-top", "--set", "j=-2"], "'j' = -2"),
    (["run", "kicked-top", "--set", "kicks=0"], "'kicks' = 0"),
    (["run", "kicked-top", "--set", "theta=7"], "'theta' = 7"),
    (["run", "kicked-top", "--set", "kappa=nan"], "'kappa' = nan"),
    (["run", "kicked-top", "--set", "bogus=1"], "unknown parameter 'bogus'"),
    (["run", "kicked-top", "--set", "kappa"], "NAME=VALUE"),
    (["run", "kicked-top", "--set", "T1=5", "--set", "T2=20"], "'T2' = 20"),
    (["run", "kicked-top", "--set", "j=20", "--set", "T1=5"], "'j' = 20"),
    (["run", "kicked-top", "--out", "x.txt"], ".nc"),
    (["describe", "nosuch"], "unknown system"),
    (["reproduce", "nosuch"], "unknown system"),
    (["reproduce", "kicked-top", "--experiment", "fig9"], "unknown experiment 'fig9'"),
])
def test_bad_input_exits_2_with_one_line_and_no_traceback(args, fragment, tmp_path, noneq_here):
    result = noneq_here(*args, cwd=tmp_path)
    assert result.returncode == 2
    assert "Traceback" not in result.stderr
    assert fragment in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1


def test_reproduce_quick_writes_all_outputs(tmp_path, noneq_here):
    result = noneq_here("reproduce", "kicked-top", "--quick", "--out", str(tmp_path))
    assert result.returncode == 0, result.stderr + result.stdout
    folder = tmp_path / "kicked-top"
    claims = json.loads((folder / "claims.json").read_text())
    assert len(claims) >= 10
    assert all(c["verdict"] in ("reproduced", "differs") for c in claims)
    assert all(c["explanation"] for c in claims if c["verdict"] == "differs")
    for figure in ("fig1b_bloch_vector", "fig2a_entropy_k0.5", "fig2c_time_averaged",
                   "fig2d_classical_stroboscopic", "fig3_pauli_correlators", "fig4_overlap"):
        assert (folder / f"{figure}.png").stat().st_size > 1000
        assert (folder / f"{figure}.pdf").exists()
    assert "reproduced" in result.stdout
    report = noneq_here("report", "--out", str(tmp_path))
    assert report.returncode == 0, report.stderr
    page = (tmp_path / "index.html").read_text()
    assert 'src="kicked-top/fig4_overlap.png"' in page and page.count("<tr class=") == len(claims)


def test_sweep_runs_resumes_and_refuses_another_store(tmp_path, noneq_here):
    store = tmp_path / "store"
    args = ["sweep", "kicked-top", "--grid", "kappa=0.5,2.5", "--grid", "theta=lin:0.5:2.5:3", "--set", "kicks=4",
            "--store", str(store), "--workers", "2"]
    first = noneq_here(*args, "--out", str(tmp_path / "sweep.nc"))
    assert first.returncode == 0, first.stderr
    ds = read_netcdf(tmp_path / "sweep.nc")
    assert ds.mean_entropy.dims == ("kappa", "theta") and ds.sizes["theta"] == 3
    (store / "points" / "point-000002.nc").unlink()
    again = noneq_here(*args, "--serial")
    assert again.returncode == 0, again.stderr
    assert "5 of 6 stored" in again.stderr
    assert sorted(p.name for p in (store / "points").iterdir()) == [f"point-{i:06d}.nc" for i in range(6)]
    other = noneq_here(*[a.replace("kicks=4", "kicks=5") for a in args])
    assert other.returncode == 2 and "kicks: 4 in the store, 5 now" in other.stderr
    assert "Traceback" not in other.stderr


@pytest.mark.parametrize("args, fragment", [
    (["--grid", "kappa=lin:0:1"], "lin:START:STOP:COUNT"),
    (["--grid", "theta=0:4:1"], "'theta' = 4.0"),
    (["--grid", "kappa=1", "--set", "kappa=2"], "both swept"),
    (["--grid", "kappa=1", "--grid", "kappa=2"], "--grid: parameter 'kappa' given twice"),
    (["--set", "kappa=2"], "at least one"),
    (["--grid", "kappa=1", "--workers", "0"], "--workers 0"),
    (["--grid", "kappa=1", "--scheduler", "nowhere"], "tcp://HOST:PORT"),
    (["--grid", "j=1.5,20", "--set", "T1=10", "--set", "T2=10"], "'j' = 20"),
])
def test_sweep_bad_input(args, fragment, tmp_path, noneq_here):
    result = noneq_here("sweep", "kicked-top", *args, "--store", str(tmp_path / "s"))
    assert result.returncode == 2 and fragment in result.stderr and "Traceback" not in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1
    assert not (tmp_path / "s" / "points").exists() or not any((tmp_path / "s" / "points").iterdir())


def test_report_command(tmp_path, noneq_here):
    missing = noneq_here("report", "--out", str(tmp_path))
    assert missing.returncode == 2 and "no reproduced system" in missing.stderr


def test_version_option_prints_the_version():
    from noneq import __version__

    shown = noneq("--version")
    assert shown.returncode == 0 and shown.stdout.strip() == f"noneq {__version__}"
