#!/usr/bin/env python3
"""Computes histogram-calibration reference vectors with NVIDIA pytorch-quantization.

quant4j's own code: it imports pytorch-quantization from a source checkout given on the command
line (nothing of pytorch-quantization is kept in the quant4j repository) and writes, for the cases
listed in CASES, the same JSON schema as the ``histogram`` section of
quant4j-core/src/test/resources/io/quant4j/quantization/reference/quantization_reference.json.

The inputs are the integer formulas of the numerics contract (kinds A..G and ``K*f``, see the
README next to the bundled vectors); ``QuantizationReferenceTest`` rebuilds them in Java.

How pytorch-quantization is run (CPU only, nothing that changes a number is replaced):
  * the package ``__init__`` is bypassed (it needs the generated ``version.py`` and pulls in
    ``quant_modules``); only ``calib.histogram`` and ``calib.max`` and what they import are loaded;
  * ``pytorch_quantization.cuda_ext`` (the compiled CUDA kernels) is an empty module: the code
    calls it only for CUDA tensors, and every tensor here lives on the CPU;
  * ``HistogramCalibrator``'s mse search calls ``.cuda()`` on the histogram; while it runs,
    ``torch.Tensor.cuda`` returns the tensor itself, so the search runs on the CPU (the "CPU path").

Usage (Debian: apt-get install python3-torch python3-numpy python3-scipy python3-absl):
  /usr/bin/python3 generate_histogram_reference.py --pq-src TensorRT/tools/pytorch-quantization \\
      --tensorrt-commit <sha of the TensorRT checkout> --out histogram_growth_tails_reference.json
  /usr/bin/python3 generate_histogram_reference.py --pq-src ... --check quantization_reference.json
The second form recomputes the histogram section of an existing file and reports every field
that differs (bit for bit), to show that this set-up reproduces that file's generator.
"""
import argparse
import json
import math
import subprocess
import sys

import numpy as np
import torch

import pq_source

PERCENTILES = (99.0, 99.9, 99.99, 100.0)

# name -> list of batches [kind, count, offset]; every case runs for each (bits, unsigned) below.
CASES = {
    # heavy exponential tails (kind F), one batch
    "F_1batch": [["F", 20000, 0]],
    # two batches, the second with three times the range: the histogram grows
    "F_growth_x3": [["F", 20000, 0], ["F*3", 20000, 20000]],
    # three batches with a growing range
    "F_3batches_growing": [["F", 10000, 0], ["F*1.5", 10000, 10000], ["F*2.5", 10000, 20000]],
    # a wide first batch, then narrower ones (within range: no growth)
    "F_shrinking": [["F*2", 15000, 0], ["F", 15000, 15000]],
    # ReLU-like input with many exact zeros, growing; x2 makes max / width an exact integer, where
    # pytorch-quantization keeps one edge more than num_bins + 1 (and its mse search fails)
    "E_growth_x2": [["E", 20000, 0], ["E*2", 20000, 20000]],
    "E_growth_x2.3": [["E", 20000, 0], ["E*2.3", 20000, 20000]],
    # tiny values, growing by a large factor
    "G_growth_x7": [["G", 10000, 0], ["G*7", 10000, 10000]],
}
PRECISIONS = {
    "F_1batch": [(4, False), (4, True), (8, False), (8, True)],
    "F_growth_x3": [(4, False), (4, True), (8, False), (8, True)],
    "F_3batches_growing": [(4, False), (4, True), (8, False), (8, True)],
    "F_shrinking": [(4, False), (4, True)],
    "E_growth_x2": [(4, True), (8, True)],
    "E_growth_x2.3": [(4, False), (4, True)],
    "G_growth_x7": [(4, False), (8, False)],
}


# ---------------------------------------------------------------- inputs (numerics contract §8)

def _u(i, p):
    return ((i * p) % 10007) / 10007.0


def _value(kind, i, offset):
    f32 = np.float32
    if kind == "A":
        return f32(((i * 7919) % 10007) / 1000.0)
    if kind == "B":
        s = -1 if i % 3 == 0 else 1
        return f32((s * 20) * math.pow(_u(i, 7919), 4))
    if kind == "C":
        if offset == 0 and i == 0:
            return f32(50.0)
        return f32(_u(i, 7919) + _u(i, 104729) + _u(i, 1299709) + _u(i, 15485863) - 2.0)
    if kind == "D":
        return f32((_u(i, 7919) - 0.5) * (_u(i, 104729) - 0.5) * (_u(i, 1299709) - 0.5) * 8)
    if kind == "E":
        return f32(max(_u(i, 7919) + _u(i, 104729) + _u(i, 1299709) - 1.5, 0.0)) * f32(3.0)
    if kind == "F":
        uu = _u(i, 15485863) * 0.9999 + 0.00005
        s = 1 if i % 2 == 0 else -1
        return f32(s * -math.log(uu) * 0.25)
    if kind == "G":
        return f32((_u(i, 104729) - 0.5) * 0.002)
    raise ValueError(f"unknown input kind {kind!r}: expected A..G or K*f")


def generate(kind, count, offset):
    """The float32 values of one batch [kind, count, offset]."""
    base, star, factor = kind.partition("*")
    base = base.strip()
    out = np.empty(count, dtype=np.float32)
    for n in range(count):
        i = offset + n
        v = _value(base, i, offset)
        out[n] = v if not star else np.float32(float(v) * float(factor))
    return out


