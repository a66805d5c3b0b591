#!/usr/bin/env python3
"""WeightWatcher 0.7.5.5's default CPU path for one layer, as it computes it, timed.

Per layer: W.astype(float64) -> scipy.linalg.svd(compute_uv=False) -> evals = sort(sv**2) ->
drop evals <= 1e-5 -> WWFit xmin scan (numpy loop, one vectorized pass per candidate) -> norm metrics.
Written from WeightWatcher's documented algorithm (not copied). Also times the power-law fit alone on
n = 15000 eigenvalues.

Usage: python3 ww_pipeline.py OUTDIR [--shapes 4096x4096,11008x4096] [--seed 7] [--fit-n 15000]
Writes OUTDIR/<shape>.npy (float32 Student-t nu=3 weights, the same our benchmark reads),
OUTDIR/fit_<n>.npy (float64 eigenvalues) and prints one JSON line per measurement.
"""
import argparse, json, os, sys, time
import numpy as np
import scipy, scipy.linalg


def ww_fit(evals):
    data = np.sort(np.asarray(evals, dtype=np.float64))
    n = len(data)
    log_data = np.log(data)
    alphas = np.zeros(n - 1)
    ds = np.ones(n - 1)
    for i in range(n - 1):
        m = float(n - i)
        a = 1 + m / (np.sum(log_data[i:]) - m * log_data[i])
        alphas[i] = a
        if a > 1:
            ds[i] = np.max(np.abs(1 - (data[i:] / data[i]) ** (-a + 1) - np.arange(m) / m))
    sigmas = (alphas - 1) / np.sqrt(n - np.arange(n - 1))
    i = int(np.argmin(ds))
    return dict(alpha=alphas[i], xmin=data[i], D=ds[i], sigma=sigmas[i], n_tail=n - i)


def layer(W):
    t = {}
    t0 = time.perf_counter()
    Wd = W.astype(np.float64)
    t1 = time.perf_counter()
    sv = scipy.linalg.svd(Wd, compute_uv=False)
    t2 = time.perf_counter()
    evals = np.sort(sv * sv)
    fit = ww_fit(evals[evals > 1e-5])
    t3 = time.perf_counter()
    norm = np.sum(evals)
    metrics = dict(log_norm=np.log10(norm), log_spectral_norm=np.log10(evals[-1]),
                   log_alpha_norm=np.log10(np.sum(evals ** fit["alpha"])), stable_rank=norm / evals[-1])
    t4 = time.perf_counter()
    t.update(cast_s=t1 - t0, svd_s=t2 - t1, fit_s=t3 - t2, metrics_s=t4 - t3, total_s=t4 - t0)
    return fit, metrics, t


def main():
    p = argparse.ArgumentParser()
    p.add_argument("outdir")
    p.add_argument("--shapes", default="4096x4096,11008x4096")
    p.add_argument("--seed", type=int, default=7)
    p.add_argument("--fit-n", type=int, default=15000)
    p.add_argument("--repeats", type=int, default=1)
    a = p.parse_args()
    os.makedirs(a.outdir, exist_ok=True)
    env = {k: os.environ.get(k) for k in ("OPENBLAS_CORETYPE", "OPENBLAS_L2_SIZE", "OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS")}
    print(json.dumps(dict(numpy=np.__version__, scipy=scipy.__version__, env=env)), flush=True)
    rng = np.random.default_rng(a.seed)
    for shape in a.shapes.split(","):
        rows, cols = (int(x) for x in shape.split("x"))
        path = os.path.join(a.outdir, f"{shape}.npy")
        if os.path.exists(path):
            W = np.load(path)
        else:
            W = rng.standard_t(3, size=(rows, cols)).astype(np.float32)
            np.save(path, W)
        for r in range(a.repeats):
            fit, metrics, t = layer(W)
            print(json.dumps(dict(bench="layer", shape=shape, repeat=r, **{k: float(v) for k, v in fit.items()}, **t)), flush=True)
    path = os.path.join(a.outdir, f"fit_{a.fit_n}.npy")
    if os.path.exists(path):
        evals = np.load(path)
    else:
        # eigenvalues with a heavy tail: sigma^2 of a Student-t matrix spectrum-like sample (Pareto tail on a bulk)
        bulk = rng.uniform(0.5, 4.0, size=a.fit_n)
        tail = rng.pareto(2.5, size=a.fit_n) + 1
        evals = np.sort(np.where(rng.uniform(size=a.fit_n) < 0.1, 4 * tail, bulk))
        np.save(path, evals)
    for r in range(a.repeats):
        t0 = time.perf_counter()
        fit = ww_fit(evals)
        t1 = time.perf_counter()
        print(json.dumps(dict(bench="fit", n=len(evals), repeat=r, **{k: float(v) for k, v in fit.items()}, fit_s=t1 - t0)), flush=True)


if __name__ == "__main__":
    main()
