package io.quant4j.data.npy;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.Charset;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Map;

/**
 * The header of a {@code .npy} file, read and checked against the file's size.
 *
 * <pre>
 *   byte 0:  \x93NUMPY          magic
 *   byte 6:  major, minor       version 1.0, 2.0 or 3.0
 *   byte 8:  header length      uint16 LE (1.0) or uint32 LE (2.0, 3.0)
 *   then:    header text        {'descr': '&lt;f4', 'fortran_order': False, 'shape': (N, C, H, W), }
 *                               padded with spaces and a final '\n'; Latin-1 (1.0, 2.0) or UTF-8 (3.0)
 *   then:    data               prod(shape) * itemsize bytes
 * </pre>
 *
 * @param version "1.0", "2.0" or "3.0"
 * @param descr the {@code descr} string as written, e.g. {@code <f4}
 * @param dtype element type
 * @param byteOrder byte order of multi-byte elements
 * @param shape dimensions ({@code []} for a scalar)
 * @param dataOffset byte offset of the first data byte
 * @param dataBytes number of data bytes
 */
record NpyHeader(String version, String descr, NpyDtype dtype, ByteOrder byteOrder, long[] shape,
                 long dataOffset, long dataBytes) {
    private static final byte[] MAGIC = {(byte) 0x93, 'N', 'U', 'M', 'P', 'Y'};
    private static final int MAX_HEADER = 1 << 20;
    private static final String RESAVE = "Re-create the file with numpy.save(path, array) or quant4j's NpyWriter.";

    /** Reads and checks the header of {@code file}, open as {@code ch}. */
    static NpyHeader read(FileChannel ch, Path file) throws IOException {
        long size = ch.size();
        byte[] pre = readUpTo(ch, 0, 12);
        checkMagic(pre, file);
        if (pre.length < 10) {
            throw truncated(file, pre.length, "the 10-byte preamble (magic, version, header length)", size);
        }
        int major = pre[6] & 0xff;
        int minor = pre[7] & 0xff;
        if (minor != 0 || major < 1 || major > 3) {
            throw new NpyFormatException("unsupported .npy format version: expected 1.0, 2.0 or 3.0, found "
                    + major + "." + minor, file, 6, "The file comes from a newer numpy; re-save it with"
                    + " numpy.lib.format.write_array(f, array, version=(2, 0)).", null);
        }
        int start = major == 1 ? 10 : 12;
        if (pre.length < start) {
            throw truncated(file, pre.length, "the " + start + "-byte preamble of a version " + major + ".0 file", size);
        }
        ByteBuffer lenBytes = ByteBuffer.wrap(pre, 8, start - 8).order(ByteOrder.LITTLE_ENDIAN);
        long headerLength = major == 1 ? lenBytes.getShort() & 0xffffL : lenBytes.getInt() & 0xffffffffL;
        if (headerLength > MAX_HEADER) {
            throw new NpyFormatException("implausible .npy header length: expected at most " + MAX_HEADER
                    + " bytes, found " + headerLength, file, 8, RESAVE, null);
        }
        if (size < start + headerLength) {
            throw truncated(file, size, headerLength + " bytes of header from byte " + start, size);
        }
        Charset charset = major == 3 ? StandardCharsets.UTF_8 : StandardCharsets.ISO_8859_1;
        String text = decode(readUpTo(ch, start, (int) headerLength), charset, file, start);
        PyLiteral lit = PyLiteral.parseDict(text, file, start, charset);
        return interpret(lit, "" + major + ".0", file, start, start + headerLength, size);
    }

    private static NpyHeader interpret(PyLiteral lit, String version, Path file, long start, long dataOffset, long size) {
        Map<String, PyLiteral.Value> d = lit.entries();
        for (Map.Entry<String, PyLiteral.Value> e : d.entrySet()) {
            if (!e.getKey().equals("descr") && !e.getKey().equals("fortran_order") && !e.getKey().equals("shape")) {
                throw new NpyFormatException("malformed .npy header: expected the keys 'descr', 'fortran_order' and"
                        + " 'shape', found also '" + e.getKey() + "'", file, lit.offsetOf(e.getValue().at()), RESAVE, null);
            }
        }
        for (String key : new String[] {"descr", "fortran_order", "shape"}) {
            if (!d.containsKey(key)) {
                throw new NpyFormatException("malformed .npy header: expected the keys 'descr', 'fortran_order' and"
                        + " 'shape', found no '" + key + "' in " + d.keySet(), file, start, RESAVE, null);
            }
        }
        PyLiteral.Value descrValue = d.get("descr");
        long descrAt = lit.offsetOf(descrValue.at());
        if (!(descrValue.value() instanceof String descr)) {
            throw new NpyFormatException("unsupported .npy dtype: expected a plain type such as '<f4', found a"
                    + " structured (record) dtype " + show(descrValue.value()), file, descrAt,
                    "Save one plain numeric array per file, e.g. np.save(path, x['field'].astype(np.float32)).", null);
        }
        NpyDescr parsed = NpyDescr.parse(descr, file, descrAt);
        long[] shape = shape(d.get("shape"), lit, file);
        long elements = 1;
        long dataBytes;
        try {
            for (long dim : shape) {
                elements = Math.multiplyExact(elements, dim);
            }
            dataBytes = Math.multiplyExact(elements, parsed.dtype().itemSize());
        } catch (ArithmeticException e) {
            throw new NpyFormatException("malformed .npy header: the shape " + Arrays.toString(shape)
                    + " holds more than 2^63 bytes", file, lit.offsetOf(d.get("shape").at()), RESAVE, e);
        }
        PyLiteral.Value fortran = d.get("fortran_order");
        if (!(fortran.value() instanceof Boolean isFortran)) {
            throw new NpyFormatException("malformed .npy header: expected 'fortran_order' True or False, found "
                    + show(fortran.value()), file, lit.offsetOf(fortran.at()), RESAVE, null);
        }
        if (isFortran && Arrays.stream(shape).filter(n -> n > 1).count() > 1) {
            throw new NpyFormatException("unsupported .npy layout: expected C (row-major) order, found"
                    + " 'fortran_order': True for the shape " + Arrays.toString(shape) + " (a sample would be scattered"
                    + " over the whole file)", file, lit.offsetOf(fortran.at()),
                    "Save a C-ordered copy: np.save(path, np.ascontiguousarray(array)).", null);
        }
        if (size - dataOffset < dataBytes) {
            throw new NpyFormatException("truncated .npy file: expected " + dataBytes + " bytes of data (shape "
                    + Arrays.toString(shape) + " of '" + descr + "') from byte " + dataOffset + ", found "
                    + (size - dataOffset) + " (the file ends at byte " + size + ")", file, size,
                    "The file is incomplete (interrupted save, download or copy); re-create or re-copy it.", null);
        }
        return new NpyHeader(version, descr, parsed.dtype(), parsed.order(), shape, dataOffset, dataBytes);
    }

    private static long[] shape(PyLiteral.Value v, PyLiteral lit, Path file) {
        if (!(v.value() instanceof PyLiteral.Tuple t)) {
            throw new NpyFormatException("malformed .npy header: expected 'shape' to be a tuple of sizes such as"
                    + " (10, 3) or (5,), found " + show(v.value()), file, lit.offsetOf(v.at()), RESAVE, null);
        }
        long[] shape = new long[t.items().size()];
        for (int i = 0; i < shape.length; i++) {
            PyLiteral.Value item = t.items().get(i);
            if (!(item.value() instanceof Long n) || n < 0) {
                throw new NpyFormatException("malformed .npy header: expected dimension " + i + " of 'shape' to be a"
                        + " size >= 0, found " + show(item.value()), file, lit.offsetOf(item.at()), RESAVE, null);
            }
            shape[i] = n;
        }
        return shape;
    }

    private static void checkMagic(byte[] pre, Path file) {
        for (int i = 0; i < MAGIC.length; i++) {
            if (i >= pre.length || pre[i] != MAGIC[i]) {
                boolean zip = pre.length >= 2 && pre[0] == 'P' && pre[1] == 'K';
                StringBuilder found = new StringBuilder();
                for (int j = 0; j < Math.min(6, pre.length); j++) {
                    found.append(String.format("\\x%02x", pre[j] & 0xff));
                }
                throw new NpyFormatException("not a .npy file: expected the magic \\x93NUMPY at byte 0, found "
                        + (pre.length == 0 ? "an empty file" : found), file, i,
                        zip ? "This is a zip archive, perhaps a .npz (numpy.savez); save each array on its own with"
                                + " numpy.save(path, npz['name'])."
                                : "Give a file written by numpy.save (not pickle, np.savetxt or ndarray.tofile).", null);
            }
        }
    }

    private static String decode(byte[] bytes, Charset charset, Path file, long start) {
        try {
            return charset.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(bytes)).toString();
        } catch (CharacterCodingException e) {
            throw new NpyFormatException("malformed .npy header: expected " + charset + " text, found invalid bytes",
                    file, start, RESAVE, e);
        }
    }

    private static NpyFormatException truncated(Path file, long at, String expected, long size) {
        return new NpyFormatException("truncated .npy file: expected " + expected + ", found the end of the file at byte "
                + size, file, at, "The file is incomplete (interrupted save, download or copy); re-create or re-copy it.", null);
    }

    private static String show(Object value) {
        if (value instanceof PyLiteral.Tuple t) {
            return "a tuple of " + t.items().size();
        }
        if (value instanceof PyLiteral.PyList l) {
            return "a list of " + l.items().size();
        }
        return value instanceof String s ? "'" + s + "'" : String.valueOf(value);
    }

    private static byte[] readUpTo(FileChannel ch, long position, int n) throws IOException {
        ByteBuffer buf = ByteBuffer.allocate(n);
        while (buf.hasRemaining()) {
            int r = ch.read(buf, position + buf.position());
            if (r < 0) {
                break;
            }
        }
        return Arrays.copyOf(buf.array(), buf.position());
    }
}