# ---------------------------------------------------------------- pytorch-quantization

def load_pytorch_quantization(src):
    """Imports calib.histogram and calib.max from a source checkout (see the module docstring)."""
    version = pq_source.install(src, "calib/histogram.py")
    from pytorch_quantization.calib.histogram import HistogramCalibrator
    from pytorch_quantization.calib.max import MaxCalibrator
    return HistogramCalibrator, MaxCalibrator, version


class _CudaIsCpu:
    """While active, Tensor.cuda() returns the tensor itself (the mse search stays on the CPU)."""

    def __enter__(self):
        self._saved = torch.Tensor.cuda
        torch.Tensor.cuda = lambda t, *a, **k: t
        return self

    def __exit__(self, *exc):
        torch.Tensor.cuda = self._saved
        return False


def compute_case(hist_cls, max_cls, batches, num_bits, unsigned):
    hist = hist_cls(num_bits, None, unsigned, num_bins=2048, torch_hist=True)
    mx = max_cls(num_bits, None, unsigned)
    for kind, count, offset in batches:
        x = torch.from_numpy(generate(kind, count, offset))
        hist.collect(x)
        mx.collect(x)
    out = {
        "batches": batches,
        "num_bits": num_bits,
        "unsigned": unsigned,
        "num_hist_bins": int(hist._calib_hist.numel()),
        "last_edge": float(hist._calib_bin_edges[-1]),
        "hist_total": int(hist._calib_hist.sum().item()),
        "max": float(mx.compute_amax()),
    }
    for p in PERCENTILES:
        out[f"percentile_{p}"] = float(hist.compute_amax("percentile", percentile=p))
    out["entropy"] = float(hist.compute_amax("entropy"))
    try:
        with _CudaIsCpu():
            out["mse"] = float(hist.compute_amax("mse"))
    except RuntimeError as e:
        # After a growth to an exact multiple of the bin width, torch.arange gives one edge more than
        # num_bins + 1 and the mse search of pytorch-quantization fails on the size mismatch. The case
        # is kept without "mse" (the test checks the fields a case has).
        if hist._calib_bin_edges.numel() == hist._calib_hist.numel() + 1:
            raise
        print(f"  no mse: pytorch-quantization fails with {hist._calib_hist.numel()} bins and "
              f"{hist._calib_bin_edges.numel()} edges: {e}", flush=True)
    return out


def _bits(v):
    return int(np.float32(v).view(np.int32))


def check(hist_cls, max_cls, path):
    with open(path) as f:
        ref = json.load(f)["histogram"]
    bad = 0
    for name, case in ref.items():
        got = compute_case(hist_cls, max_cls, case["batches"], case["num_bits"], case["unsigned"])
        for k, v in case.items():
            same = got[k] == v if not isinstance(v, float) else _bits(got[k]) == _bits(v)
            if not same:
                bad += 1
                print(f"DIFF {name} {k}: file {v!r}, recomputed {got[k]!r}")
        print(f"checked {name}", flush=True)
    print(f"{len(ref)} cases, {bad} differing fields")
    return bad


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--pq-src", required=True, help="tools/pytorch-quantization of an NVIDIA/TensorRT checkout")
    ap.add_argument("--tensorrt-commit", help="the commit of that checkout, recorded in 'generator'")
    ap.add_argument("--out", help="write the generated vectors here")
    ap.add_argument("--check", help="recompute the histogram section of this file and compare")
    args = ap.parse_args()
    torch.set_num_threads(1)
    hist_cls, max_cls, version = load_pytorch_quantization(args.pq_src)
    if args.check:
        sys.exit(1 if check(hist_cls, max_cls, args.check) else 0)
    if not args.out or not args.tensorrt_commit:
        ap.error("--out and --tensorrt-commit are required to generate")
    histogram = {}
    for name, batches in CASES.items():
        for bits, unsigned in PRECISIONS[name]:
            key = f"{name}|bits={bits}|unsigned={unsigned}"
            histogram[key] = compute_case(hist_cls, max_cls, batches, bits, unsigned)
            print(f"computed {key}", flush=True)
    doc = {
        "generator": (f"pytorch-quantization {version} (NVIDIA/TensorRT commit {args.tensorrt_commit}, "
                      f"tools/pytorch-quantization) CPU path (torch_hist histograms, 2048 bins; mse search "
                      f"on the CPU) on torch {torch.__version__} (Debian python3-torch "
                      f"{_debian_version('python3-torch')}), numpy {np.__version__}, "
                      f"scipy {_scipy_version()}; script tools/reference/generate_histogram_reference.py"),
        "histogram": histogram,
    }
    with open(args.out, "w") as f:
        json.dump(doc, f, indent=1)
        f.write("\n")
    print(f"wrote {len(histogram)} cases to {args.out}")


def _scipy_version():
    import scipy
    return scipy.__version__


def _debian_version(package):
    try:
        return subprocess.run(["dpkg-query", "-W", "-f=${Version}", package], capture_output=True,
                              text=True, check=True).stdout.strip() or "unknown"
    except (OSError, subprocess.CalledProcessError):
        return "unknown"


if __name__ == "__main__":
    main()
