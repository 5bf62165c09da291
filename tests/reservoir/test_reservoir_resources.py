"""The resource estimate of ``noneq run reservoir`` against measured peaks: a few real runs, each in a fresh
process, whose peak resident memory above the memory held before the run (VmHWM after resetting it, Linux; not
ru_maxrss, which a child inherits from its parent) must stay below the estimate, and not far below it: an honest
estimate, not a blanket refusal. Times: docs/notes/reservoir.md."""

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from noneq.core.registry import get_system

SLACK = 4.0  # the estimate may exceed the measured peak by at most this factor (plus SLACK_BYTES): not inflated
SRC = str(Path(__file__).resolve().parents[2] / "src")  # this checkout's noneq, whichever copy is installed
SLACK_BYTES = 128 * 2 ** 20  # the fixed part of the estimate (BLAS buffers, small arrays) dominates tiny runs
MEASURE = """
import json, sys
from noneq.reservoir.system import SYSTEM, run_reservoir
run_reservoir(N=8, t_max=5.0, n_times=3, method="typicality", samples=2)  # lazy imports, BLAS buffers
run_reservoir(N=8, t_max=5.0, n_times=3, method="eigh")
values = SYSTEM.resolve(json.loads(sys.argv[1]))
status = lambda key: next(int(l.split()[1]) * 1024 for l in open("/proc/self/status") if l.startswith(key))
with open("/proc/self/clear_refs", "w") as refs:
    refs.write("5")  # reset the peak (VmHWM) to the present resident memory
before = status("VmRSS:")
SYSTEM.execute(values)
print(json.dumps(status("VmHWM:") - before))
"""


@pytest.mark.skipif(not os.path.exists("/proc/self/clear_refs"), reason="needs Linux /proc/self/clear_refs")
@pytest.mark.parametrize("params", [
    {"N": 600, "method": "eigh"},                                          # the dense eigendecomposition
    {"N": 20, "method": "eigh", "n_times": 100000},                        # phase tables and the dataset
    {"N": 200, "method": "typicality", "n_times": 3000, "t_max": 500.0},   # segments cut by the Bessel tables
    {"N": 100, "method": "components", "beta": 10.0, "n_times": 501},
    {"N": 600, "statistics": "cumulants"},                                 # two-point cumulants on the shared eigh
    {"N": 300, "statistics": "distribution", "n_times": 21, "bins": 401},  # exact transitions, histograms
])
def test_measured_peak_is_within_the_estimate(params):
    spec = get_system("reservoir")
    estimate = spec.estimated(spec.resolve(params)).memory
    result = subprocess.run([sys.executable, "-c", MEASURE, json.dumps(params)], capture_output=True, text=True,
                            timeout=600, env=dict(os.environ, OPENBLAS_NUM_THREADS="1", PYTHONPATH=SRC))
    assert result.returncode == 0, result.stderr
    measured = json.loads(result.stdout.strip().splitlines()[-1])
    assert measured <= estimate, (params, measured, estimate)
    assert estimate <= SLACK * measured + SLACK_BYTES, (params, measured, estimate)

