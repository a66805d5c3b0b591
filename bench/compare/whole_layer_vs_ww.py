#!/usr/bin/env python3
"""Whole-layer pipeline, ours against WeightWatcher's default CPU path, alternating in one run.

Each round runs, per shape: WeightWatcher's path (ww_pipeline.py, in a child process) as the environment sets
OPENBLAS_* and with OPENBLAS_CORETYPE / OPENBLAS_L2_SIZE unset, then `spectral analyze <layer>.npy --esd gram`
(whole process, wall clock). The ratio divides the faster WeightWatcher time by ours. WeightWatcher's time is
in-process (cast + SVD + fit + metrics, no interpreter start, no file load); ours is given both ways: the whole
process (start, load, ESD, fit, metrics, JSON) and the layer's in-process `seconds`.

With --block, each round also times one Llama-2-7B transformer block end to end: its seven weight matrices (q, k, v, o
4096x4096; gate, up 11008x4096; down 4096x11008) as one directory given to `spectral analyze` (one process, layers run
concurrently as the CLI schedules them), against WeightWatcher's path over the same seven matrices one after another in
one child process (the sum of its per-layer in-process times, as above).

Usage: /usr/bin/python3 bench/compare/whole_layer_vs_ww.py [OUTDIR] [--shapes 4096x4096,11008x4096] [--rounds 3] [--block]
Environment: SPECTRAL_CLI = the `spectral` executable to time (default: the ReadyToRun publish in bench/out/spectral,
else the Release build). Publish it with
  dotnet publish managed/SpectralCore.Cli -c Release -r linux-x64 --self-contained false -p:PublishReadyToRun=true -o bench/out/spectral
Inputs are the float32 Student-t (nu = 3) layers ww_pipeline.py writes (created on first use).
"""
import argparse, json, os, subprocess, sys, tempfile, time

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(HERE))
CANDIDATES = [os.path.join(ROOT, "bench", "out", "spectral", "spectral"),
              os.path.join(ROOT, "managed", "SpectralCore.Cli", "bin", "Release", "net10.0", "spectral")]


def ww_layers(outdir, shapes, unset):
    """WeightWatcher's path (ww_pipeline.py in a child process) over the comma-separated shapes: its per-layer rows."""
    env = dict(os.environ)
    if unset:
        env.pop("OPENBLAS_CORETYPE", None)
        env.pop("OPENBLAS_L2_SIZE", None)
    out = subprocess.run([sys.executable, os.path.join(HERE, "ww_pipeline.py"), outdir, "--shapes", shapes, "--fit-n", "2000"],
                         env=env, capture_output=True, text=True, check=True).stdout
    layers = [row for row in map(json.loads, out.splitlines()) if row.get("bench") == "layer"]
    if len(layers) != len(shapes.split(",")):
        raise RuntimeError(f"ww_pipeline.py printed {len(layers)} layer lines for {shapes}")
    return layers


def ww(outdir, shape, unset):
    row = ww_layers(outdir, shape, unset)[0]
    return row["total_s"], row["alpha"]


BLOCK = [("q", "4096x4096"), ("k", "4096x4096"), ("v", "4096x4096"), ("o", "4096x4096"),
         ("gate", "11008x4096"), ("up", "11008x4096"), ("down", "4096x11008")]


def ww_block(outdir, unset):
    """WeightWatcher's path over the block's matrices in one process: (sum of per-layer in-process seconds, alphas)."""
    layers = ww_layers(outdir, ",".join(shape for _, shape in BLOCK), unset)
    return sum(row["total_s"] for row in layers), sorted(row["alpha"] for row in layers)


def block_dir(outdir):
    """OUTDIR/llama2_block: one symbolic link per block matrix to the shared layer files."""
    path = os.path.join(outdir, "llama2_block")
    os.makedirs(path, exist_ok=True)
    for name, shape in BLOCK:
        link = os.path.join(path, f"{name}.npy")
        if not os.path.lexists(link):
            os.symlink(os.path.join(os.path.abspath(outdir), f"{shape}.npy"), link)
    return path


