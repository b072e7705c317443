package io.quant4j.data.npy;

import java.nio.ByteOrder;
import java.nio.file.Path;

/**
 * A {@code descr} string such as {@code '<f4'} split into element type and byte order.
 *
 * <p>{@code '<'} is little-endian, {@code '>'} big-endian; {@code '|'} (not applicable, written for
 * one-byte types), {@code '='} and no prefix mean the machine's native order, as numpy reads them.
 *
 * @param dtype element type
 * @param order byte order of the elements
 */
record NpyDescr(NpyDtype dtype, ByteOrder order) {
    /** Parses {@code descr}, found at byte {@code at} of {@code file}. */
    static NpyDescr parse(String descr, Path file, long at) {
        ByteOrder order = ByteOrder.nativeOrder();
        String code = descr;
        if (!descr.isEmpty() && "<>|=".indexOf(descr.charAt(0)) >= 0) {
            char c = descr.charAt(0);
            order = c == '<' ? ByteOrder.LITTLE_ENDIAN : c == '>' ? ByteOrder.BIG_ENDIAN : order;
            code = descr.substring(1);
        }
        NpyDtype dtype = NpyDtype.ofCode(code);
        if (dtype != null) {
            return new NpyDescr(dtype, order);
        }
        String kind = code.isEmpty() ? "" : code.substring(0, 1);
        String what = switch (kind) {
            case "O" -> "an object array (pickled Python objects, which only Python can read)";
            case "U", "S", "a" -> "a string array";
            case "c" -> "a complex array";
            case "M", "m" -> "a datetime array";
            case "V" -> "a raw-bytes (void) array";
            default -> "the type '" + descr + "'";
        };
        String fix = kind.equals("O")
                ? "Convert it to a numeric array first: np.save(path, np.asarray(x, dtype=np.float32))."
                : "Convert it first, e.g. np.save(path, x.astype(np.float32)) for inputs or x.astype(np.int64) for labels.";
        throw new NpyFormatException("unsupported .npy dtype: expected one of " + NpyDtype.supportedList()
                + ", found " + what + " ('" + descr + "')", file, at, fix, null);
    }
}
