"""Writes the .npy test fixtures of io.quant4j.data.npy with numpy's own writer.

Run with Debian bookworm's python3-numpy (1.24.2):  /usr/bin/python3 make_fixtures.py .
The values are simple formulas that the Java tests recompute; rerun only to refresh the files.
"""
import sys
from pathlib import Path

import numpy as np
from numpy.lib import format as npf

out = Path(sys.argv[1] if len(sys.argv) > 1 else ".")


def save(name, array):
    np.save(out / name, array)


def save_version(name, array, version):
    with open(out / name, "wb") as f:
        npf.write_array(f, array, version=version)


# float32 images, N first: value = index * 0.5 - 3
save("f4_3x2x2x2.npy", (np.arange(24, dtype=np.float32) * 0.5 - 3).reshape(3, 2, 2, 2))
# float16 edge values and numpy's own float32 conversion of them (the reference)
half = np.array([0.0, -0.0, 2.0 ** -24, 2.0 ** -14 - 2.0 ** -24, 2.0 ** -14, 1.0, -2.0, 65504.0,
                 np.inf, -np.inf, np.nan, 0.1, 1.0 / 3.0, -65504.0, 6.1e-5, 3.14159],
                dtype=np.float16).reshape(2, 8)
save("f2_2x8.npy", half)
save("f2_2x8_as_f4.npy", half.astype(np.float32))
# uint8 images: value = (index * 7) % 256
save("u1_4x1x3x3.npy", ((np.arange(36) * 7) % 256).astype(np.uint8).reshape(4, 1, 3, 3))
# labels
save("i8_labels.npy", np.array([3, 0, 9, 1], dtype=np.int64))
save("i4_labels_4x1.npy", np.array([[2], [0], [1], [2]], dtype=np.int32))
save("i1.npy", np.array([-128, -1, 0, 127], dtype=np.int8))
save("b1.npy", np.array([True, False, True]))
# versions 2.0 and 3.0 of the same array: value = index
save_version("f4_2x3_v2.npy", np.arange(6, dtype=np.float32).reshape(2, 3), (2, 0))
save_version("f4_2x3_v3.npy", np.arange(6, dtype=np.float32).reshape(2, 3), (3, 0))
# 1-D, float64, big-endian, scalar
save("f4_1d.npy", np.array([1.5, -2.25, 0.0, 1e-3, 3e38], dtype=np.float32))
save("f8_2x2.npy", np.array([[0.1, 1.0 / 3.0], [-2.5, 1e-50]], dtype=np.float64))
save("f4_be_2x3.npy", (np.arange(6) * 1.25).astype(">f4").reshape(2, 3))
save("i8_be.npy", np.array([1, -2, 300000000000], dtype=">i8"))
save("f4_scalar.npy", np.float32(2.5))
# refused: Fortran order, object array
save("f4_fortran_2x3.npy", np.asfortranarray(np.arange(6, dtype=np.float32).reshape(2, 3)))
save("object.npy", np.array([1, "a", None], dtype=object))
