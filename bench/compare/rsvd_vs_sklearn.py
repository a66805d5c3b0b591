#!/usr/bin/python3
"""Side-by-side: SpectralCore `spectral rsvd` vs Debian scikit-learn `randomized_svd`, same k, p, q, in one run.

Matrices have a known spectrum, A = U diag(sigma) V^T with Haar-random U, V (numpy QR of Gaussian matrices) and
sigma_i = 1/(i+1) (slow power-law decay, where randomized SVD errors are visible), so the accuracy of the top-k
singular values is measured against the exact values. Both sides run k=50, oversampling 10, 2 power iterations,
seed 0, float64, and both compute U, σ and Vᵀ (randomized_svd always returns all three). scikit-learn runs twice per round in a fresh process: with the environment as-is and with
OPENBLAS_CORETYPE/OPENBLAS_L2_SIZE unset; the faster is compared. Each side reports the fastest of `--repeat`
warm runs (SpectralCore: in-process, after JIT warm-up; sklearn: after one warm-up call). Rounds alternate the two
sides to spread machine load evenly.

Usage: build first (dotnet build managed/SpectralCore.Cli -c Release -p:SkipNative=true), then
  /usr/bin/python3 bench/compare/rsvd_vs_sklearn.py [--rounds 2] [--repeat 3] [--cache /tmp/spectral-rsvd-bench]
"""
import argparse, json, os, re, subprocess, sys, time
import numpy as np

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
CLI = os.path.join(ROOT, "managed/SpectralCore.Cli/bin/Release/net10.0/spectral.dll")
K, P, Q, SEED = 50, 10, 2, 0

SKLEARN_CHILD = r"""
import json, sys, time
import numpy as np
import sklearn
from sklearn.utils.extmath import randomized_svd
a = np.load(sys.argv[1]); repeat = int(sys.argv[2])
k, p, q = int(sys.argv[3]), int(sys.argv[4]), int(sys.argv[5])
randomized_svd(a, k, n_oversamples=p, n_iter=q, random_state=0)  # warm-up
best = 1e9
for _ in range(repeat):
    t = time.perf_counter()
    u, s, vt = randomized_svd(a, k, n_oversamples=p, n_iter=q, random_state=0)
    best = min(best, time.perf_counter() - t)
print(json.dumps({"time": best, "s": s.tolist(), "version": sklearn.__version__}))
"""


def build_case(cache, m, n):
    path = os.path.join(cache, f"a_{m}x{n}.npy")
    spath = os.path.join(cache, f"sigma_{m}x{n}.npy")
    if os.path.exists(path) and os.path.exists(spath):
        return path, np.load(spath)
    rng = np.random.default_rng(12345)
    r = min(m, n)
    sigma = 1.0 / np.arange(1, r + 1)
    u, _ = np.linalg.qr(rng.standard_normal((m, r)))
    v, _ = np.linalg.qr(rng.standard_normal((n, r)))
    a = np.ascontiguousarray((u * sigma) @ v.T)
    np.save(path, a)
    np.save(spath, sigma)
    return path, sigma


def run_sklearn(path, repeat, clean_env):
    env = dict(os.environ)
    if clean_env:
        env.pop("OPENBLAS_CORETYPE", None)
        env.pop("OPENBLAS_L2_SIZE", None)
    out = subprocess.run(["/usr/bin/python3", "-c", SKLEARN_CHILD, path, str(repeat), str(K), str(P), str(Q)],
                         env=env, check=True, capture_output=True, text=True).stdout
    return json.loads(out.strip().splitlines()[-1])


def run_spectral(path, repeat, range_finder):
    extra = ["--range-finder", range_finder]
    out = subprocess.run(["dotnet", CLI, "rsvd", path, "--k", str(K), "--oversample", str(P), "--power-iters", str(Q),
                          "--seed", str(SEED), "--repeat", str(repeat + 1)] + extra,
                         check=True, capture_output=True, text=True).stdout
    times = [float(x) for x in re.search(r"times_s: (.*)", out).group(1).split()][1:]  # first run includes JIT
    values = [float(line.split()[1]) for line in out.split("singular_values:")[1].strip().splitlines()]
    bound = float(re.search(r"error_bound: (\S+)", out).group(1))
    algorithm = re.search(r"algorithm: (.*)", out).group(1)
    return {"time": min(times), "s": values, "bound": bound, "algorithm": algorithm}


