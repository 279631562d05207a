"""Writes the .npy fixtures of NpyReaderTests / NpyWriterTests with numpy's own writer.

Values follow formulas the tests recompute:
  2-D  a[i, j]    = 10*i + j + 0.25        (integer dtypes: 10*i + j)
  3-D  a[i, j, k] = 100*i + 10*j + k + 0.5
  1-D  a[i]       = i - 1.5
Run from this folder:  /usr/bin/python3 make_npy_fixtures.py
"""
import numpy as np
import numpy.lib.format as fmt


def matrix(rows, cols, dtype, offset=0.25):
    i, j = np.indices((rows, cols))
    return (10 * i + j + offset).astype(dtype)


def tensor(shape, dtype):
    i, j, k = np.indices(shape)
    return (100 * i + 10 * j + k + 0.5).astype(dtype)


def save(name, array):
    np.save(name, array)


# Well-formed: both orders, both float types, 1-D/2-D/3-D, the integer types, empty, versions 2.0 and 3.0.
save("f8_c_3x4.npy", matrix(3, 4, "<f8"))
save("f8_f_3x4.npy", np.asfortranarray(matrix(3, 4, "<f8")))
save("f4_c_3x4.npy", matrix(3, 4, "<f4"))
save("f4_f_3x4.npy", np.asfortranarray(matrix(3, 4, "<f4")))
save("f8_1d_5.npy", np.arange(5, dtype="<f8") - 1.5)
save("f4_1d_5.npy", (np.arange(5) - 1.5).astype("<f4"))
save("f8_c_2x3x4.npy", tensor((2, 3, 4), "<f8"))
save("f8_f_2x3x4.npy", np.asfortranarray(tensor((2, 3, 4), "<f8")))
save("f4_c_2x3x4.npy", tensor((2, 3, 4), "<f4"))
save("u1_c_3x4.npy", matrix(3, 4, "|u1", offset=0))
save("i4_c_3x4.npy", matrix(3, 4, "<i4", offset=0) - 5)
save("i8_f_3x4.npy", np.asfortranarray(matrix(3, 4, "<i8", offset=0)))
save("f8_c_0x3.npy", np.zeros((0, 3), dtype="<f8"))
with open("f8_c_3x4_v2.npy", "wb") as f:
    fmt.write_array(f, matrix(3, 4, "<f8"), version=(2, 0))
with open("f8_c_3x4_v3.npy", "wb") as f:
    fmt.write_array(f, matrix(3, 4, "<f8"), version=(3, 0))

# What NmfGrid's writer must reproduce byte for byte: np.save of Fortran-order float64/float32 arrays.
save("numpy_saved_fortran_f8_3x4.npy", np.asfortranarray(matrix(3, 4, "<f8")))
save("numpy_saved_fortran_f4_3x4.npy", np.asfortranarray(matrix(3, 4, "<f4")))
save("numpy_saved_fortran_f8_2x3x4.npy", np.asfortranarray(tensor((2, 3, 4), "<f8")))

# Malformed for NmfGrid (numpy itself writes them): big-endian, object, structured.
save("bad_big_endian_f8.npy", matrix(3, 4, ">f8"))
np.save("bad_object.npy", np.array([1, "a", None], dtype=object), allow_pickle=True)
save("bad_structured.npy", np.zeros(3, dtype=[("a", "<f8"), ("b", "<i4")]))
