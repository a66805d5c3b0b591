#!/usr/bin/env python3
"""Accuracy of the randomized SVD over many seeds: SpectralCore `spectral rsvd` vs Debian scikit-learn `randomized_svd`.

One seed compares two different Gaussian sketches, so "equal or better accuracy" needs the distribution: for seeds
0..N-1 both run with the same k, oversampling and power iterations on the matrices of rsvd_vs_sklearn.py (known
spectrum σ_i = 1/i) and the relative errors of σ₁..σ_k are summarized (mean and spread over seeds).

  /usr/bin/python3 bench/compare/rsvd_accuracy_seeds.py [--seeds 8] [--range-finder auto] [--cache /tmp/spectral-rsvd-bench]
"""
import argparse, os, re, subprocess, sys
import numpy as np

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from rsvd_vs_sklearn import CLI, K, P, Q, build_case  # noqa: E402


def ours(path, seed, range_finder):
    out = subprocess.run(["dotnet", CLI, "rsvd", path, "--k", str(K), "--oversample", str(P), "--power-iters", str(Q),
                          "--seed", str(seed), "--values-only", "--range-finder", range_finder],
                         check=True, capture_output=True, text=True).stdout
    return np.array([float(line.split()[1]) for line in out.split("singular_values:")[1].strip().splitlines()][:K])


def errors(s, sigma):
    rel = np.abs(np.asarray(s[:K]) - sigma[:K]) / sigma[:K]
    return rel.max(), rel.mean()


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--seeds", type=int, default=8)
    parser.add_argument("--range-finder", default="auto")
    parser.add_argument("--cache", default=os.environ.get("SPECTRAL_BENCH_CACHE", "/tmp/spectral-rsvd-bench"))
    parser.add_argument("--cases", default="4096x4096,2000x20000")
    args = parser.parse_args()
    from sklearn.utils.extmath import randomized_svd
    os.makedirs(args.cache, exist_ok=True)
    print(f"k={K} oversample={P} power_iterations={Q}; seeds 0..{args.seeds - 1}; SpectralCore --range-finder {args.range_finder}")
    print("| case | max rel. err. SpectralCore (mean ± sd) | sklearn | mean rel. err. SpectralCore | sklearn | seeds where SpectralCore's max err. ≤ sklearn's |")
    print("|---|---|---|---|---|---|")
    for case in args.cases.split(","):
        m, n = map(int, case.split("x"))
        path, sigma = build_case(args.cache, m, n)
        a = np.load(path)
        sp, sk = [], []
        for seed in range(args.seeds):
            sp.append(errors(ours(path, seed, args.range_finder), sigma))
            _, s, _ = randomized_svd(a, K, n_oversamples=P, n_iter=Q, random_state=seed)
            sk.append(errors(s, sigma))
        sp, sk = np.array(sp), np.array(sk)
        wins = int(np.sum(sp[:, 0] <= sk[:, 0]))
        print(f"| {case} | {sp[:, 0].mean():.3e} ± {sp[:, 0].std():.1e} | {sk[:, 0].mean():.3e} ± {sk[:, 0].std():.1e} | "
              f"{sp[:, 1].mean():.3e} ± {sp[:, 1].std():.1e} | {sk[:, 1].mean():.3e} ± {sk[:, 1].std():.1e} | {wins} of {args.seeds} |", flush=True)


if __name__ == "__main__":
    main()
