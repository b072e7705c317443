package io.quant4j.onnx;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

/** The per-tensor comparison splits batches by input size, so a detector's probed tensors of one chunk fit in memory. */
class QuantizedTensorsChunkTest {
    private static ImageBatch batch(int n, int c, int h, int w) {
        return new ImageBatch(new float[n * c * h * w], new long[] {n, c, h, w}, null);
    }

    @Test
    void smallInputsGoSixteenAtATimeAndPagesOneAtATime() {
        assertThat(QuantizedTensors.chunkSize(batch(32, 1, 28, 28))).isEqualTo(16);
        // 2^18 / (3 x 48 x 320 = 46,080) = 5
        assertThat(QuantizedTensors.chunkSize(batch(64, 3, 48, 320))).isEqualTo(5);
        assertThat(QuantizedTensors.chunkSize(batch(8, 3, 224, 224))).isEqualTo(1);
        assertThat(QuantizedTensors.chunkSize(batch(6, 3, 480, 480))).isEqualTo(1);
        assertThat(QuantizedTensors.chunkSize(batch(2, 3, 1024, 1024))).isEqualTo(1);
    }

    @Test
    void chunksCoverTheBatchInOrder() {
        ImageBatch b = batch(12, 3, 48, 320);
        for (int i = 0; i < b.data().length; i++) {
            b.data()[i] = i;
        }
        List<ImageBatch> parts = QuantizedTensors.chunks(b, QuantizedTensors.chunkSize(b));
        assertThat(parts).extracting(ImageBatch::size).containsExactly(5, 5, 2);
        assertThat(parts.get(2).data()[0]).isEqualTo(10f * 3 * 48 * 320);
    }
}
