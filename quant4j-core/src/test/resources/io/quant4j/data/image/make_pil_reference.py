#!/usr/bin/env python3
"""Makes the PIL parity fixtures for io.quant4j.data.image (see README.md next to this file).

Writes small test images of several kinds into inputs/, then PIL's (and torchvision's PIL-path)
results for decoding and the 8-bit transforms into expected/ as lossless PNGs, and lists every
case in cases.tsv. The torchvision rules (shorter-side size, centre-crop offsets and zero padding,
crop-then-resize) are written out here with numpy so that torchvision itself is not needed; the
resampling is PIL's own Image.resize(..., BILINEAR).

Run from this folder with Debian's python3-pil and python3-numpy:  /usr/bin/python3 make_pil_reference.py
"""
import io
import os
import struct
import sys
import zlib

import numpy as np
import PIL
from PIL import Image, ImageOps

HERE = os.path.dirname(os.path.abspath(__file__))
INPUTS = os.path.join(HERE, "inputs")
EXPECTED = os.path.join(HERE, "expected")
RNG = np.random.default_rng(20240614)


def scene(h, w, channels=3):
    """Smooth gradients, a few hard-edged blocks and mild noise: compressible, but not flat."""
    y, x = np.mgrid[0:h, 0:w].astype(np.float64)
    planes = []
    for c in range(channels):
        base = 128 + 90 * np.sin((x * (c + 1) / w + y / h) * np.pi) * np.cos(y * (2 - c % 2) / h * np.pi)
        planes.append(base)
    img = np.stack(planes, axis=-1)
    for _ in range(4):
        y0, x0 = RNG.integers(0, h), RNG.integers(0, w)
        img[y0:y0 + max(2, h // 4), x0:x0 + max(2, w // 5), :] = RNG.integers(0, 256, channels)
    img += RNG.normal(0, 6, img.shape)
    return np.clip(np.rint(img), 0, 255).astype(np.uint8)


def save_png16(path, rgb16):
    """A 16-bit-per-sample RGB PNG (PIL cannot write one), written chunk by chunk."""
    h, w, _ = rgb16.shape
    raw = b"".join(b"\x00" + rgb16[r].astype(">u2").tobytes() for r in range(h))

    def chunk(kind, data):
        body = kind + data
        return struct.pack(">I", len(data)) + body + struct.pack(">I", zlib.crc32(body) & 0xFFFFFFFF)

    ihdr = struct.pack(">IIBBBBB", w, h, 16, 2, 0, 0, 0)
    with open(path, "wb") as f:
        f.write(b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", ihdr) + chunk(b"IDAT", zlib.compress(raw, 9)) + chunk(b"IEND", b""))


def save_bmp565(path, pixels):
    """A 16-bit BMP with 5-6-5 bit fields (PIL cannot write one), bottom row first."""
    h, w = pixels.shape
    row_bytes = (w * 2 + 3) // 4 * 4
    data = b"".join(pixels[h - 1 - r].astype("<u2").tobytes().ljust(row_bytes, b"\0") for r in range(h))
    info = struct.pack("<IiiHHIIiiII", 40, w, h, 1, 16, 3, len(data), 2835, 2835, 0, 0)
    masks = struct.pack("<III", 0xF800, 0x07E0, 0x001F)
    offset = 14 + len(info) + len(masks)
    with open(path, "wb") as f:
        f.write(b"BM" + struct.pack("<IHHI", offset + len(data), 0, 0, offset) + info + masks + data)


def exif_with_orientation(value):
    exif = Image.Exif()
    exif[0x0112] = value
    return exif.tobytes()


def make_inputs():
    os.makedirs(INPUTS, exist_ok=True)
    Image.fromarray(scene(23, 37)).save(os.path.join(INPUTS, "rgb_37x23.png"))
    Image.fromarray(scene(48, 64, 1)[:, :, 0]).save(os.path.join(INPUTS, "gray_64x48.png"))
    rgba = np.concatenate([scene(45, 31), scene(45, 31, 1)], axis=-1)
    rgba[0:6, :, 3] = 0                       # fully transparent rows whose colour must survive
    Image.fromarray(rgba, "RGBA").save(os.path.join(INPUTS, "rgba_31x45.png"))
    pal = Image.fromarray(scene(30, 40)).quantize(colors=40, method=Image.Quantize.MEDIANCUT)
    pal.save(os.path.join(INPUTS, "palette_40x30.png"), transparency=3)
    Image.fromarray(scene(17, 33)).quantize(colors=32).save(os.path.join(INPUTS, "palette_33x17.gif"))
    Image.fromarray(scene(19, 29)).save(os.path.join(INPUTS, "rgb_29x19.bmp"))
    Image.fromarray(scene(16, 16)).save(os.path.join(INPUTS, "rgb_16x16.png"))
    la = np.concatenate([scene(13, 19, 1), scene(13, 19, 1)], axis=-1)
    Image.fromarray(la, "LA").save(os.path.join(INPUTS, "la_19x13.png"))
    Image.fromarray(scene(11, 21, 1)[:, :, 0] > 128).save(os.path.join(INPUTS, "bw_21x11.png"))
    g16 = (scene(14, 20, 1)[:, :, 0].astype(np.uint16) * 3).astype(np.uint16)  # 0..765: some above 255
    Image.fromarray(g16, "I;16").save(os.path.join(INPUTS, "gray16_20x14.png"))
    save_png16(os.path.join(INPUTS, "rgb16_12x9.png"), scene(9, 12).astype(np.uint16) * 257 + 100)
    Image.fromarray(scene(75, 100)).save(os.path.join(INPUTS, "photo_100x75_exif6.jpg"), quality=90,
                                         exif=exif_with_orientation(6))
    Image.fromarray(scene(40, 48)).save(os.path.join(INPUTS, "photo_48x40_exif3.jpg"), quality=92,
                                        subsampling=0, exif=exif_with_orientation(3))
    Image.fromarray(scene(30, 26, 1)[:, :, 0]).save(os.path.join(INPUTS, "gray_26x30.jpg"), quality=90)
    Image.fromarray(np.concatenate([scene(7, 9), scene(7, 9, 1)], axis=-1), "RGBA").save(
        os.path.join(INPUTS, "rgba_9x7.bmp"))
    save_bmp565(os.path.join(INPUTS, "rgb565_6x5.bmp"), RNG.integers(0, 65536, (5, 6)).astype(np.uint16))


def decode(name, mode):
    """torchvision's pil_loader (Image.open(f).convert(mode)), after ImageOps.exif_transpose."""
    with Image.open(os.path.join(INPUTS, name)) as im:
        im.load()
        return ImageOps.exif_transpose(im).convert(mode)


def tv_resize(im, size):
    """torchvision F.resize on a PIL image: size int = shorter side, (h, w) = exact."""
    w, h = im.size
    if isinstance(size, int):
        short, long = (w, h) if w <= h else (h, w)
        new_short, new_long = size, int(size * long / short)
        new_w, new_h = (new_short, new_long) if w <= h else (new_long, new_short)
    else:
        new_h, new_w = size
    if (new_w, new_h) == (w, h):
        return im
    return im.resize((new_w, new_h), Image.BILINEAR)


def tv_center_crop(im, ch, cw):
    """torchvision F.center_crop: zero padding when the crop is larger, then round-half-even offsets."""
    a = np.asarray(im)
    ih, iw = a.shape[:2]
    if cw > iw or ch > ih:
        left = (cw - iw) // 2 if cw > iw else 0
        top = (ch - ih) // 2 if ch > ih else 0
        right = (cw - iw + 1) // 2 if cw > iw else 0
        bottom = (ch - ih + 1) // 2 if ch > ih else 0
        pad = ((top, bottom), (left, right)) + (((0, 0),) if a.ndim == 3 else ())
        a = np.pad(a, pad)
        ih, iw = a.shape[:2]
    top = int(round((ih - ch) / 2.0))
    left = int(round((iw - cw) / 2.0))
    return Image.fromarray(np.ascontiguousarray(a[top:top + ch, left:left + cw]), im.mode)


def tv_resized_crop(im, top, left, h, w, out_h, out_w):
    """torchvision F.resized_crop: crop (inside the image here), then resize to exactly out_h x out_w."""
    return tv_resize(im.crop((left, top, left + w, top + h)), (out_h, out_w))


OPS = {
    "decode": lambda im: im,
    "resize": lambda im, s: tv_resize(im, s),
    "resize_hw": lambda im, h, w: tv_resize(im, (h, w)),
    "center_crop": lambda im, h, w: tv_center_crop(im, h, w),
    "resize_center_crop": lambda im, s, h, w: tv_center_crop(tv_resize(im, s), h, w),
    "resized_crop": lambda im, t, l, h, w, oh, ow: tv_resized_crop(im, t, l, h, w, oh, ow),
    "hflip": lambda im: im.transpose(Image.FLIP_LEFT_RIGHT),
}

# (input, mode, op, args)
CASES = [
    ("rgb_37x23.png", "RGB", "decode", ()),
    ("rgb_37x23.png", "L", "decode", ()),
    ("rgb_37x23.png", "RGB", "resize", (24,)),
    ("rgb_37x23.png", "RGB", "resize", (7,)),
    ("rgb_37x23.png", "RGB", "resize_hw", (13, 29)),
    ("rgb_37x23.png", "RGB", "resize_hw", (23, 20)),
    ("rgb_37x23.png", "RGB", "resize_hw", (9, 37)),
    ("rgb_37x23.png", "RGB", "center_crop", (20, 18)),
    ("rgb_37x23.png", "RGB", "center_crop", (30, 40)),
    ("rgb_37x23.png", "RGB", "resize_center_crop", (18, 16, 16)),
    ("rgb_37x23.png", "RGB", "resized_crop", (3, 5, 17, 22, 12, 12)),
    ("rgb_37x23.png", "RGB", "hflip", ()),
    ("gray_64x48.png", "L", "decode", ()),
    ("gray_64x48.png", "RGB", "decode", ()),
    ("gray_64x48.png", "L", "resize", (24,)),
    ("gray_64x48.png", "L", "resize", (7,)),
    ("gray_64x48.png", "L", "resize_center_crop", (32, 28, 28)),
    ("gray_64x48.png", "L", "center_crop", (45, 64)),
    ("rgba_31x45.png", "RGB", "decode", ()),
    ("rgba_31x45.png", "L", "decode", ()),
    ("rgba_31x45.png", "RGB", "resize", (24,)),
    ("palette_40x30.png", "RGB", "decode", ()),
    ("palette_40x30.png", "L", "decode", ()),
    ("palette_40x30.png", "RGB", "resize", (7,)),
    ("palette_33x17.gif", "RGB", "decode", ()),
    ("palette_33x17.gif", "L", "decode", ()),
    ("palette_33x17.gif", "RGB", "resize_center_crop", (24, 20, 20)),
    ("rgb_29x19.bmp", "RGB", "decode", ()),
    ("rgb_29x19.bmp", "RGB", "resize", (24,)),
    ("rgb_16x16.png", "RGB", "resize", (80,)),
    ("rgb_16x16.png", "RGB", "resize_center_crop", (20, 17, 17)),
    ("la_19x13.png", "RGB", "decode", ()),
    ("la_19x13.png", "L", "decode", ()),
    ("bw_21x11.png", "L", "decode", ()),
    ("bw_21x11.png", "RGB", "resize", (7,)),
    ("gray16_20x14.png", "L", "decode", ()),
    ("gray16_20x14.png", "RGB", "decode", ()),
    ("rgb16_12x9.png", "RGB", "decode", ()),
    ("rgb16_12x9.png", "L", "decode", ()),
    ("photo_100x75_exif6.jpg", "RGB", "decode", ()),
    ("photo_100x75_exif6.jpg", "L", "decode", ()),
    ("photo_100x75_exif6.jpg", "RGB", "resize", (24,)),
    ("photo_100x75_exif6.jpg", "RGB", "resize_center_crop", (32, 28, 28)),
    ("photo_100x75_exif6.jpg", "RGB", "resized_crop", (10, 4, 60, 41, 24, 24)),
    ("photo_48x40_exif3.jpg", "RGB", "decode", ()),
    ("photo_48x40_exif3.jpg", "RGB", "resize", (7,)),
    ("photo_48x40_exif3.jpg", "RGB", "resize", (80,)),
    ("gray_26x30.jpg", "L", "decode", ()),
    ("gray_26x30.jpg", "L", "resize", (24,)),
    ("rgba_9x7.bmp", "RGB", "decode", ()),
    ("rgb565_6x5.bmp", "RGB", "decode", ()),
    ("rgb565_6x5.bmp", "L", "decode", ()),
]


def main():
    make_inputs()
    os.makedirs(EXPECTED, exist_ok=True)
    lines = ["# input\tmode\top\targs\texpected"]
    for name, mode, op, args in CASES:
        out = OPS[op](decode(name, mode), *args)
        stem = name.rsplit(".", 1)[0]
        tag = "_".join([op] + [str(a) for a in args])
        expected = f"{stem}.{mode}.{tag}.png"
        out.save(os.path.join(EXPECTED, expected), optimize=True)
        lines.append("\t".join([name, mode, op, ",".join(str(a) for a in args), expected]))
    with open(os.path.join(HERE, "cases.tsv"), "w") as f:
        f.write("\n".join(lines) + "\n")
    print(f"Pillow {PIL.__version__}, numpy {np.__version__}, python {sys.version.split()[0]}:"
          f" {len(CASES)} cases")


if __name__ == "__main__":
    main()
