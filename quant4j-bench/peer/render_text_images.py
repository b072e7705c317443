"""Renders images of printed text for calibrating and comparing OCR detectors.

usage: python3 render_text_images.py OUT_DIR [--count 16] [--size 480x480] [--seed 0]

Each image is a light page with 4-9 lines of words in DejaVu fonts of random size, colour and
position (some lines rotated a little), written as PNG. Needs Pillow (Debian python3-pil) and
fonts-dejavu-core; the system python3 has both.
"""
import argparse
import os
import random

from PIL import Image, ImageDraw, ImageFont

FONTS = "/usr/share/fonts/truetype/dejavu"
WORDS = ("invoice total amount date quantity price order number customer address street city "
         "payment due balance account reference description item tax subtotal shipping 2024 "
         "12.50 0.75 1,234.00 No. 42 A-17 receipt cash card change thank you").split()


def page(rng, w, h):
    bg = tuple(rng.randint(215, 255) for _ in range(3))
    img = Image.new("RGB", (w, h), bg)
    fonts = [f for f in sorted(os.listdir(FONTS)) if f.endswith(".ttf")]
    y = rng.randint(5, 30)
    for _ in range(rng.randint(4, 9)):
        size = rng.randint(14, 40)
        font = ImageFont.truetype(os.path.join(FONTS, rng.choice(fonts)), size)
        text = " ".join(rng.choice(WORDS) for _ in range(rng.randint(1, 5)))
        ink = tuple(rng.randint(0, 90) for _ in range(3))
        layer = Image.new("RGBA", (w, size * 2), (0, 0, 0, 0))
        ImageDraw.Draw(layer).text((rng.randint(0, w // 4), size // 3), text, font=font, fill=ink + (255,))
        layer = layer.rotate(rng.uniform(-4, 4), resample=Image.BICUBIC)
        img.paste(layer, (0, y), layer)
        y += int(size * rng.uniform(1.4, 2.2))
        if y > h - size:
            break
    return img


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("out")
    ap.add_argument("--count", type=int, default=16)
    ap.add_argument("--size", default="480x480", help="H x W")
    ap.add_argument("--seed", type=int, default=0)
    a = ap.parse_args()
    h, w = (int(v) for v in a.size.lower().split("x"))
    os.makedirs(a.out, exist_ok=True)
    rng = random.Random(a.seed)
    for i in range(a.count):
        page(rng, w, h).save(os.path.join(a.out, "text_%03d.png" % i))
    print(a.out)


if __name__ == "__main__":
    main()
