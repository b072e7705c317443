#!/usr/bin/env python3
"""Computes reference vectors for quantizers that keep several axes, or a negative axis, with
NVIDIA pytorch-quantization's own TensorQuantizer and MaxCalibrator.

quant4j's own code: it imports pytorch-quantization from a source checkout given on the command
line (nothing of pytorch-quantization is kept in the quant4j repository) and writes the ``axes``
section read by QuantizationReferenceTest (schema in the README next to the bundled vectors).

How pytorch-quantization is run (CPU only, nothing that changes a number is replaced): the
package ``__init__`` is bypassed (it needs the generated ``version.py``); ``cuda_ext`` (the
compiled CUDA kernels) is an empty module, which the code calls only for CUDA tensors: on the CPU
``fake_tensor_quant`` takes its legacy path, ``_tensor_quant`` with the keep-dims amax broadcast.

Negative axes: pytorch-quantization's QuantDescriptor documents axes in ``[-rank, rank)``, but its
MaxCalibrator and TensorQuantizer keep dimension ``i`` only when ``i in axis`` for
``i in range(rank)``, so a negative axis keeps nothing there (one amax for the whole tensor).
quant4j gives a negative axis its documented meaning; for such a case the values are computed by
pytorch-quantization with the equivalent non-negative axes (``pq_axis``), and the file says so.

Usage (Debian: apt-get install python3-torch python3-numpy python3-absl python3-yaml):
  /usr/bin/python3 generate_axis_reference.py --pq-src TensorRT/tools/pytorch-quantization \\
      --tensorrt-commit <sha of the TensorRT checkout> --out axis_reference.json
"""
import argparse
import json
import os
import subprocess

import torch

import pq_source

# name -> (shape, axis as quant4j is given it, num_bits, unsigned)
CASES = {
    "axes_0_1": ([4, 3, 2, 2], [0, 1], 8, False),
    "axes_0_2_apart": ([3, 2, 4, 2], [0, 2], 8, False),
    "axes_1_3_apart": ([2, 3, 2, 4], [1, 3], 8, False),
    "axes_0_1_2": ([2, 3, 4, 2], [0, 1, 2], 8, False),
    "axes_0_1_4bit": ([4, 3, 2, 2], [0, 1], 4, False),
    "axes_0_1_unsigned": ([3, 4, 2, 2], [0, 1], 8, True),
    "axis_minus_1": ([5, 6], -1, 8, False),
    "axes_minus_4_minus_3": ([3, 2, 2, 2], [-4, -3], 8, False),
    "axes_0_minus_1": ([3, 2, 2, 4], [0, -1], 8, False),
}


def load_pytorch_quantization(src):
    version = pq_source.install(src, "nn/modules/tensor_quantizer.py")
    from pytorch_quantization.nn.modules.tensor_quantizer import TensorQuantizer
    from pytorch_quantization.tensor_quant import QuantDescriptor
    return TensorQuantizer, QuantDescriptor, version


def pq_axis(axis, rank):
    """The non-negative axes pytorch-quantization is given (see the module docstring)."""
    axes = axis if isinstance(axis, list) else [axis]
    resolved = sorted(a + rank if a < 0 else a for a in axes)
    return tuple(resolved) if isinstance(axis, list) else resolved[0]


def inputs(shape, axis, seed, unsigned):
    """Two calibration batches: per-kept-index scales, one kept index all zeros (amax 0)."""
    g = torch.Generator().manual_seed(seed)
    rank = len(shape)
    kept = pq_axis(axis, rank)
    kept = list(kept) if isinstance(kept, tuple) else [kept]
    scale_shape = [shape[d] if d in kept else 1 for d in range(rank)]
    n = 1
    for s in scale_shape:
        n *= s
    scales = (torch.arange(n, dtype=torch.float32) % 5 + 1).reshape(scale_shape) * 0.37
    x1 = torch.randn(shape, generator=g) * scales
    x2 = torch.randn(shape, generator=g) * scales * 0.8
    zero_slice = tuple(slice(0, 1) if d in kept else slice(None) for d in range(rank))
    x1[zero_slice] = 0
    x2[zero_slice] = 0
    if unsigned:
        x1, x2 = x1.abs(), x2.abs()
    return x1, x2


