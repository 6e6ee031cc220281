#!/usr/bin/env python3
"""Reference decodes for the image readers (WWData/Images), made with Pillow and torchvision.

Run from the repository root with a Python that has numpy, Pillow, torch and torchvision:

    /tmp/wwvenv/bin/python tools/make-image-fixtures.py

Writes Tests/Fixtures/images/:
- modes/: small images saved by PIL in every colour mode and bit depth the readers take (PNG:
  1-bit, L, LA, P, P with transparency, 4-bit P, RGB, RGBA, 16-bit grey; a 16-bit RGB PNG and an
  Adam7-interlaced RGB PNG written by hand, since PIL cannot write them; JPEG: RGB 4:2:0 and 4:4:4, grey, progressive; JPEGs carrying each
  EXIF orientation 1..8), a PNG bomb (IHDR declaring 100,000 x 100,000 pixels, a few hundred
  bytes) and a file that is not an image.
- folder/: an ImageFolder tree (class names needing code-point order, a nested folder, a
  non-image file) and torchvision's listing of it.
- images.json: per image, PIL's pixels as base64 bytes (rows of interleaved channels):
  `rgb` = convert("RGB") after ImageOps.exif_transpose, `grey` = convert("L") likewise,
  `resized` = rgb resized to 7 x 5 (width x height) with BILINEAR (what transforms.Resize
  calls), `resized_tall` to (width - 1) x 3 (the vertical pass first), `cropped` = torchvision Resize(6) then CenterCrop(5) on the PIL image; and, for the
  two JPEGs inside scikit-learn's wheel (copied to sklearn/ with their CC BY 2.0 licence), PIL's
  decode of every 8th row and torchvision's Resize((32, 32)).
- modes/libpng-pngtest.png: libpng's test image from the Debian package libpng-dev; exif3.png,
  exif6.png, exif8.png: PNGs with an eXIf orientation chunk.

Where wwn differs from PIL on purpose (documented in docs/data.md): a 16-bit grey PNG keeps its
high byte (PIL's convert clips 16-bit values to 255); its `rgb`/`grey` here are the high byte.
"""
import base64
import hashlib
import io
import json
import os
import platform
import shutil
import struct
import sys
import zlib

import numpy as np
import PIL
import sklearn
import torch
import torchvision
from PIL import Image, ImageOps
from torchvision import datasets, transforms

OUT = os.path.join("Tests", "Fixtures", "images")
DEBIAN_PNG = "/usr/share/doc/libpng-dev/examples/pngtest.png"
rng = np.random.default_rng(16)


def b64(array):
    return base64.b64encode(np.ascontiguousarray(array, dtype=np.uint8).tobytes()).decode()


def png_chunk(kind, data):
    return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)


def handmade_png(width, height, bit_depth, colour_type, raw_rows):
    header = struct.pack(">IIBBBBB", width, height, bit_depth, colour_type, 0, 0, 0)
    return (b"\x89PNG\r\n\x1a\n" + png_chunk(b"IHDR", header)
            + png_chunk(b"IDAT", zlib.compress(raw_rows)) + png_chunk(b"IEND", b""))


def adam7_png(pixels):
    """An interlaced (Adam7) 8-bit RGB PNG, which PIL cannot write: seven passes, each its own
    filtered (filter 0) rows."""
    height, width, _ = pixels.shape
    passes = [(0, 0, 8, 8), (4, 0, 8, 8), (0, 4, 4, 8), (2, 0, 4, 4), (0, 2, 2, 4), (1, 0, 2, 2), (0, 1, 1, 2)]
    raw = b""
    for x0, y0, dx, dy in passes:
        sub = pixels[y0::dy, x0::dx]
        if sub.shape[0] == 0 or sub.shape[1] == 0:
            continue
        raw += b"".join(b"\x00" + sub[i].tobytes() for i in range(sub.shape[0]))
    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 1)
    return (b"\x89PNG\r\n\x1a\n" + png_chunk(b"IHDR", header)
            + png_chunk(b"IDAT", zlib.compress(raw)) + png_chunk(b"IEND", b""))


