package io.quant4j.onnx.imports;

import static io.quant4j.nn.graph.ElementTypes.*;

import ai.onnx.proto.OnnxMl.StringStringEntryProto;
import ai.onnx.proto.OnnxMl.TensorProto;
import io.quant4j.io.Float16;
import io.quant4j.nn.graph.HostTensor;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;

/**
 * {@code TensorProto} to {@link HostTensor}: float types (FLOAT, FLOAT16, BFLOAT16, DOUBLE) as
 * float32, integer types and BOOL as int64, from {@code raw_data} (little-endian), the typed
 * fields, or an external data file next to the model ({@code location}, {@code offset},
 * {@code length}).
 */
final class TensorProtos {
    private TensorProtos() {}


    /** Bytes per element of a supported type, or 0. */
    static int itemSize(int type) {
        return switch (type) {
            case FLOAT, INT32, UINT32 -> 4;
            case UINT8, INT8, BOOL -> 1;
            case UINT16, INT16, FLOAT16, BFLOAT16 -> 2;
            case INT64, DOUBLE, UINT64 -> 8;
            default -> 0;
        };
    }

    static boolean isFloat(int type) {
        return type == FLOAT || type == FLOAT16 || type == DOUBLE || type == BFLOAT16;
    }

    /**
     * @param where the tensor's name and role, for errors
     * @param dir the model's folder (external data is relative to it)
     */
    static HostTensor read(TensorProto t, String where, Path dir) {
        int type = t.getDataType();
        if (itemSize(type) == 0) {
            throw new OnnxImportException("expected a numeric tensor (float, float16, bfloat16, double, int8..int64, uint8..uint64, bool), found"
                    + " data type " + type, where, "Convert the tensor to a numeric type.");
        }
        long[] shape = t.getDimsList().stream().mapToLong(Long::longValue).toArray();
        long n = HostTensor.count(shape);
        if (n > Integer.MAX_VALUE) {
            throw new OnnxImportException("expected at most " + Integer.MAX_VALUE + " elements, found " + n, where, "Split the tensor.");
        }
        ByteBuffer raw = null;
        if (t.getDataLocation() == TensorProto.DataLocation.EXTERNAL) {
            raw = external(t, where, dir, n * itemSize(type));
        } else if (!t.getRawData().isEmpty()) {
            raw = t.getRawData().asReadOnlyByteBuffer();
        }
        if (raw != null) {
            raw = raw.order(ByteOrder.LITTLE_ENDIAN);
            if (raw.remaining() != n * itemSize(type)) {
                throw new OnnxImportException("expected " + n * itemSize(type) + " bytes of data for shape " + Arrays.toString(shape)
                        + ", found " + raw.remaining(), where, "The file is truncated or corrupt; export it again.");
            }
            return fromRaw(raw, type, (int) n, shape);
        }
        return fromFields(t, type, (int) n, shape, where);
    }

    private static HostTensor fromRaw(ByteBuffer b, int type, int n, long[] shape) {
        if (isFloat(type)) {
            float[] f = new float[n];
            for (int i = 0; i < n; i++) {
                f[i] = switch (type) {
                    case FLOAT -> b.getFloat();
                    case DOUBLE -> (float) b.getDouble();
                    case FLOAT16 -> Float16.toFloat(b.getShort());
                    default -> Float.intBitsToFloat((b.getShort() & 0xffff) << 16);
                };
            }
            return HostTensor.ofFloats(f, shape);
        }
        long[] v = new long[n];
        for (int i = 0; i < n; i++) {
            v[i] = switch (type) {
                case INT64, UINT64 -> b.getLong();
                case INT32 -> b.getInt();
                case UINT32 -> b.getInt() & 0xffffffffL;
                case INT16 -> b.getShort();
                case UINT16 -> b.getShort() & 0xffff;
                case INT8 -> b.get();
                default -> b.get() & 0xff;
            };
        }
        return HostTensor.ofInts(v, shape);
    }

    private static HostTensor fromFields(TensorProto t, int type, int n, long[] shape, String where) {
        int have = switch (type) {
            case FLOAT -> t.getFloatDataCount();
            case DOUBLE -> t.getDoubleDataCount();
            case INT64 -> t.getInt64DataCount();
            case UINT32, UINT64 -> t.getUint64DataCount();
            default -> t.getInt32DataCount();
        };
        if (have != n) {
            throw new OnnxImportException("expected " + n + " values for shape " + Arrays.toString(shape) + ", found " + have, where,
                    "The tensor's data does not match its dims; export it again.");
        }
        if (isFloat(type)) {
            float[] f = new float[n];
            for (int i = 0; i < n; i++) {
                f[i] = switch (type) {
                    case FLOAT -> t.getFloatData(i);
                    case DOUBLE -> (float) t.getDoubleData(i);
                    case FLOAT16 -> Float16.toFloat((short) t.getInt32Data(i));
                    default -> Float.intBitsToFloat((t.getInt32Data(i) & 0xffff) << 16);
                };
            }
            return HostTensor.ofFloats(f, shape);
        }
        long[] v = new long[n];
        for (int i = 0; i < n; i++) {
            v[i] = switch (type) {
                case INT64 -> t.getInt64Data(i);
                case UINT32, UINT64 -> t.getUint64Data(i);
                default -> t.getInt32Data(i);
            };
        }
        return HostTensor.ofInts(v, shape);
    }

    private static ByteBuffer external(TensorProto t, String where, Path dir, long expected) {
        String location = null;
        long offset = 0;
        long length = -1;
        for (StringStringEntryProto e : t.getExternalDataList()) {
            switch (e.getKey()) {
                case "location" -> location = e.getValue();
                case "offset" -> offset = Long.parseLong(e.getValue());
                case "length" -> length = Long.parseLong(e.getValue());
                default -> { }
            }
        }
        if (location == null) {
            throw new OnnxImportException("expected an external data location, found none", where, "The file is malformed; export it again.");
        }
        Path file = dir.resolve(location).normalize();
        if (!file.startsWith(dir.toAbsolutePath().normalize()) && !file.startsWith(dir.normalize())) {
            throw new OnnxImportException("expected external data inside the model's folder, found '" + location + "'", where,
                    "Keep the external data files next to the model.");
        }
        long len = length >= 0 ? length : expected;
        try (RandomAccessFile f = new RandomAccessFile(file.toFile(), "r")) {
            if (offset + len > f.length()) {
                throw new OnnxImportException("expected " + len + " bytes at offset " + offset + " of " + file + ", found a file of "
                        + f.length() + " bytes", where, "The external data file is truncated; copy it again.");
            }
            byte[] b = new byte[Math.toIntExact(len)];
            f.seek(offset);
            f.readFully(b);
            return ByteBuffer.wrap(b);
        } catch (IOException e) {
            throw new OnnxImportException("cannot read external data " + file + ": " + e.getMessage(), where,
                    Files.exists(file) ? "Check the file's permissions." : "Put the external data file '" + location + "' next to the model.", e);
        }
    }
}