def analyze(cli, path, threads):
    """`spectral analyze PATH --esd gram` as a whole process: (wall seconds, the report's layers)."""
    with tempfile.TemporaryDirectory() as tmp:
        report = os.path.join(tmp, "report.json")
        t0 = time.perf_counter()
        subprocess.run([cli, "analyze", path, "--esd", "gram", "--threads", str(threads), "--backend", "managed", "--json", report],
                       stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=True)
        wall = time.perf_counter() - t0
        with open(report) as f:
            return wall, json.load(f)["layers"]


def ours_block(cli, path, threads):
    wall, layers = analyze(cli, path, threads)
    if len(layers) != len(BLOCK):
        raise RuntimeError(f"spectral analyzed {len(layers)} layers of the block, expected {len(BLOCK)}")
    return wall, sorted(layer["alpha"] for layer in layers)


def ours(cli, path, threads):
    wall, layers = analyze(cli, path, threads)
    layer = layers[0]
    return wall, layer["seconds"], layer["esd_seconds"], layer["alpha"]


def main():
    p = argparse.ArgumentParser()
    p.add_argument("outdir", nargs="?", default=os.path.join(tempfile.gettempdir(), "wwbench"))
    p.add_argument("--shapes", default="4096x4096,11008x4096")
    p.add_argument("--rounds", type=int, default=3)
    p.add_argument("--threads", type=int, default=2)
    p.add_argument("--block", action="store_true", help="also time one Llama-2-7B transformer block (seven matrices) end to end")
    a = p.parse_args()
    cli = os.environ.get("SPECTRAL_CLI") or next((c for c in CANDIDATES if os.path.exists(c)), None)
    if cli is None or not os.path.exists(cli):
        sys.exit("spectral CLI not found; publish it (see this script's docstring) or set SPECTRAL_CLI")
    os.makedirs(a.outdir, exist_ok=True)
    shapes = a.shapes.split(",")
    needed = list(dict.fromkeys(shapes + ([shape for _, shape in BLOCK] if a.block else [])))
    for shape in needed:  # create the inputs outside the timed rounds
        if not os.path.exists(os.path.join(a.outdir, f"{shape}.npy")):
            ww(a.outdir, shape, unset=False)
    block = block_dir(a.outdir) if a.block else None
    # Without OPENBLAS_* in the environment the "unset" run is the same configuration: run it once.
    blas_set = any(os.environ.get(v) is not None for v in ("OPENBLAS_CORETYPE", "OPENBLAS_L2_SIZE"))
    print(f"# cli={cli} threads={a.threads} OPENBLAS_CORETYPE={os.environ.get('OPENBLAS_CORETYPE')} "
          f"OPENBLAS_L2_SIZE={os.environ.get('OPENBLAS_L2_SIZE')} {time.strftime('%Y-%m-%d %H:%M:%S', time.gmtime())} UTC")
    print("| round | shape | WW as set s | WW unset s | ours process s | ours layer s (ESD) | × (process) | × (layer) | α ours − WW |")
    print("|---|---|---:|---:|---:|---:|---:|---:|---:|")
    for r in range(a.rounds):
        for shape in shapes:
            path = os.path.join(a.outdir, f"{shape}.npy")
            set_s, alpha_ww = ww(a.outdir, shape, unset=False)
            unset_s, _ = ww(a.outdir, shape, unset=True)
            wall, layer, esd, alpha = ours(cli, path, a.threads)
            best = min(set_s, unset_s)
            print(f"| {r} | {shape} | {set_s:.2f} | {unset_s:.2f} | {wall:.2f} | {layer:.2f} ({esd:.2f}) | "
                  f"{best / wall:.2f} | {best / layer:.2f} | {alpha - alpha_ww:.1e} |", flush=True)
        if block:
            set_s, alphas_ww = ww_block(a.outdir, unset=False)
            unset_s = ww_block(a.outdir, unset=True)[0] if blas_set else set_s
            wall, alphas = ours_block(cli, block, a.threads)
            best = min(set_s, unset_s)
            worst = max(abs(x - y) for x, y in zip(alphas, alphas_ww))
            print(f"| {r} | Llama-2-7B block (7 matrices) | {set_s:.2f} | {unset_s:.2f}{'' if blas_set else ' (same)'} | {wall:.2f} | — | "
                  f"{best / wall:.2f} | — | {worst:.1e} |", flush=True)


if __name__ == "__main__":
    main()
