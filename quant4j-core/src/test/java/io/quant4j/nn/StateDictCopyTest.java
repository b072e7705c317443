package io.quant4j.nn;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import io.quant4j.tensor.Engines;
import io.quant4j.tensor.Tensor;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * {@link StateDict#load} must copy values: tensors read from a file wrap a direct buffer that is
 * freed when collected, so a module keeping an alias would later read freed memory.
 */
class StateDictCopyTest {
    @Test
    void loadedValuesDoNotAliasTheSourceMemory() {
        Linear lin = new Linear(2, 1, false);
        ByteBuffer buf = ByteBuffer.allocateDirect(8).order(ByteOrder.nativeOrder());
        buf.asFloatBuffer().put(new float[] {1f, 2f});
        try (NDManager m = Engines.root().newSubManager()) {
            Tensor src = Tensor.of(m.create(buf, new Shape(1, 2), DataType.FLOAT32));
            StateDict.load(lin, Map.of("weight", src), true, "test");
            buf.asFloatBuffer().put(0, 99f);
            assertThat(src.toFloatArray()[0]).isEqualTo(99f);
        }
        assertThat(lin.namedParameters().get("weight").value().toFloatArray()).containsExactly(1f, 2f);
        lin.close();
    }
}
