"""The command line under hostile or unlucky use: one line and the right exit code, never a traceback.

Ctrl-C and --help run the console script in a real subprocess; the rest runs the same entry point in this process
(`hostile.cli`: exit code, stdout and the whole of stderr, as a subprocess would report them)."""

import json
import os
import signal
import subprocess
import sys
import time

import pytest

WORKERS_START_TIMEOUT = 120  # seconds for the sweep's two workers to appear (a cold start on a loaded machine)
WORKERS_RUN_SECONDS = 2  # then this long, for them to take a point each, before Ctrl-C
INTERRUPT_AFTER_SECONDS = 20  # without /proc to watch the workers: long enough for them to start on a loaded machine
SLOW_POINT = ["--set", "j=1000", "--set", "kicks=40000"]  # a kicked-top point that takes tens of seconds


def noneq(*args, cwd=None, timeout=300):
    return subprocess.run([sys.executable, "-m", "noneq", *args], capture_output=True, text=True, cwd=cwd,
                          timeout=timeout)


def _one_line(result, code, fragment):
    assert result.returncode == code, (result.returncode, result.stderr)
    assert "Traceback" not in result.stderr
    lines = [line for line in result.stderr.strip().splitlines() if line.strip()]
    assert len(lines) == 1 and fragment in lines[0], lines


@pytest.mark.parametrize("args, fragment", [
    (["run", "kicked-top", "--set"], "requires an argument"),
    (["frobnicate"], "No such command"),
    (["run"], "Missing argument"),
    (["run", "kicked-top", "--bogus"], "No such option"),
    (["run", "kicked-top", "--set", "kappa=pi/0"], "'kappa' = 'pi/0'"),
    (["run", "kicked-top", "--set", "kicks=1e300"], "'kicks'"),
    (["sweep", "kicked-top", "--grid", "kappa=pi/0", "--store", "s"], "'kappa' = 'pi/0'"),
    (["sweep", "kicked-top", "--grid", "kappa=-1e308:1e308:1e-308", "--store", "s"], "more than 100000 points"),
    (["sweep", "kicked-top", "--grid", "kappa=lin:1:2:100000", "--grid", "theta=lin:1:2:100000",
      "--store", "s"], "10000000000 points"),
    (["sweep", "kicked-top", "--grid", "kappa=1,2", "--store", "s", "--seed", "1e23"], "'--seed'"),
    (["sweep", "kicked-top", "--grid", "kappa=1,2", "--store", "s", "--seed", "-1"], "'--seed'"),
])
def test_bad_input_is_one_line_with_exit_2(tmp_path, args, fragment, noneq_here):
    _one_line(noneq_here(*args, cwd=tmp_path), 2, fragment)


def test_output_paths_that_cannot_be_written(tmp_path, noneq_here):
    (tmp_path / "a_file").write_text("x")
    (tmp_path / "a_dir.nc").mkdir()
    _one_line(noneq_here("run", "kicked-top", "--set", "kicks=2", "--out", str(tmp_path / "a_dir.nc")), 2,
              "is a directory")
    _one_line(noneq_here("run", "kicked-top", "--set", "kicks=2", "--out", str(tmp_path / "a_file" / "x.nc")), 2,
              "is a file, not a folder")
    _one_line(noneq_here("sweep", "kicked-top", "--grid", "kappa=1,2", "--store", str(tmp_path / "a_file")), 2,
              "is a file, not a folder")
    _one_line(noneq_here("reproduce", "kicked-top", "--quick", "--out", str(tmp_path / "a_file")), 2,
              "is a file, not a folder")
    _one_line(noneq_here("run", "kicked-top", "--out", "/proc/noneq/x.nc"), 2, "cannot create")


