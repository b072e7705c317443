package io.quant4j.io;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import com.google.gson.Gson;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParseException;
import com.google.gson.JsonParser;
import io.quant4j.tensor.Scope;
import io.quant4j.tensor.Tensor;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The safetensors format: {@code u64 LE header length N}, {@code N bytes of JSON}
 * ({@code {"name": {"dtype": "F32", "shape": [..], "data_offsets": [begin, end]}, "__metadata__": {..}}}),
 * then the raw little-endian data; offsets are relative to the end of the header. The header is
 * padded with spaces to a multiple of 8 bytes, as the reference writer does.
 */
public final class SafeTensors {
    private static final Map<String, DataType> DTYPES = Map.of(
            "F32", DataType.FLOAT32, "F64", DataType.FLOAT64, "F16", DataType.FLOAT16,
            "I64", DataType.INT64, "I32", DataType.INT32, "I8", DataType.INT8,
            "U8", DataType.UINT8, "BOOL", DataType.BOOLEAN);
    private static final long MAX_HEADER = 100L << 20;

    private SafeTensors() {}

    /**
     * One tensor of a file.
     *
     * @param dtype element type
     * @param shape dimensions
     * @param data little-endian bytes
     */
    public record Entry(DataType dtype, long[] shape, ByteBuffer data) {
        /** Creates the tensor in the current scope (or the root manager). */
        public Tensor toTensor() {
            ByteBuffer direct = ByteBuffer.allocateDirect(data.remaining()).order(ByteOrder.nativeOrder());
            direct.put(data.duplicate().order(ByteOrder.LITTLE_ENDIAN));
            direct.flip();
            // PyTorch wraps a direct buffer without copying (from_blob): the buffer would be freed by
            // the GC under the tensor. Clone into memory the tensor owns while `direct` is still alive.
            NDArray wrapped = Scope.creationManager().create(direct, new Shape(shape), dtype);
            NDArray owned = wrapped.duplicate();
            wrapped.close();
            java.lang.ref.Reference.reachabilityFence(direct);
            return Tensor.of(owned);
        }
    }

    /**
     * A file's content.
     *
     * @param tensors tensors in file order
     * @param metadata the {@code __metadata__} string map (empty when absent)
     */
    public record Contents(Map<String, Entry> tensors, Map<String, String> metadata) {}

