#!/usr/bin/env python3
"""Reference data from the real torchvision for quant4j's TorchvisionLayoutTest.

For each model (torchvision.models.resnet18 and mobilenet_v2, weights=None, 1000 classes) this
writes <model>.json with
  - "state": the state dict's entries in torchvision's order: [name, shape, dtype]
  - "logits": the eval-mode logits of one 1x3x64x64 input, after every state tensor was
    overwritten with the deterministic values below (so no weights need to be shipped).

Values (float64 formula, then rounded to the tensor's dtype), t = the entry's index in "state",
i = the flat index inside the tensor, s = sin(0.37 * i + 0.11 * t):
  running_var              1 + 0.25 * s
  num_batches_tracked      0
  other 1-D tensors        names ending in .weight: 1 + 0.1 * s; else 0.1 * s
  tensors of rank >= 2     s * 2 / sqrt(fan_in), fan_in = numel / shape[0]
Input x (flat index i over 1x3x64x64): sin(0.013 * i) + 0.5 * cos(0.007 * i).

Run with Debian's python3-torch and python3-torchvision (bookworm: torch 1.13, torchvision 0.14):
  /usr/bin/python3 make_reference.py OUTDIR
"""
import json
import math
import sys

import torch
import torchvision

MODELS = {"resnet18": torchvision.models.resnet18, "mobilenet_v2": torchvision.models.mobilenet_v2}
INPUT_SHAPE = (1, 3, 64, 64)


def values(name, shape, t):
    n = math.prod(shape)
    s = [math.sin(0.37 * i + 0.11 * t) for i in range(n)]
    if name.endswith("running_var"):
        v = [1 + 0.25 * x for x in s]
    elif name.endswith("num_batches_tracked"):
        v = [0] * n
    elif len(shape) == 1:
        v = [(1 + 0.1 * x) if name.endswith(".weight") else 0.1 * x for x in s]
    else:
        scale = 2 / math.sqrt(n / shape[0])
        v = [x * scale for x in s]
    return v


def main(out):
    torch.manual_seed(0)
    for model_name, ctor in MODELS.items():
        model = ctor(weights=None).eval()
        sd = model.state_dict()
        entries = []
        new = {}
        for t, (name, tensor) in enumerate(sd.items()):
            shape = list(tensor.shape)
            entries.append([name, shape, str(tensor.dtype).replace("torch.", "")])
            new[name] = torch.tensor(values(name, shape, t), dtype=torch.float64).to(tensor.dtype).reshape(shape)
        model.load_state_dict(new, strict=True)
        n = math.prod(INPUT_SHAPE)
        x = torch.tensor([math.sin(0.013 * i) + 0.5 * math.cos(0.007 * i) for i in range(n)],
                         dtype=torch.float64).float().reshape(INPUT_SHAPE)
        with torch.no_grad():
            logits = model(x)[0].tolist()
        doc = {
            "source": "torchvision %s (torch %s) models.%s(weights=None)" % (torchvision.__version__, torch.__version__, model_name),
            "input_shape": list(INPUT_SHAPE),
            "state": entries,
            "logits": [float("%.8g" % v) for v in logits],
        }
        with open("%s/%s.json" % (out, model_name), "w") as f:
            json.dump(doc, f, separators=(",", ":"))
            f.write("\n")
        print(model_name, len(entries), "entries, logits range", min(logits), max(logits))


if __name__ == "__main__":
    main(sys.argv[1] if len(sys.argv) > 1 else ".")