def accuracy(s, sigma):
    s = np.asarray(s[:K]); exact = sigma[:K]
    rel = np.abs(s - exact) / exact
    return rel.max(), rel.mean()


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--rounds", type=int, default=2)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--cache", default=os.environ.get("SPECTRAL_BENCH_CACHE", "/tmp/spectral-rsvd-bench"))
    parser.add_argument("--cases", default="4096x4096,2000x20000")
    args = parser.parse_args()
    if not os.path.exists(CLI):
        sys.exit(f"build the CLI first: dotnet build managed/SpectralCore.Cli -c Release -p:SkipNative=true ({CLI} missing)")
    os.makedirs(args.cache, exist_ok=True)
    print(f"k={K} oversample={P} power_iterations={Q} seed={SEED} float64; sklearn power_iteration_normalizer='auto' "
          f"(= 'none' for n_iter <= 2); rounds={args.rounds}, fastest of {args.repeat} warm runs per round")
    rows = []
    for case in args.cases.split(","):
        m, n = map(int, case.split("x"))
        t0 = time.perf_counter()
        path, sigma = build_case(args.cache, m, n)
        print(f"{m}x{n}: matrix ready ({time.perf_counter() - t0:.1f} s)", flush=True)
        best_sk, best_sp, best_mx = None, None, None  # sklearn, ours float64, ours default (auto)
        for _ in range(args.rounds):
            for clean in (False, True):
                r = run_sklearn(path, args.repeat, clean)
                if best_sk is None or r["time"] < best_sk["time"]:
                    best_sk = r
            r = run_spectral(path, args.repeat, "float64")
            if best_sp is None or r["time"] < best_sp["time"]:
                best_sp = r
            r = run_spectral(path, args.repeat, "auto")
            if best_mx is None or r["time"] < best_mx["time"]:
                best_mx = r
        sk_max, sk_mean = accuracy(best_sk["s"], sigma)
        sk_first = abs(best_sk["s"][0] - sigma[0]) / sigma[0]
        for label, best in (("SpectralCore default (auto)", best_mx), ("SpectralCore --range-finder float64", best_sp)):
            sp_max, sp_mean = accuracy(best["s"], sigma)
            sp_first = abs(best["s"][0] - sigma[0]) / sigma[0]
            rows.append((f"{case} {label}", best["time"], best_sk["time"], sp_max, sk_max, sp_mean, sk_mean, sp_first, sk_first, best["bound"], sigma[K]))
            print(f"{case} {label}: {best['time']:.3f} s, sklearn {best_sk['time']:.3f} s (ratio {best['time'] / best_sk['time']:.2f}); "
                  f"max rel err top-{K}: {sp_max:.2e}, sklearn {sk_max:.2e}; sigma_1 rel err {sp_first:.1e} / {sk_first:.1e} [{best['algorithm']}]", flush=True)
    print()
    print(f"| case | SpectralCore (s) | sklearn {best_sk.get('version', '')} (s) | ratio | max rel. err. σ₁..σ{K} SpectralCore | sklearn | mean rel. err. SpectralCore | sklearn | rel. err. σ₁ SpectralCore | sklearn | SpectralCore error bound (σ{K + 1} = {rows[-1][10]:.3g}) |")
    print("|---|---|---|---|---|---|---|---|---|---|---|")
    for case, tsp, tsk, spm, skm, spa, ska, spf, skf, bound, _ in rows:
        print(f"| {case} | {tsp:.3f} | {tsk:.3f} | {tsp / tsk:.2f} | {spm:.2e} | {skm:.2e} | {spa:.2e} | {ska:.2e} | {spf:.1e} | {skf:.1e} | {bound:.3g} |")


if __name__ == "__main__":
    main()