def test_json_is_strict_and_dry_run_stops_before_computing(tmp_path, noneq_here):
    result = noneq_here("run", "kicked-top", "--set", "kicks=3", "--json")
    assert result.returncode == 0, result.stderr
    payload = json.loads(result.stdout, parse_constant=lambda name: pytest.fail(f"non-standard JSON {name}"))
    assert set(payload) == {"system", "noneq_version", "parameters", "values", "units"}
    assert payload["system"] == "kicked-top" and payload["parameters"]["kicks"] == 3
    assert payload["parameters"]["T1"] == "inf"  # no coherence limit: a non-finite parameter, as a string
    assert payload["units"]["mean_entropy"] == "bit" and 0.0 <= payload["values"]["mean_entropy"] <= 1.0
    dry = noneq_here("run", "kicked-top", "--set", "kicks=3", "--dry-run", "--out", str(tmp_path / "x.nc"))
    assert dry.returncode == 0 and "kicks=3" in dry.stdout and not (tmp_path / "x.nc").exists()


def test_too_many_workers_are_capped_with_a_note(tmp_path, noneq_here):
    result = noneq_here("sweep", "kicked-top", "--grid", "kappa=1,2", "--set", "kicks=2", "--workers", "100000",
                       "--store", str(tmp_path / "s"))
    assert result.returncode == 0, result.stderr
    assert "noneq: warning: --workers 100000" in result.stderr and "Traceback" not in result.stderr


def test_run_help_lists_the_systems_parameters():
    result = noneq("run", "kicked-top", "--help")
    assert result.returncode == 0 and "--dry-run" in result.stdout
    for name in ("kappa", "kicks", "T1", "mean_entropy"):
        assert name in result.stdout


def _grandchildren(pid):
    """The ids of the processes whose parent is a child of ``pid`` (a forkserver's workers), from /proc."""
    parents = {}
    for name in os.listdir("/proc"):
        if name.isdigit():
            try:
                with open(f"/proc/{name}/stat") as file:
                    parents[int(name)] = int(file.read().rsplit(")", 1)[1].split()[1])
            except (OSError, IndexError, ValueError):
                continue
    children = {child for child, parent in parents.items() if parent == pid}
    return {child for child, parent in parents.items() if parent in children}


def test_ctrl_c_during_a_sweep_says_what_is_stored_and_how_to_resume(tmp_path):
    store = tmp_path / "s"
    process = subprocess.Popen(
        [sys.executable, "-m", "noneq", "sweep", "kicked-top", "--grid", "kappa=lin:0:6:8", *SLOW_POINT,
         "--workers", "2", "--store", str(store)],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
        preexec_fn=lambda: signal.signal(signal.SIGINT, signal.SIG_DFL))
    if os.path.isdir("/proc"):
        deadline = time.monotonic() + WORKERS_START_TIMEOUT  # until the forkserver's two workers run: under way
        while len(_grandchildren(process.pid)) < 2 and time.monotonic() < deadline and process.poll() is None:
            time.sleep(0.2)
        if len(_grandchildren(process.pid)) != 2:
            process.kill()
            pytest.fail(f"the sweep's workers did not start: {process.communicate()[1]}")
        time.sleep(WORKERS_RUN_SECONDS)
    else:
        time.sleep(INTERRUPT_AFTER_SECONDS)
    process.send_signal(signal.SIGINT)
    _, stderr = process.communicate(timeout=120)
    assert process.returncode == 130, stderr
    assert "Traceback" not in stderr and "KeyboardInterrupt" not in stderr
    last = stderr.strip().splitlines()[-1]
    assert last.startswith("noneq: interrupted: ") and "of 8 points stored" in last and "resume" in last
    assert "8/8" not in stderr  # the progress bar does not pretend to have finished
    stored = len([name for name in os.listdir(store / "points") if name.startswith("point-")])
    assert f"{stored} of 8 points stored" in last


def test_a_fixed_value_that_needs_the_swept_one_is_checked_per_point(tmp_path, noneq_here):
    # w_b = 1.5 alone is not a cycle (w_a = 0 means "optimal" only with w_b = 0); with each swept w_a it is
    result = noneq_here("sweep", "otto", "--grid", "w_a=0.5,1", "--set", "w_b=1.5", "--serial", "--store",
                       str(tmp_path / "s"))
    assert result.returncode == 0, result.stderr
    text = noneq_here("run", "otto", "--set", "w_a=1", "--set", "w_b=1.2")
    assert text.returncode == 0 and "mode = 2 (engine)" in text.stdout and "noneq: warning:" in text.stderr
