#!/usr/bin/python3
"""Writes an IDX image/label pair (e.g. Fashion-MNIST) as a torchvision ImageFolder: OUT/<label>/<index>.png.

Used to check that an image folder evaluates exactly as the IDX files do (issue 14):
    /usr/bin/python3 tools/data/idx_to_png_folder.py \
        /usr/share/datasets/fashion-mnist/t10k-images-idx3-ubyte.gz \
        /usr/share/datasets/fashion-mnist/t10k-labels-idx1-ubyte.gz /tmp/fmnist-png/test
Needs Debian's python3-pil and python3-numpy. Class folders are the label digits, so their
sorted order is the label order.
"""
import gzip
import os
import sys

import numpy as np
from PIL import Image


def read_idx(path):
    with (gzip.open(path) if path.endswith(".gz") else open(path, "rb")) as f:
        data = f.read()
    dims = data[3]
    shape = [int.from_bytes(data[4 + 4 * i:8 + 4 * i], "big") for i in range(dims)]
    return np.frombuffer(data, dtype=np.uint8, offset=4 + 4 * dims).reshape(shape)


def main(images, labels, out):
    x = read_idx(images)
    y = read_idx(labels)
    for c in sorted(set(int(v) for v in y)):
        os.makedirs(os.path.join(out, str(c)), exist_ok=True)
    for i, (img, lab) in enumerate(zip(x, y)):
        Image.fromarray(img, mode="L").save(os.path.join(out, str(int(lab)), "%05d.png" % i))
    print("wrote %d images in %d classes to %s" % (len(y), len(set(y.tolist())), out))


if __name__ == "__main__":
    if len(sys.argv) != 4:
        sys.exit("usage: idx_to_png_folder.py IMAGES.idx[.gz] LABELS.idx[.gz] OUT_DIR")
    main(*sys.argv[1:])
