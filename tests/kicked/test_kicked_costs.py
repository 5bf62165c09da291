"""`noneq.kicked.costs` and the system's `estimate`: the peak memory of real runs (max RSS of a fresh process
above its level before the run) stays below the estimate; the rough time model is within a factor of the CPU time
measured; `--dry-run` shows both."""

import json
import subprocess
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

from noneq.cli import app
from noneq.kicked import costs
from noneq.kicked.model import KickedParticles

SOURCE = str(Path(__file__).resolve().parents[2] / "src")
TIME_FACTOR = 5.0  # the time model is rough: measured CPU time within 5x of it either way (loaded 2-core machine)

PEAK = """
import json, resource, sys
from pathlib import Path
from noneq.core.registry import get_system
system = get_system("kicked")
values = system.resolve(json.loads(sys.argv[1]))
warm = {"kicks": 1, "hbar_eff": 0.5, "m": 0.5, "particles": values["particles"], "dynamics": values["dynamics"],
        "samples": 0 if values["dynamics"] == "quantum" else 2}
system.run_function(**system.resolve(warm))  # compiled kernels loaded, caches filled
def rss():
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) * 1024
before, cpu = rss(), resource.getrusage(resource.RUSAGE_SELF).ru_utime
system.execute(values)
usage = resource.getrusage(resource.RUSAGE_SELF)
estimate = system.estimate(values)
print(json.dumps({"measured": usage.ru_maxrss * 1024 - before, "memory": estimate.memory,
                  "cpu": usage.ru_utime - cpu, "seconds": estimate.seconds}))
"""


def measure(settings):
    result = subprocess.run([sys.executable, "-c", PEAK, json.dumps(settings)], capture_output=True, text=True,
                            timeout=600, env={"PYTHONPATH": SOURCE, "PATH": "/usr/bin:/bin", "OMP_NUM_THREADS": "2"})
    assert result.returncode == 0, result.stderr[-800:]
    return json.loads(result.stdout.strip().splitlines()[-1])


LARGE_CASES = [  # each allocates >= 60 MB, so that the run's own arrays dominate the process's noise
    dict(samples=64, noise_W=0.05, modes1=65535, kicks=2),  # 64 x 65535 complex: 67 MB per array
    pytest.param(dict(particles=2, modes1=2047, modes2=63, substeps=4, kicks=2, hbar_eff=0.1, m=0.1, strict=False),
                 marks=pytest.mark.slow),  # the parity sectors
    pytest.param(dict(particles=2, modes1=2048, modes2=40, substeps=4, kicks=2, hbar_eff=0.1, m=0.1, strict=False),
                 marks=pytest.mark.slow),  # full grid: the U2 cache
    pytest.param(dict(dynamics="classical", particles=1, samples=200_000, kicks=100), marks=pytest.mark.slow),
]


@pytest.mark.parametrize("settings", LARGE_CASES)
def test_measured_peak_memory_is_below_the_estimate(settings):
    measured = measure(settings)
    assert 0 < measured["measured"] <= measured["memory"]


@pytest.mark.slow  # timings: loaded machines make them noisy
@pytest.mark.parametrize("settings", [
    dict(samples=100, noise_W=0.05, modes1=65535, kicks=10),
    dict(particles=2, modes1=1023, modes2=31, substeps=200, kicks=5, hbar_eff=0.05, m=0.001, strict=False),
    dict(dynamics="classical", particles=2, samples=2000, kicks=100, m=0.001),
])
def test_time_model_is_within_a_factor_of_the_cpu_time(settings):
    measured = measure(settings)
    assert measured["seconds"] / TIME_FACTOR <= measured["cpu"] <= TIME_FACTOR * measured["seconds"]


def test_growing_runs_are_estimated_at_their_growth_limit():
    model = KickedParticles(hbar_eff=0.05)
    limit1, limit2 = costs.pair_sizes(model, 0, 0, 500)
    assert costs.pair_memory(limit1, limit2) > costs.pair_memory(*costs.pair_sizes(model, 0, 0, 100))
    assert costs.pair_sizes(model, 255, 0, 500) == (255, limit2)


def test_dry_run_shows_memory_and_time():
    result = CliRunner().invoke(app, ["run", "kicked", "--set", "particles=2", "--set", "hbar_eff=0.02",
                                      "--set", "kicks=500", "--dry-run"])
    assert result.exit_code == 0
    assert "memory ~" in result.stdout and "time ~" in result.stdout and "up to" in result.stdout