    /** Writes tensors (in map order) and string metadata atomically. */
    public static void write(Path file, Map<String, Tensor> tensors, Map<String, String> metadata) throws IOException {
        JsonObject header = new JsonObject();
        if (metadata != null && !metadata.isEmpty()) {
            JsonObject md = new JsonObject();
            metadata.forEach(md::addProperty);
            header.add("__metadata__", md);
        }
        List<byte[]> blobs = new ArrayList<>();
        long offset = 0;
        for (Map.Entry<String, Tensor> e : tensors.entrySet()) {
            Tensor t = e.getValue();
            String code = codeOf(t.dataType(), e.getKey());
            ByteBuffer bb = t.ndArray().toByteBuffer().order(ByteOrder.nativeOrder());
            byte[] bytes = new byte[bb.remaining()];
            bb.get(bytes);
            JsonObject o = new JsonObject();
            o.addProperty("dtype", code);
            com.google.gson.JsonArray shape = new com.google.gson.JsonArray();
            for (long d : t.shape()) {
                shape.add(d);
            }
            o.add("shape", shape);
            com.google.gson.JsonArray offs = new com.google.gson.JsonArray();
            offs.add(offset);
            offs.add(offset + bytes.length);
            o.add("data_offsets", offs);
            header.add(e.getKey(), o);
            blobs.add(bytes);
            offset += bytes.length;
        }
        byte[] json = new Gson().toJson(header).getBytes(StandardCharsets.UTF_8);
        int padded = (json.length + 7) / 8 * 8;
        byte[] head = new byte[padded];
        System.arraycopy(json, 0, head, 0, json.length);
        for (int i = json.length; i < padded; i++) {
            head[i] = ' ';
        }
        AtomicFiles.write(file, out -> {
            ByteBuffer len = ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).putLong(padded);
            out.write(len.array());
            out.write(head);
            for (byte[] b : blobs) {
                out.write(b);
            }
        });
    }

    private static String codeOf(DataType dt, String name) {
        for (Map.Entry<String, DataType> e : DTYPES.entrySet()) {
            if (e.getValue() == dt) {
                return e.getKey();
            }
        }
        throw new IllegalArgumentException(name + ": data type " + dt + " cannot be written to safetensors");
    }

    /** Reads a whole file; every structural problem is reported with the byte offset. */
    public static Contents read(Path file) throws IOException {
        ByteBuffer all;
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
            long size = ch.size();
            if (size < 8) {
                throw new SafeTensorsFormatException(file, 0, "file of " + size + " bytes is shorter than the 8-byte header length");
            }
            all = ch.map(FileChannel.MapMode.READ_ONLY, 0, size).order(ByteOrder.LITTLE_ENDIAN);
        }
        long n = all.getLong(0);
        if (n <= 0 || n > MAX_HEADER || 8 + n > all.capacity()) {
            throw new SafeTensorsFormatException(file, 0, "header length " + n + " does not fit a file of " + all.capacity() + " bytes");
        }
        byte[] json = new byte[(int) n];
        all.get(8, json);
        JsonObject header;
        try {
            header = JsonParser.parseString(new String(json, StandardCharsets.UTF_8)).getAsJsonObject();
        } catch (JsonParseException | IllegalStateException e) {
            throw new SafeTensorsFormatException(file, 8, "header is not a JSON object: " + e.getMessage());
        }
        long dataStart = 8 + n;
        long dataLen = all.capacity() - dataStart;
        Map<String, Entry> tensors = new LinkedHashMap<>();
        Map<String, String> metadata = new LinkedHashMap<>();
        for (Map.Entry<String, JsonElement> e : header.entrySet()) {
            if (e.getKey().equals("__metadata__")) {
                e.getValue().getAsJsonObject().entrySet().forEach(m -> metadata.put(m.getKey(), m.getValue().getAsString()));
                continue;
            }
            tensors.put(e.getKey(), parseEntry(file, e.getKey(), e.getValue(), all, dataStart, dataLen));
        }
        return new Contents(tensors, metadata);
    }

    private static Entry parseEntry(Path file, String name, JsonElement el, ByteBuffer all, long dataStart, long dataLen) {
        try {
            JsonObject o = el.getAsJsonObject();
            String code = o.get("dtype").getAsString();
            DataType dt = DTYPES.get(code);
            if (dt == null) {
                throw new SafeTensorsFormatException(file, 8, "tensor '" + name + "' has unsupported dtype " + code
                        + " (supported: " + DTYPES.keySet() + ")");
            }
            var shapeArr = o.getAsJsonArray("shape");
            long[] shape = new long[shapeArr.size()];
            long count = 1;
            for (int i = 0; i < shape.length; i++) {
                shape[i] = shapeArr.get(i).getAsLong();
                count *= shape[i];
            }
            var offs = o.getAsJsonArray("data_offsets");
            long begin = offs.get(0).getAsLong();
            long end = offs.get(1).getAsLong();
            if (begin < 0 || end < begin || end > dataLen) {
                throw new SafeTensorsFormatException(file, dataStart + begin, "tensor '" + name + "' data ["
                        + begin + ", " + end + ") lies outside the " + dataLen + " data bytes");
            }
            long expected = count * dt.getNumOfBytes();
            if (end - begin != expected) {
                throw new SafeTensorsFormatException(file, dataStart + begin, "tensor '" + name + "' of shape "
                        + java.util.Arrays.toString(shape) + " " + code + " needs " + expected + " bytes, found " + (end - begin));
            }
            ByteBuffer slice = all.slice((int) (dataStart + begin), (int) (end - begin)).order(ByteOrder.LITTLE_ENDIAN);
            return new Entry(dt, shape, slice);
        } catch (SafeTensorsFormatException e) {
            throw e;
        } catch (RuntimeException e) {
            throw new SafeTensorsFormatException(file, 8, "tensor '" + name + "' has a malformed header entry: " + e);
        }
    }
}
