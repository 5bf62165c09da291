"""Local sweep workers: a plain script (no `__main__` guard) can sweep, and killing the sweep's process (SIGKILL)
ends its workers too."""

import os
import signal
import subprocess
import sys
import textwrap
import time
from pathlib import Path

START_TIMEOUT_SECONDS = 120  # a cold worker start (imports) on a loaded 2-core machine
EXIT_TIMEOUT_SECONDS = 15  # workers notice the sweep's end at once (process fd) or within a 1 s poll

SCRIPT = """
from noneq.sweep import Grid, ProcessExecutor, run_sweep
from noneq.sweep.demo import demo_point

ds = run_sweep(demo_point, Grid((("x", {values}),)), fixed={{"sleep_seconds": {sleep}}},
               executor=ProcessExecutor(2))
print("products", ds["product"].values.tolist())
"""


def _alive(pid: int) -> bool:
    try:
        state = Path(f"/proc/{pid}/status").read_text()
    except OSError:
        try:
            os.kill(pid, 0)
        except ProcessLookupError:
            return False
        return True
    return "\nState:\tZ" not in state


def _script(tmp_path, values, sleep):
    path = tmp_path / "plain_script.py"
    path.write_text(textwrap.dedent(SCRIPT.format(values=values, sleep=sleep)))
    return path


def test_a_plain_script_without_main_guard_can_sweep(tmp_path):
    script = _script(tmp_path, (1.0, 2.0, 3.0), 0.0)
    result = subprocess.run([sys.executable, str(script)], capture_output=True, text=True, timeout=300,
                            cwd=tmp_path)
    assert result.returncode == 0, result.stderr[-2000:]
    assert "products [1.0, 2.0, 3.0]" in result.stdout
    assert "Traceback" not in result.stderr


def test_workers_end_when_the_sweep_is_killed(tmp_path):
    markers = tmp_path / "markers"
    markers.mkdir()
    script = _script(tmp_path, (1.0, 2.0, 3.0, 4.0), 600.0)
    process = subprocess.Popen([sys.executable, str(script)], cwd=tmp_path,
                               env={**os.environ, "NONEQ_SWEEP_MARKERS": str(markers)},
                               stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        deadline = time.monotonic() + START_TIMEOUT_SECONDS
        while len(list(markers.iterdir())) < 2 and time.monotonic() < deadline:
            time.sleep(0.2)
        workers = {int(p.name.split("_")[2]) for p in markers.iterdir()}
        assert len(workers) == 2, "the workers did not start"
    finally:
        process.send_signal(signal.SIGKILL)
        process.wait()
    deadline = time.monotonic() + EXIT_TIMEOUT_SECONDS
    while any(_alive(pid) for pid in workers) and time.monotonic() < deadline:
        time.sleep(0.2)
    survivors = [pid for pid in workers if _alive(pid)]
    for pid in survivors:
        os.kill(pid, signal.SIGKILL)
    assert not survivors, f"worker processes {survivors} outlived the killed sweep"
