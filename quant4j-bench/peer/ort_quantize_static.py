"""ONNX Runtime's own post-training quantizer (quantize_static) on an FP32 ONNX file, calibrated on
a folder of images: the peer figure quant4j's INT8 files are compared with.

usage: python ort_quantize_static.py FP32.onnx IMAGES_DIR OUT.onnx --input-size HxW
           [--mean 0.485,0.456,0.406] [--std 0.229,0.224,0.225] [--channel-order rgb|bgr]
           [--resize N] [--count 16] [--batch 1] [--op-types Conv,MatMul] [--per-tensor]
           [--calibrate-method minmax|entropy|percentile] [--no-preprocess]

Preprocessing is the one quant4j's input spec describes: decode to RGB (BGR with --channel-order
bgr), resize the shorter side to --resize (bilinear) and center-crop to H x W when --resize is
given (otherwise every image must already be H x W), scale to [0, 1], normalize (x - mean) / std,
NCHW float32. The first --count images of the folder (sorted by path, PNG/JPEG/BMP) calibrate.

Quantization: QDQ format, int8 weights per output channel (--per-tensor for one scale), uint8
activations, MinMax calibration (or --calibrate-method), all op types ORT quantizes by default or
only --op-types. quant_pre_process (ORT's shape inference and graph cleanup) runs first unless
--no-preprocess. Prints one JSON object: the output path, seconds, images, and the Q/DQ counts.
"""
import argparse
import json
import os
import sys
import tempfile
import time

import numpy as np
import onnx
from PIL import Image
from onnxruntime.quantization import (CalibrationDataReader, CalibrationMethod, QuantFormat, QuantType,
                                      quantize_static)
from onnxruntime.quantization.shape_inference import quant_pre_process

SUFFIXES = (".png", ".jpg", ".jpeg", ".bmp")
METHODS = {"minmax": CalibrationMethod.MinMax, "entropy": CalibrationMethod.Entropy,
           "percentile": CalibrationMethod.Percentile}


def floats(text, name):
    v = [float(x) for x in text.split(",")]
    if len(v) not in (1, 3):
        sys.exit("%s: expected one value or three (one per channel), found %d in '%s'" % (name, len(v), text))
    return np.array(v if len(v) == 3 else v * 3, np.float32).reshape(3, 1, 1)


def image_files(folder, count):
    files = []
    for root, _, names in os.walk(folder):
        files += [os.path.join(root, n) for n in names if n.lower().endswith(SUFFIXES)]
    files.sort()
    if len(files) < count:
        sys.exit("%s: expected at least %d images (%s), found %d" % (folder, count, "/".join(SUFFIXES), len(files)))
    return files[:count]


def preprocess(path, h, w, resize, mean, std, bgr):
    img = Image.open(path).convert("RGB")
    if resize:
        iw, ih = img.size
        s = resize / min(iw, ih)
        img = img.resize((max(1, round(iw * s)), max(1, round(ih * s))), Image.BILINEAR)
        iw, ih = img.size
        left, top = (iw - w) // 2, (ih - h) // 2
        img = img.crop((left, top, left + w, top + h))
    if img.size != (w, h):
        sys.exit("%s: expected a %dx%d image (H x W), found %dx%d; give --resize to resize and center-crop"
                 % (path, h, w, img.size[1], img.size[0]))
    x = np.asarray(img, np.float32).transpose(2, 0, 1) / 255.0
    if bgr:
        x = x[::-1]
    return ((x - mean) / std).astype(np.float32)


class Images(CalibrationDataReader):
    """Batches of preprocessed images under the model's input name."""

    def __init__(self, name, arrays, batch):
        self.name, self.arrays, self.batch, self.i = name, arrays, batch, 0

    def get_next(self):
        if self.i >= len(self.arrays):
            return None
        b = np.stack(self.arrays[self.i:self.i + self.batch])
        self.i += self.batch
        return {self.name: b}

    def rewind(self):
        self.i = 0


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("fp32")
    ap.add_argument("images")
    ap.add_argument("output")
    ap.add_argument("--input-size", required=True, help="H x W of the model input, e.g. 480x480")
    ap.add_argument("--mean", default="0")
    ap.add_argument("--std", default="1")
    ap.add_argument("--channel-order", choices=("rgb", "bgr"), default="rgb")
    ap.add_argument("--resize", type=int, default=None)
    ap.add_argument("--count", type=int, default=16)
    ap.add_argument("--batch", type=int, default=1)
    ap.add_argument("--op-types", default=None, help="comma-separated op types to quantize (default: ORT's)")
    ap.add_argument("--per-tensor", action="store_true")
    ap.add_argument("--calibrate-method", choices=sorted(METHODS), default="minmax")
    ap.add_argument("--no-preprocess", action="store_true")
    a = ap.parse_args()
    h, w = (int(v) for v in a.input_size.lower().split("x"))
    mean, std = floats(a.mean, "--mean"), floats(a.std, "--std")
    files = image_files(a.images, a.count)
    arrays = [preprocess(f, h, w, a.resize, mean, std, a.channel_order == "bgr") for f in files]

    t0 = time.time()
    with tempfile.TemporaryDirectory() as tmp:
        model = a.fp32
        if not a.no_preprocess:
            model = os.path.join(tmp, "pre.onnx")
            quant_pre_process(a.fp32, model, skip_symbolic_shape=True)
        name = onnx.load(model, load_external_data=False).graph.input[0].name
        quantize_static(model, a.output, Images(name, arrays, a.batch), quant_format=QuantFormat.QDQ,
                        op_types_to_quantize=a.op_types.split(",") if a.op_types else None,
                        per_channel=not a.per_tensor, activation_type=QuantType.QUInt8, weight_type=QuantType.QInt8,
                        calibrate_method=METHODS[a.calibrate_method])
    seconds = time.time() - t0
    ops = [n.op_type for n in onnx.load(a.output).graph.node]
    print(json.dumps({"path": a.output, "seconds": round(seconds, 2), "calib_images": len(arrays),
                      "quantize_linear": ops.count("QuantizeLinear"), "dequantize_linear": ops.count("DequantizeLinear"),
                      "nodes": len(ops), "op_types": a.op_types or "default", "per_channel": not a.per_tensor,
                      "calibrate_method": a.calibrate_method}))


if __name__ == "__main__":
    main()
