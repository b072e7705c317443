package io.quant4j.data.npy;

import java.util.Arrays;
import java.util.stream.Collectors;

/**
 * The element types quant4j reads from {@code .npy} files, by their NumPy type code and size
 * (the part of a {@code descr} such as {@code '<f4'} after the byte-order character).
 *
 * <p>Byte order is not part of the type: {@link NpyFile#byteOrder()} tells it.
 */
public enum NpyDtype {
    /** IEEE 754 half precision, {@code f2}; read as float32 exactly. */
    FLOAT16('f', 2),
    /** IEEE 754 single precision, {@code f4}. */
    FLOAT32('f', 4),
    /** IEEE 754 double precision, {@code f8}; rounded to the nearest float32 when read as floats. */
    FLOAT64('f', 8),
    /** Unsigned byte, {@code u1}; read as floats 0..255 (not scaled). */
    UINT8('u', 1),
    /** Signed byte, {@code i1}. */
    INT8('i', 1),
    /** 32-bit signed integer, {@code i4}. */
    INT32('i', 4),
    /** 64-bit signed integer, {@code i8}. */
    INT64('i', 8),
    /** NumPy bool, {@code b1}: one byte, 0 is false, anything else is true (read as 1). */
    BOOL('b', 1);

    private final char kind;
    private final int itemSize;

    NpyDtype(char kind, int itemSize) {
        this.kind = kind;
        this.itemSize = itemSize;
    }

    /** Bytes per element. */
    public int itemSize() {
        return itemSize;
    }

    /** The NumPy type code without byte order, e.g. {@code f4}. */
    public String code() {
        return kind + Integer.toString(itemSize);
    }

    /** True for the integer and bool types (the types a labels file may have). */
    public boolean isInteger() {
        return kind != 'f';
    }

    /** The type for a code such as {@code f4} or {@code u1}, or null when it is not supported. */
    static NpyDtype ofCode(String code) {
        for (NpyDtype t : values()) {
            if (t.code().equals(code)) {
                return t;
            }
        }
        return null;
    }

    /** The supported {@code descr} values, for messages: {@code '<f2', '<f4', ...}. */
    static String supportedList() {
        return Arrays.stream(values())
                .map(t -> "'" + (t.itemSize == 1 ? "|" : "<") + t.code() + "'")
                .collect(Collectors.joining(", "))
                + " (and the big-endian '>' forms)";
    }
}
