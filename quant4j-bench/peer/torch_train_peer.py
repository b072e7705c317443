#!/usr/bin/env python3
"""PyTorch's own figures for what quant4j-bench measures on resnet_fmnist, on this machine.

  python3 torch_train_peer.py step  [--batch 128] [--steps 40] [--threads 2]
  python3 torch_train_peer.py profile [--qat] [--steps 10]
  python3 torch_train_peer.py calib [--images 512] [--batch 128] [--reps 3] [--threads 2]

Debian's python3-torch (eager mode, torch.ao.quantization). The model is quant4j's resnet_fmnist
(stem conv3x3 1->16 + BN + ReLU, three stages of two BasicBlocks 16/32/64 with strides 1/2/2,
global average pool, Linear 64->10) with quant4j's pretrained weights, read from the repository's
safetensors file; the data are Fashion-MNIST training images (Debian dataset-fashion-mnist),
normalized as quant4j does.

step:  zero_grad + forward + cross entropy + backward + SGD (momentum 0.9, weight decay 5e-4), FP32
       and QAT (fuse_modules_qat + get_default_qat_qconfig('fbgemm') + prepare_qat) interleaved
       step by step on one batch; medians.
profile: the FP32 step (or --qat) under torch.profiler: self CPU time per op and step, the
       counterpart of quant4j-bench's OpProfileBench.
calib: eager PTQ with get_default_qconfig('fbgemm') (HistogramObserver activations, per-channel
       weights): fuse + prepare, then the timed calibration forward over the images; the first
       repetition (what a fresh process does) and the median.
Prints one JSON object.
"""
import argparse
import gzip
import json
import os
import struct
import sys
import time

import numpy as np
import torch
import torch.ao.quantization as tq
import torch.nn as nn
import torch.ao.nn.quantized
import torch.nn.functional as F

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
WEIGHTS = os.path.join(ROOT, "quant4j-core/src/main/resources/io/quant4j/models/resnet_fmnist.safetensors")
FMNIST = os.environ.get("FASHION_MNIST_DIR", "/usr/share/datasets/fashion-mnist")
MEAN, STD = 0.2860, 0.3530  # quant4j's Normalize.FASHION_MNIST


class Block(nn.Module):
    def __init__(self, cin, cout, stride):
        super().__init__()
        self.conv1 = nn.Conv2d(cin, cout, 3, stride, 1, bias=False)
        self.bn1 = nn.BatchNorm2d(cout)
        self.relu1 = nn.ReLU()
        self.conv2 = nn.Conv2d(cout, cout, 3, 1, 1, bias=False)
        self.bn2 = nn.BatchNorm2d(cout)
        self.downsample = None
        if stride != 1 or cin != cout:
            self.downsample = nn.Sequential(nn.Conv2d(cin, cout, 1, stride, 0, bias=False), nn.BatchNorm2d(cout))
        self.add_relu = torch.ao.nn.quantized.FloatFunctional()

    def forward(self, x):
        identity = x if self.downsample is None else self.downsample(x)
        out = self.bn2(self.conv2(self.relu1(self.bn1(self.conv1(x)))))
        return self.add_relu.add_relu(out, identity)

    def fuse_spec(self, p):
        spec = [[p + "conv1", p + "bn1", p + "relu1"], [p + "conv2", p + "bn2"]]
        if self.downsample is not None:
            spec.append([p + "downsample.0", p + "downsample.1"])
        return spec


class ResNetFmnist(nn.Module):
    def __init__(self):
        super().__init__()
        self.quant, self.dequant = tq.QuantStub(), tq.DeQuantStub()
        self.conv1 = nn.Conv2d(1, 16, 3, 1, 1, bias=False)
        self.bn1 = nn.BatchNorm2d(16)
        self.relu = nn.ReLU()
        self.layer1 = nn.Sequential(Block(16, 16, 1), Block(16, 16, 1))
        self.layer2 = nn.Sequential(Block(16, 32, 2), Block(32, 32, 1))
        self.layer3 = nn.Sequential(Block(32, 64, 2), Block(64, 64, 1))
        self.avgpool = nn.AdaptiveAvgPool2d(1)
        self.fc = nn.Linear(64, 10)

    def forward(self, x):
        x = self.relu(self.bn1(self.conv1(self.quant(x))))
        x = self.layer3(self.layer2(self.layer1(x)))
        return self.dequant(self.fc(torch.flatten(self.avgpool(x), 1)))

    def fuse_spec(self):
        spec = [["conv1", "bn1", "relu"]]
        for i, layer in enumerate([self.layer1, self.layer2, self.layer3]):
            for j, block in enumerate(layer):
                spec += block.fuse_spec(f"layer{i + 1}.{j}.")
        return spec


def read_safetensors(path):
    """name -> tensor of a safetensors file (little-endian header length, JSON header, raw data)."""
    dtypes = {"F32": np.float32, "I64": np.int64}
    with open(path, "rb") as f:
        raw = f.read()
    n = struct.unpack("<Q", raw[:8])[0]
    header = json.loads(raw[8:8 + n])
    out = {}
    for name, meta in header.items():
        if name == "__metadata__":
            continue
        start, end = meta["data_offsets"]
        a = np.frombuffer(raw, dtype=dtypes[meta["dtype"]], count=(end - start) // np.dtype(dtypes[meta["dtype"]]).itemsize,
                          offset=8 + n + start)
        out[name] = torch.from_numpy(a.copy().reshape(meta["shape"]))
    return out


