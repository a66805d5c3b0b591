#!/usr/bin/python3
"""Side-by-side timing of SpectralCore's managed kernels (`spectral bench`) against Debian numpy/scipy.

Runs both on the same sizes (seeded Gaussian / GOE matrices) in the same run and prints a ratio table
(managed time / numpy time; < 1 means managed is faster) next to the issue's bars. numpy is measured as-is
and with OPENBLAS_CORETYPE / OPENBLAS_L2_SIZE unset (in that child process only); the faster is compared.

Usage: /usr/bin/python3 bench/compare/kernels_vs_numpy.py [--preset quick|full] [--threads 2] [--repeats 3]
Environment: SPECTRAL_CLI = path of the built `spectral` executable (default: the Release build in the tree).
"""
import argparse
import os
import re
import subprocess
import sys

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
DEFAULT_CLI = os.path.join(ROOT, "managed", "SpectralCore.Cli", "bin", "Release", "net10.0", "spectral")

# (label, spectral bench arguments, numpy statement, setup, bar text, bar test on ratio managed/numpy)
def cases(preset):
    big = preset == "full"
    eig_sizes = [2048, 4096] if big else [1024]
    eigh_sizes = [2048] if big else [1024]
    svd_shapes = [(1024, 4096), (4096, 4096)] if big else [(1024, 4096)]
    gemm_sizes = [2048] if big else [1024]
    out = []
    for n in gemm_sizes:
        out.append((f"gemm f64 n={n}", ["gemm", "--n", str(n)],
                    "a @ b", f"a = rng.standard_normal(({n},{n})); b = rng.standard_normal(({n},{n}))",
                    "speed >= 0.7x numpy (ratio <= 1.43)", lambda r: r <= 1 / 0.7))
    for n in eig_sizes:
        out.append((f"eigvalsh f64 n={n}", ["eigvalsh", "--n", str(n)],
                    "np.linalg.eigvalsh(a)", f"g = rng.standard_normal(({n},{n})); a = (g + g.T) / 2",
                    "<= 0.8", lambda r: r <= 0.8))
    for n in eigh_sizes:
        out.append((f"eigh f64 n={n}", ["eigh", "--n", str(n)],
                    "np.linalg.eigh(a)", f"g = rng.standard_normal(({n},{n})); a = (g + g.T) / 2",
                    "<= 1.2", lambda r: r <= 1.2))
    for m, n in svd_shapes:
        setup = f"a = rng.standard_normal(({m},{n}))"
        out.append((f"svdvals Gram f64 {m}x{n}", ["svdvals-gram", "--m", str(m), "--n", str(n)],
                    "np.linalg.svd(a, compute_uv=False)", setup, "<= 0.5", lambda r: r <= 0.5))
        out.append((f"svdvals bidiag f64 {m}x{n}", ["svdvals", "--m", str(m), "--n", str(n)],
                    "np.linalg.svd(a, compute_uv=False)", setup, "<= 1.5", lambda r: r <= 1.5))
    out.append(("batch eigvalsh 10000x32x32 f64", ["batch-eigvalsh", "--n", "32", "--batch", "10000"],
                "np.linalg.eigvalsh(a)", "g = rng.standard_normal((10000,32,32)); a = (g + g.transpose(0,2,1)) / 2",
                ">= 10x faster (ratio <= 0.1)", lambda r: r <= 0.1))
    return out


NUMPY_TIMER = r"""
import sys, time, statistics
import numpy as np
rng = np.random.default_rng(42)
{setup}
for _ in range({warmup}):
    {stmt}
times = []
for _ in range({repeats}):
    t = time.perf_counter(); {stmt}; times.append(time.perf_counter() - t)
print(statistics.median(times))
"""


def time_numpy(stmt, setup, repeats, warmup, threads, unset):
    env = dict(os.environ)
    for var in ("OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS"):
        env[var] = str(threads)
    if unset:
        env.pop("OPENBLAS_CORETYPE", None)
        env.pop("OPENBLAS_L2_SIZE", None)
    code = NUMPY_TIMER.format(setup=setup, stmt=stmt, repeats=repeats, warmup=warmup)
    result = subprocess.run(["/usr/bin/python3", "-c", code], env=env, capture_output=True, text=True, check=True)
    return float(result.stdout.strip().splitlines()[-1])


def time_spectral(cli, args, repeats, warmup, threads):
    command = [cli, "bench", *args, "--backend", "managed", "--threads", str(threads), "--repeats", str(repeats), "--warmup", str(warmup)]
    result = subprocess.run(command, capture_output=True, text=True)
    if result.returncode != 0:
        raise RuntimeError(f"{' '.join(command)} failed: {result.stderr.strip()}")
    match = re.search(r"median_s=([0-9.eE+-]+)", result.stdout)
    if not match:
        raise RuntimeError(f"no median_s in: {result.stdout}")
    return float(match.group(1)), result.stdout.strip()


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--preset", choices=["quick", "full"], default="quick")
    parser.add_argument("--threads", type=int, default=2)
    parser.add_argument("--repeats", type=int, default=3)
    parser.add_argument("--warmup", type=int, default=1)
    parser.add_argument("--only", default="", help="run only cases whose label contains this text")
    options = parser.parse_args()
    cli = os.environ.get("SPECTRAL_CLI", DEFAULT_CLI)
    if not os.path.exists(cli):
        sys.exit(f"spectral CLI not found at {cli}; build it: dotnet build managed/SpectralCore.Cli -c Release -p:SkipNative=true")
    import numpy, scipy  # noqa: E401 (versions for the header)
    print(f"# numpy {numpy.__version__}, scipy {scipy.__version__}; threads={options.threads}; repeats={options.repeats} after {options.warmup} warm-up; "
          f"OPENBLAS_CORETYPE={os.environ.get('OPENBLAS_CORETYPE', '(unset)')}")
    header = f"| {'case':34} | {'managed s':>10} | {'numpy s (as set)':>16} | {'numpy s (unset)':>15} | {'ratio':>7} | {'bar':28} | met |"
    print(header)
    print("|" + "|".join("-" * (len(c)) for c in header.split("|")[1:-1]) + "|")
    for label, args, stmt, setup, bar, test in cases(options.preset):
        if options.only and options.only not in label:
            continue
        managed, _ = time_spectral(cli, args, options.repeats, options.warmup, options.threads)
        as_set = time_numpy(stmt, setup, options.repeats, options.warmup, options.threads, unset=False)
        unset = time_numpy(stmt, setup, options.repeats, options.warmup, options.threads, unset=True)
        ratio = managed / min(as_set, unset)
        print(f"| {label:34} | {managed:10.4f} | {as_set:16.4f} | {unset:15.4f} | {ratio:7.3f} | {bar:28} | {'yes' if test(ratio) else 'NO'} |", flush=True)


if __name__ == "__main__":
    main()