def compute_case(tq_cls, desc_cls, shape, axis, num_bits, unsigned, seed):
    rank = len(shape)
    given = pq_axis(axis, rank)
    x1, x2 = inputs(shape, axis, seed, unsigned)
    desc = desc_cls(num_bits=num_bits, axis=given, unsigned=unsigned)

    dyn = tq_cls(desc)
    dyn_amax = dyn._get_amax(x1)
    dyn_out = dyn(x1)

    q = tq_cls(desc)
    q.disable_quant()
    q.enable_calib()
    q(x1)
    q(x2)
    q.load_calib_amax()
    q.disable_calib()
    q.enable_quant()
    amax = q._amax.detach().clone()
    xg = x1.clone().requires_grad_(True)
    out = q(xg)
    upstream = (torch.arange(x1.numel(), dtype=torch.float32) % 7 - 3).reshape(shape) * 0.25
    (out * upstream).sum().backward()

    case = {
        "shape": shape,
        "axis": axis,
        "pq_axis": list(given) if isinstance(given, tuple) else given,
        "num_bits": num_bits,
        "unsigned": unsigned,
        "batches": [x1.flatten().tolist(), x2.flatten().tolist()],
        "dynamic_amax": dyn_amax.flatten().tolist(),
        "dynamic_output": dyn_out.detach().flatten().tolist(),
        "max_calibrator_amax": amax.flatten().tolist(),
        "amax_shape": list(amax.shape),
        "output": out.detach().flatten().tolist(),
        "upstream_grad": upstream.flatten().tolist(),
        "grad_input": xg.grad.flatten().tolist(),
    }
    if given != axis:
        case["note"] = ("pytorch-quantization run with the equivalent non-negative axis: given a negative axis, "
                        "its calibrator and dynamic amax keep no dimension (one amax per tensor)")
    return case


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--pq-src", required=True, help="tools/pytorch-quantization of an NVIDIA/TensorRT checkout")
    ap.add_argument("--tensorrt-commit", required=True, help="the commit of that checkout, recorded in 'generator'")
    ap.add_argument("--out", required=True, help="write the generated vectors here")
    args = ap.parse_args()
    torch.set_num_threads(1)
    tq_cls, desc_cls, version = load_pytorch_quantization(args.pq_src)
    cases = {}
    for i, (name, (shape, axis, bits, unsigned)) in enumerate(CASES.items()):
        cases[name] = compute_case(tq_cls, desc_cls, shape, axis, bits, unsigned, seed=1000 + i)
        print(f"computed {name}", flush=True)
    doc = {
        "generator": (f"pytorch-quantization {version} (NVIDIA/TensorRT commit {args.tensorrt_commit}, "
                      f"tools/pytorch-quantization) TensorQuantizer and MaxCalibrator, CPU path, on torch "
                      f"{torch.__version__} (Debian python3-torch {_debian_version('python3-torch')}); "
                      f"script tools/reference/generate_axis_reference.py"),
        "axes": cases,
    }
    tmp = args.out + ".tmp"
    with open(tmp, "w") as f:
        json.dump(doc, f, indent=1)
        f.write("\n")
    os.replace(tmp, args.out)
    print(f"wrote {len(cases)} cases to {args.out}")


def _debian_version(package):
    try:
        return subprocess.run(["dpkg-query", "-W", "-f=${Version}", package], capture_output=True,
                              text=True, check=True).stdout.strip() or "unknown"
    except (OSError, subprocess.CalledProcessError):
        return "unknown"


if __name__ == "__main__":
    main()