def pretrained():
    m = ResNetFmnist()
    state = read_safetensors(WEIGHTS)
    missing, unexpected = m.load_state_dict(state, strict=False)
    if missing or unexpected:
        sys.exit(f"the weights in {WEIGHTS} do not fit the peer model: missing {missing}, unexpected {unexpected}")
    return m


def train_images(n):
    """The first n Fashion-MNIST training images and labels, normalized, N x 1 x 28 x 28."""
    def read(name):
        path = os.path.join(FMNIST, name)
        opener = gzip.open if path.endswith(".gz") else open
        with opener(path, "rb") as f:
            return f.read()
    for suffix in (".gz", ""):
        if os.path.exists(os.path.join(FMNIST, "train-images-idx3-ubyte" + suffix)):
            img, lab = read("train-images-idx3-ubyte" + suffix), read("train-labels-idx1-ubyte" + suffix)
            break
    else:
        sys.exit(f"Fashion-MNIST not found in {FMNIST} (Debian: apt-get install dataset-fashion-mnist)")
    x = np.frombuffer(img, np.uint8, count=n * 784, offset=16).reshape(n, 1, 28, 28).astype(np.float32) / 255.0
    y = np.frombuffer(lab, np.uint8, count=n, offset=8).astype(np.int64)
    return torch.from_numpy((x - MEAN) / STD), torch.from_numpy(y)


def median(v):
    s = sorted(v)
    return s[len(s) // 2] if len(s) % 2 else (s[len(s) // 2 - 1] + s[len(s) // 2]) / 2


def step_ms(model, opt, x, y):
    t0 = time.perf_counter()
    opt.zero_grad(set_to_none=True)
    loss = F.cross_entropy(model(x), y)
    loss.backward()
    opt.step()
    loss.item()
    return 1e3 * (time.perf_counter() - t0)


def cmd_step(a):
    x, y = train_images(a.batch)
    fp = pretrained().train()
    qat = pretrained().train()
    tq.fuse_modules_qat(qat, qat.fuse_spec(), inplace=True)
    qat.qconfig = tq.get_default_qat_qconfig("fbgemm")
    tq.prepare_qat(qat, inplace=True)
    sgd = lambda m: torch.optim.SGD(m.parameters(), lr=0.01, momentum=0.9, weight_decay=5e-4)
    of, oq = sgd(fp), sgd(qat)
    tf, tqat = [], []
    warm = max(3, a.steps // 5)
    for i in range(warm + a.steps):
        f = step_ms(fp, of, x, y)
        q = step_ms(qat, oq, x, y)
        if i >= warm:
            tf.append(f)
            tqat.append(q)
    return {"fp32_step_ms": round(median(tf), 2), "qat_step_ms": round(median(tqat), 2),
            "qat_over_fp32": round(median(tqat) / median(tf), 3), "steps": a.steps, "batch": a.batch}


def cmd_profile(a):
    x, y = train_images(a.batch)
    m = pretrained().train()
    if a.qat:
        tq.fuse_modules_qat(m, m.fuse_spec(), inplace=True)
        m.qconfig = tq.get_default_qat_qconfig("fbgemm")
        tq.prepare_qat(m, inplace=True)
    opt = torch.optim.SGD(m.parameters(), lr=0.01, momentum=0.9, weight_decay=5e-4)
    for _ in range(5):
        step_ms(m, opt, x, y)
    from torch.profiler import ProfilerActivity, profile
    with profile(activities=[ProfilerActivity.CPU]) as prof:
        wall = sum(step_ms(m, opt, x, y) for _ in range(a.steps))
    ops = sorted(prof.key_averages(), key=lambda e: -e.self_cpu_time_total)
    in_ops = sum(e.self_cpu_time_total for e in ops) / 1e3 / a.steps
    return {"step_ms": round(wall / a.steps, 2), "in_ops_ms": round(in_ops, 2), "qat": a.qat,
            "ops": [{"op": e.key, "self_ms_per_step": round(e.self_cpu_time_total / 1e3 / a.steps, 3),
                     "calls_per_step": e.count / a.steps} for e in ops[:20]]}


def cmd_calib(a):
    x, _ = train_images(a.images)
    ips = []
    for _ in range(a.reps):
        m = pretrained().eval()
        tq.fuse_modules(m, m.fuse_spec(), inplace=True)
        m.qconfig = tq.get_default_qconfig("fbgemm")
        tq.prepare(m, inplace=True)
        t0 = time.perf_counter()
        with torch.no_grad():
            for i in range(0, a.images, a.batch):
                m(x[i:i + a.batch])
        ips.append(a.images / (time.perf_counter() - t0))
    return {"calib_first_images_per_s": round(ips[0], 1), "calib_median_images_per_s": round(median(ips), 1),
            "images": a.images, "batch": a.batch, "reps": a.reps, "observer": "HistogramObserver (fbgemm default)"}


def main():
    p = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    p.add_argument("cmd", choices=["step", "calib", "profile"])
    p.add_argument("--qat", action="store_true", help="profile: the QAT model")
    p.add_argument("--batch", type=int, default=128)
    p.add_argument("--steps", type=int, default=40)
    p.add_argument("--images", type=int, default=512)
    p.add_argument("--reps", type=int, default=3)
    p.add_argument("--threads", type=int, default=2)
    a = p.parse_args()
    torch.set_num_threads(a.threads)
    torch.manual_seed(0)
    out = {"step": cmd_step, "calib": cmd_calib, "profile": cmd_profile}[a.cmd](a)
    out.update({"peer": "torch " + torch.__version__, "threads": torch.get_num_threads(), "cmd": a.cmd})
    print(json.dumps(out))


if __name__ == "__main__":
    main()
