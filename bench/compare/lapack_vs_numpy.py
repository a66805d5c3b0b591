#!/usr/bin/python3
"""Side-by-side timings: SpectralCore's LAPACK backend vs the managed backend vs numpy, in one run.

Each SpectralCore number is the median of `spectral bench` repeats (after warm-up) on seeded Gaussian
matrices; numpy runs the same operation on same-shaped Gaussian matrices (median of the same number of
repeats), once as the environment is and once with OPENBLAS_CORETYPE/OPENBLAS_L2_SIZE unset for that
command alone; the faster numpy number is the one compared against. Ratios are numpy_s / backend_s
(> 1 means SpectralCore is faster). Nothing here asserts; it only measures.

usage: bench/compare/lapack_vs_numpy.py [path/to/spectral] [--quick]
"""
import os
import re
import subprocess
import sys

SPECTRAL = next((a for a in sys.argv[1:] if not a.startswith("--")),
                "managed/SpectralCore.Cli/bin/Release/net10.0/spectral")
QUICK = "--quick" in sys.argv
REPEATS, WARMUP = (3, 1) if QUICK else (5, 1)

# (operation, n, m, batch, dtype)
CASES = [
    ("eigvalsh", 256, None, None, "float64"),
    ("eigvalsh", 512, None, None, "float64"),
    ("eigh", 256, None, None, "float64"),
    ("eigh", 512, None, None, "float64"),
    ("eigh", 512, None, None, "float32"),
    ("svdvals", 256, 512, None, "float64"),
    ("svd", 256, 512, None, "float64"),
    ("batch-eigvalsh", 16, None, 2000, "float64"),
    ("batch-eigh", 16, None, 2000, "float64"),
    ("batch-eigh", 64, None, 200, "float32"),
]
if QUICK:
    CASES = CASES[:1] + CASES[2:3] + CASES[5:6] + CASES[8:9]

NUMPY = r"""
import sys, time, numpy as np
op, n, m, batch, dtype, repeats, warmup = sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), int(sys.argv[4]), sys.argv[5], int(sys.argv[6]), int(sys.argv[7])
rng = np.random.default_rng(42)
def sym(shape):
    g = rng.standard_normal(shape).astype(dtype)
    return (g + np.swapaxes(g, -1, -2)) / 2
if op in ("eigvalsh", "eigh"): a = sym((n, n))
elif op.startswith("batch"): a = sym((batch, n, n))
else: a = rng.standard_normal((m, n)).astype(dtype)
f = {"eigvalsh": np.linalg.eigvalsh, "batch-eigvalsh": np.linalg.eigvalsh,
     "eigh": np.linalg.eigh, "batch-eigh": np.linalg.eigh,
     "svdvals": lambda x: np.linalg.svd(x, compute_uv=False),
     "svd": lambda x: np.linalg.svd(x, full_matrices=False)}[op]
for _ in range(warmup): f(a)
t = []
for _ in range(repeats):
    s = time.perf_counter(); f(a); t.append(time.perf_counter() - s)
t.sort()
print(t[len(t) // 2] if len(t) % 2 else 0.5 * (t[len(t) // 2 - 1] + t[len(t) // 2]))
"""


def spectral(backend, op, n, m, batch, dtype):
    cmd = [SPECTRAL, "bench", op, "--n", str(n), "--repeats", str(REPEATS), "--warmup", str(WARMUP),
           "--backend", backend, "--dtype", dtype]
    if m:
        cmd += ["--m", str(m)]
    if batch:
        cmd += ["--batch", str(batch)]
    out = subprocess.run(cmd, capture_output=True, text=True, check=True).stdout
    return float(re.search(r"median_s=([0-9.]+)", out).group(1))


def numpy(op, n, m, batch, dtype, unset):
    env = dict(os.environ)
    if unset:
        env.pop("OPENBLAS_CORETYPE", None)
        env.pop("OPENBLAS_L2_SIZE", None)
    args = ["/usr/bin/python3", "-c", NUMPY, op, str(n), str(m or n), str(batch or 0), dtype, str(REPEATS), str(WARMUP)]
    return float(subprocess.run(args, capture_output=True, text=True, check=True, env=env).stdout)


print(f"| operation | shape | dtype | lapack s | managed s | numpy s | numpy/lapack | numpy/managed |")
print(f"|---|---|---|---|---|---|---|---|")
for op, n, m, batch, dtype in CASES:
    shape = f"batch={batch} n={n}" if batch else (f"{m}x{n}" if m else f"n={n}")
    lapack = spectral("lapack", op, n, m, batch, dtype)
    managed = spectral("managed", op, n, m, batch, dtype)
    np_s = min(numpy(op, n, m, batch, dtype, False), numpy(op, n, m, batch, dtype, True))
    print(f"| {op} | {shape} | {dtype} | {lapack:.4f} | {managed:.4f} | {np_s:.4f} | {np_s / lapack:.2f} | {np_s / managed:.2f} |", flush=True)
