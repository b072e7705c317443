#!/usr/bin/python3
"""Writes a torchvision model's state dict as safetensors for quant4j (--weights FILE).

With the `safetensors` package the conversion is three lines (docs/data.md):

    import torchvision
    from safetensors.torch import save_file
    save_file(torchvision.models.resnet18(weights="IMAGENET1K_V1").state_dict(), "resnet18.safetensors")

This script does the same with torch alone (Debian's python3-torch and python3-torchvision have no
safetensors), for a torchvision model name and weights, or a state dict saved with torch.save:

    /usr/bin/python3 tools/weights/torchvision_to_safetensors.py resnet18 IMAGENET1K_V1 resnet18.safetensors
    /usr/bin/python3 tools/weights/torchvision_to_safetensors.py --pth resnet18-f37072fd.pth resnet18.safetensors
    /usr/bin/python3 tools/weights/torchvision_to_safetensors.py resnet18 none random18.safetensors   # random init (seed 0)

The file format is safetensors': an 8-byte little-endian header length, a JSON header naming each
tensor's dtype, shape and byte range, then the raw little-endian tensor bytes.
"""
import json
import os
import struct
import sys

import torch

DTYPES = {torch.float32: "F32", torch.float16: "F16", torch.bfloat16: "BF16", torch.float64: "F64",
          torch.int64: "I64", torch.int32: "I32", torch.uint8: "U8", torch.int8: "I8", torch.bool: "BOOL"}


def save(state, path):
    header, blobs, offset = {}, [], 0
    for name, t in state.items():
        t = t.detach().cpu().contiguous()
        data = t.view(torch.uint8).numpy().tobytes() if t.dtype == torch.bfloat16 else t.numpy().tobytes()
        header[name] = {"dtype": DTYPES[t.dtype], "shape": list(t.shape), "data_offsets": [offset, offset + len(data)]}
        blobs.append(data)
        offset += len(data)
    text = json.dumps(header, separators=(",", ":")).encode("utf-8")
    text += b" " * (-len(text) % 8)
    tmp = path + ".tmp"
    with open(tmp, "wb") as f:
        f.write(struct.pack("<Q", len(text)))
        f.write(text)
        for b in blobs:
            f.write(b)
    os.replace(tmp, path)


def main(argv):
    if len(argv) == 3 and argv[0] == "--pth":
        state = torch.load(argv[1], map_location="cpu")
        out = argv[2]
    elif len(argv) == 3:
        import torchvision
        torch.manual_seed(0)
        weights = None if argv[1].lower() == "none" else argv[1]
        state = getattr(torchvision.models, argv[0])(weights=weights).state_dict()
        out = argv[2]
    else:
        sys.exit("usage: torchvision_to_safetensors.py MODEL WEIGHTS|none OUT.safetensors | --pth FILE.pth OUT.safetensors")
    save(state, out)
    print("wrote %d tensors to %s" % (len(state), out))


if __name__ == "__main__":
    main(sys.argv[1:])