def smooth(height, width, channels, generator=None):
    """A picture with gradients and noise, so resizing and JPEG both have work to do."""
    y, x = np.mgrid[0:height, 0:width]
    base = np.stack([(x * 255 // max(width - 1, 1)), (y * 255 // max(height - 1, 1)), ((x + y) * 13) % 256], -1)
    noisy = base + (generator or rng).integers(-20, 21, base.shape)
    return np.clip(noisy, 0, 255).astype(np.uint8)[..., :channels]


def write_modes(directory):
    os.makedirs(directory)
    h, w = 9, 13
    rgb = smooth(h, w, 3)
    grey = rgb[..., 0]
    alpha = rng.integers(0, 256, (h, w), dtype=np.uint8)
    files = {}
    files["l.png"] = Image.fromarray(grey, "L")
    files["la.png"] = Image.fromarray(np.stack([grey, alpha], -1), "LA")
    files["rgb.png"] = Image.fromarray(rgb, "RGB")
    files["rgba.png"] = Image.fromarray(np.dstack([rgb, alpha]), "RGBA")
    files["p.png"] = Image.fromarray(rgb, "RGB").quantize(colors=37)
    transparent = Image.fromarray(rgb, "RGB").quantize(colors=20)
    transparent.info["transparency"] = 3
    files["p-transparent.png"] = transparent
    files["one-bit.png"] = Image.fromarray(grey > 128).convert("1")
    for name, image in files.items():
        image.save(os.path.join(directory, name))
    # 4-bit palette: PIL writes fewer bits when asked.
    Image.fromarray(rgb, "RGB").quantize(colors=12).save(os.path.join(directory, "p4.png"), bits=4)
    # 16-bit grey through PIL (mode I;16), 16-bit RGB by hand (PIL cannot write it).
    grey16 = (grey.astype(np.uint16) * 257 + rng.integers(0, 257, (h, w))).astype(np.uint16)
    Image.fromarray(grey16).save(os.path.join(directory, "l16.png"))
    rgb16 = (rgb.astype(np.uint16) * 257 + rng.integers(0, 257, rgb.shape)).astype(">u2")
    rows = b"".join(b"\x00" + rgb16[i].tobytes() for i in range(h))
    with open(os.path.join(directory, "rgb16.png"), "wb") as f:
        f.write(handmade_png(w, h, 16, 2, rows))
    with open(os.path.join(directory, "interlaced.png"), "wb") as f:
        f.write(adam7_png(rgb))
    # JPEGs.
    Image.fromarray(rgb, "RGB").save(os.path.join(directory, "rgb.jpg"), quality=90)
    Image.fromarray(rgb, "RGB").save(os.path.join(directory, "rgb444.jpg"), quality=95, subsampling=0)
    Image.fromarray(grey, "L").save(os.path.join(directory, "l.jpg"), quality=90)
    Image.fromarray(smooth(40, 56, 3), "RGB").save(os.path.join(directory, "progressive.jpg"), quality=85, progressive=True)
    for orientation in range(1, 9):
        exif = Image.Exif()
        exif[0x0112] = orientation
        Image.fromarray(smooth(4, 6, 3), "RGB").save(os.path.join(directory, f"exif{orientation}.jpg"), quality=95, exif=exif)
    # PNGs carrying an eXIf chunk (PIL writes it before IDAT; exif_transpose honours it), in RGB
    # and RGBA. Their own random stream, so the images after them stay as they were.
    extra = np.random.default_rng(1616)
    for orientation, mode in ((3, "RGBA"), (6, "RGB"), (8, "RGB")):
        exif = Image.Exif()
        exif[0x0112] = orientation
        pixels = smooth(4, 6, 3, extra)
        if mode == "RGBA":
            pixels = np.dstack([pixels, extra.integers(0, 256, (4, 6)).astype(np.uint8)])
        Image.fromarray(pixels, mode).save(os.path.join(directory, f"exif{orientation}.png"), exif=exif)
    # A real PNG from a Debian package the Makefile installs: libpng's own test image (libpng-dev,
    # /usr/share/doc/libpng-dev/examples/pngtest.png: RGBA, interlaced, with gAMA, sRGB and cHRM
    # chunks), under libpng's licence, which allows copies.
    shutil.copyfile(DEBIAN_PNG, os.path.join(directory, "libpng-pngtest.png"))
    # Malformed: a bomb and a text file.
    with open(os.path.join(directory, "bomb.png"), "wb") as f:
        f.write(handmade_png(100_000, 100_000, 8, 0, b"\x00" * 16))
    with open(os.path.join(directory, "not-an-image.png"), "w") as f:
        f.write("hello, I am a text file with a .png name\n")
    return sorted(set(os.listdir(directory)) - {"bomb.png", "not-an-image.png"})


def expected(path):
    opened = Image.open(path)
    upright = ImageOps.exif_transpose(opened)
    name = os.path.basename(path)
    if name == "l16.png":
        high = (np.asarray(opened).astype(np.uint16) >> 8).astype(np.uint8)
        rgb_image = Image.fromarray(np.stack([high] * 3, -1), "RGB")
        grey = high
    else:
        rgb_image = upright.convert("RGB")
        grey = np.asarray(upright.convert("L"))
    rgb = np.asarray(rgb_image)
    resized = np.asarray(rgb_image.resize((7, 5), Image.BILINEAR))
    # Height shrinking more than twice the width: Pillow 13 runs the vertical pass first.
    tall = (max(rgb.shape[1] - 1, 1), 3)
    resized_tall = np.asarray(rgb_image.resize(tall, Image.BILINEAR))
    cropped = np.asarray(transforms.CenterCrop(5)(transforms.Resize(6)(rgb_image)))
    return {"width": rgb.shape[1], "height": rgb.shape[0], "rgb": b64(rgb), "grey": b64(grey),
            "resized": b64(resized), "resized_tall": b64(resized_tall), "tall_size": [tall[1], tall[0]], "cropped_shape": list(cropped.shape), "cropped": b64(cropped),
            "jpeg": name.endswith(".jpg")}


def write_folder(directory):
    # Class names whose code-point order differs from a locale's or Swift's: "B" < "a" < "b" < "é".
    layout = {"b": ["2.png", "10.png", "nested/1.png"], "a": ["x.jpg", "y.jpeg"], "B": ["z.PNG"], "é": ["1.png"]}
    for cls, names in layout.items():
        for name in names:
            path = os.path.join(directory, cls, name)
            os.makedirs(os.path.dirname(path), exist_ok=True)
            image = Image.fromarray(smooth(6, 8, 3), "RGB")
            image.save(path, format="JPEG" if name.lower().endswith((".jpg", ".jpeg")) else "PNG")
    with open(os.path.join(directory, "b", "notes.txt"), "w") as f:
        f.write("not an image; ImageFolder skips it by its extension\n")
    folder = datasets.ImageFolder(directory)
    return {"classes": folder.classes,
            "samples": [[os.path.relpath(p, directory), t] for p, t in folder.samples]}


def sklearn_rows(directory):
    """Copies the two photographs inside scikit-learn's wheel into `directory` with their
    licence (CC BY 2.0, which allows copies with the attribution) and records PIL's decode of
    every 8th row and torchvision's Resize((32, 32)) of them."""
    images = os.path.join(os.path.dirname(sklearn.__file__), "datasets", "images")
    os.makedirs(directory)
    shutil.copyfile(os.path.join(images, "README.txt"), os.path.join(directory, "README.txt"))
    result = {}
    for name in ("china.jpg", "flower.jpg"):
        path = os.path.join(images, name)
        shutil.copyfile(path, os.path.join(directory, name))
        data = open(path, "rb").read()
        image = Image.open(path).convert("RGB")
        pixels = np.asarray(image)
        small = np.asarray(transforms.Resize((32, 32))(image))
        result[name] = {"sha256": hashlib.sha256(data).hexdigest(), "width": pixels.shape[1], "height": pixels.shape[0],
                        "row_step": 8, "rows": b64(pixels[::8]), "resized32": b64(small)}
    return result


def main():
    if os.path.exists(OUT):
        shutil.rmtree(OUT)
    os.makedirs(OUT)
    names = write_modes(os.path.join(OUT, "modes"))
    listing = write_folder(os.path.join(OUT, "folder"))
    fixture = {
        "versions": {"python": platform.python_version(), "pillow": PIL.__version__, "numpy": np.__version__,
                     "torch": torch.__version__, "torchvision": torchvision.__version__, "scikit-learn": sklearn.__version__},
        "modes": {name: expected(os.path.join(OUT, "modes", name)) for name in names},
        "folder": listing,
        "sklearn": sklearn_rows(os.path.join(OUT, "sklearn")),
    }
    with open(os.path.join(OUT, "images.json"), "w") as f:
        json.dump(fixture, f, indent=1, sort_keys=True)
        f.write("\n")
    print(f"wrote {OUT}: {len(names)} images, folder of {len(listing['samples'])}")


if __name__ == "__main__":
    sys.exit(main())
