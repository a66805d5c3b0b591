#!/usr/bin/env bash
# Peak resident memory of `spectral analyze` on a generated multi-GB safetensors model.
# The model is written to a temp directory (default /tmp) and deleted afterwards.
#
#   bench/compare/bigmodel_rss.sh [LAYERS=120] [ROWS=64] [COLS=49152] [DTYPE=F64] [THREADS=2]
#
# Defaults: 120 float64 layers of 64 x 49152 (25.2 MB each, 3.0 GB in all; N = 49152 stays under
# WeightWatcher's max_N 50000 so every layer is loaded and analysed). Prints the model size, the largest
# layer, wall time and peak RSS (GNU time's "Maximum resident set size").
set -euo pipefail
LAYERS=${1:-120}; ROWS=${2:-64}; COLS=${3:-49152}; DTYPE=${4:-F64}; THREADS=${5:-2}
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
WORK=$(mktemp -d "${TMPDIR:-/tmp}/spectral-bigmodel.XXXXXX")
trap 'rm -rf "$WORK"' EXIT
MODEL="$WORK/big.safetensors"
/usr/bin/python3 "$ROOT/bench/compare/make_big_safetensors.py" "$MODEL" "$LAYERS" "$ROWS" "$COLS" "$DTYPE"
dotnet build "$ROOT/managed/SpectralCore.Cli" -c Release -p:SkipNative=true -v q -nologo >/dev/null
DLL="$ROOT/managed/SpectralCore.Cli/bin/Release/net10.0/spectral.dll"
BYTES=$(stat -c %s "$MODEL")
ITEM=$([ "$DTYPE" = F64 ] && echo 8 || echo 4)
echo "model: $LAYERS layers of $ROWS x $COLS $DTYPE, $((BYTES / 1048576)) MiB; largest layer $((ROWS * COLS * ITEM / 1048576)) MiB"
sync; echo 1 > /proc/sys/vm/drop_caches 2>/dev/null || true
/usr/bin/time -v dotnet "$DLL" analyze "$MODEL" --threads "$THREADS" --csv "$WORK/out.csv" > "$WORK/table.txt" 2> "$WORK/time.txt" || { cat "$WORK/time.txt"; exit 1; }
grep -E "Elapsed \(wall|Maximum resident" "$WORK/time.txt"
echo "layers analysed: $(($(wc -l < "$WORK/out.csv") - 1))"
tail -4 "$WORK/table.txt"
