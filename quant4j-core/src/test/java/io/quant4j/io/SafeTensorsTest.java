package io.quant4j.io;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.djl.ndarray.types.DataType;
import io.quant4j.tensor.Scope;
import io.quant4j.tensor.Tensor;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SafeTensorsTest {
    @TempDir
    Path dir;

    @Test
    void roundTripIsBitExact() throws IOException {
        Random rnd = new Random(0);
        float[] f = new float[257];
        for (int i = 0; i < f.length; i++) {
            f[i] = Float.intBitsToFloat(rnd.nextInt());
        }
        f[0] = Float.NaN;
        f[1] = -0.0f;
        f[2] = Float.NEGATIVE_INFINITY;
        long[] l = {Long.MIN_VALUE, -1, 0, 42, Long.MAX_VALUE};
        try (Scope s = Scope.open()) {
            Map<String, Tensor> in = new LinkedHashMap<>();
            in.put("a.weight", Tensor.fromFloats(f, 257));
            in.put("b.count", Tensor.fromLongs(l, 5));
            Path file = dir.resolve("x.safetensors");
            SafeTensors.write(file, in, Map.of("format", "pt"));
            SafeTensors.Contents c = SafeTensors.read(file);
            assertThat(c.metadata()).containsEntry("format", "pt");
            assertThat(c.tensors().keySet()).containsExactly("a.weight", "b.count");
            float[] back = c.tensors().get("a.weight").toTensor().toFloatArray();
            for (int i = 0; i < f.length; i++) {
                assertThat(Float.floatToRawIntBits(back[i])).isEqualTo(Float.floatToRawIntBits(f[i]));
            }
            assertThat(c.tensors().get("b.count").toTensor().toLongArray()).containsExactly(l);
            ByteBuffer head = ByteBuffer.wrap(Files.readAllBytes(file)).order(ByteOrder.LITTLE_ENDIAN);
            assertThat(head.getLong(0) % 8).as("header padded to 8 bytes").isEqualTo(0);
            assertThat(dir.toFile().list()).containsExactly("x.safetensors");
        }
    }

    @Test
    void readsAFileFromAnotherWriter() throws IOException {
        // Hand-built: no padding, data of the second tensor stored first, keys in another order,
        // metadata last, a rank-0 tensor and an int8 one.
        String json = "{\"w\":{\"dtype\":\"F32\",\"shape\":[2,2],\"data_offsets\":[2,18]},"
                + "\"q\":{\"dtype\":\"I8\",\"shape\":[2],\"data_offsets\":[0,2]},"
                + "\"s\":{\"dtype\":\"F64\",\"shape\":[],\"data_offsets\":[18,26]},"
                + "\"__metadata__\":{\"source\":\"hand\"}}";
        byte[] header = json.getBytes(StandardCharsets.UTF_8);
        ByteBuffer bb = ByteBuffer.allocate(8 + header.length + 26).order(ByteOrder.LITTLE_ENDIAN);
        bb.putLong(header.length).put(header);
        bb.put((byte) -7).put((byte) 5);
        bb.putFloat(1.5f).putFloat(-2f).putFloat(0.25f).putFloat(8f);
        bb.putDouble(3.25);
        Path file = dir.resolve("hand.safetensors");
        Files.write(file, bb.array());
        SafeTensors.Contents c = SafeTensors.read(file);
        try (Scope s = Scope.open()) {
            assertThat(c.tensors().get("w").toTensor().toFloatArray()).containsExactly(1.5f, -2f, 0.25f, 8f);
            Tensor q = c.tensors().get("q").toTensor();
            assertThat(q.dataType()).isEqualTo(DataType.INT8);
            assertThat(q.ndArray().toByteArray()).containsExactly((byte) -7, (byte) 5);
            assertThat(c.tensors().get("s").toTensor().ndArray().toDoubleArray()).containsExactly(3.25);
        }
        assertThat(c.metadata()).containsEntry("source", "hand");
    }

    @Test
    void truncatedFileNamesTheOffset() throws IOException {
        try (Scope s = Scope.open()) {
            Path file = dir.resolve("t.safetensors");
            SafeTensors.write(file, Map.of("w", Tensor.ones(100)), Map.of());
            byte[] all = Files.readAllBytes(file);
            Path cut = dir.resolve("cut.safetensors");
            Files.write(cut, java.util.Arrays.copyOf(all, all.length - 10));
            assertThatThrownBy(() -> SafeTensors.read(cut))
                    .isInstanceOf(SafeTensorsFormatException.class)
                    .hasMessageContaining("cut.safetensors at byte")
                    .hasMessageContaining("'w'");
            Path tiny = dir.resolve("tiny.safetensors");
            Files.write(tiny, new byte[] {1, 2, 3});
            assertThatThrownBy(() -> SafeTensors.read(tiny)).hasMessageContaining("at byte 0");
        }
    }
}
