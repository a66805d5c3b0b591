#!/usr/bin/env python3
"""Writes a large safetensors file (written layer by layer; never holds more than one layer in memory).

usage: make_big_safetensors.py OUT.safetensors LAYERS ROWS COLS DTYPE(F64|F32)
Entries are i.i.d. standard normal (numpy default_rng(0)), layer names "layers.<i>.weight".
"""
import json
import struct
import sys

import numpy as np

out, layers, rows, cols, dtype = sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), int(sys.argv[4]), sys.argv[5]
np_dtype = {"F64": "<f8", "F32": "<f4"}[dtype]
size = rows * cols * np.dtype(np_dtype).itemsize
header = {"__metadata__": {"format": "pt", "generator": "bench/compare/make_big_safetensors.py"}}
for i in range(layers):
    header[f"layers.{i}.weight"] = {"dtype": dtype, "shape": [rows, cols], "data_offsets": [i * size, (i + 1) * size]}
text = json.dumps(header, separators=(",", ":")).encode()
text += b" " * ((8 - len(text) % 8) % 8)
rng = np.random.default_rng(0)
with open(out, "wb") as f:
    f.write(struct.pack("<Q", len(text)))
    f.write(text)
    for i in range(layers):
        rng.standard_normal((rows, cols)).astype(np_dtype).tofile(f)
