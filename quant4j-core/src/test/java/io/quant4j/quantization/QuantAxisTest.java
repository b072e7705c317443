package io.quant4j.quantization;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.quant4j.errors.ShapeMismatchException;
import io.quant4j.nn.Sequential;
import io.quant4j.nn.StateDict;
import io.quant4j.tensor.Autograd;
import io.quant4j.tensor.Scope;
import io.quant4j.tensor.Tensor;
import io.quant4j.tensor.Trace;
import io.quant4j.tensor.Tracer;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Negative and tuple axes: resolution, errors naming the quantizer and shape, checkpoints, tracing. */
class QuantAxisTest {

    @Test
    void resolvesNegativeAndTupleAxesInIncreasingOrder() {
        long[] kcrs = {4, 3, 2, 2};
        assertThat(QuantAxis.of(-1).resolve(kcrs, "q")).containsExactly(3);
        assertThat(QuantAxis.of(1, 0).resolve(kcrs, "q")).containsExactly(0, 1);
        assertThat(QuantAxis.of(0, -1).resolve(kcrs, "q")).containsExactly(0, 3);
        assertThat(QuantAxis.keepShape(kcrs, new int[] {0, 2})).containsExactly(4, 1, 2, 1);
        assertThat(QuantAxis.keepShape(kcrs, null)).isEmpty();
        assertThat(QuantAxis.of(0, 1)).hasToString("(0, 1)");
        assertThat(QuantAxis.of(-1)).hasToString("-1");
        assertThat(QuantAxis.of(0, 1).isSingle()).isFalse();
        assertThat(QuantAxis.of(-1).isNonNegative()).isFalse();
    }

    @Test
    void anAxisOutsideTheRankIsAnErrorNamingTheQuantizerAndTheShape() {
        QuantDescriptor d = QuantDescriptor.INT8_PER_TENSOR.withName("fc.weight").withAxes(0, 2);
        try (TensorQuantizer q = new TensorQuantizer(d); Scope s = Scope.open()) {
            assertThatThrownBy(() -> q.forward(Tensor.zeros(3, 4)))
                    .isInstanceOf(ShapeMismatchException.class)
                    .hasMessageContaining("'fc.weight'").hasMessageContaining("axis (0, 2)")
                    .hasMessageContaining("[-2, 2)").hasMessageContaining("[3, 4]");
            q.disableQuant().enableCalib();
            assertThatThrownBy(() -> q.forward(Tensor.zeros(3, 4))).isInstanceOf(ShapeMismatchException.class)
                    .hasMessageContaining("[3, 4]");
        }
        QuantDescriptor twice = QuantDescriptor.INT8_PER_TENSOR.withAxes(1, -2);
        try (TensorQuantizer q = new TensorQuantizer(twice); Scope s = Scope.open()) {
            assertThatThrownBy(() -> q.forward(Tensor.zeros(2, 3, 4))).isInstanceOf(ShapeMismatchException.class)
                    .hasMessageContaining("names dimension 1 twice");
        }
    }

    @Test
    void aTwoAxisAmaxIsSavedWithItsKeepDimsShapeAndLoaded(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("q.safetensors");
        QuantDescriptor d = QuantDescriptor.INT8_PER_TENSOR.withAxes(0, -1);
        float[] x = {1, -2, 3, -4, 5, -6, 7, -8, 0.5f, 0.25f, -9, 1};
        try (Sequential m = new Sequential(new TensorQuantizer(d)); Scope s = Scope.open()) {
            TensorQuantizer q = (TensorQuantizer) m.get(0);
            q.disableQuant().enableCalib();
            m.forward(Tensor.fromFloats(x, 2, 3, 2));
            q.disableCalib().enableQuant();
            q.loadCalibAmax();
            assertThat(q.amaxShape()).containsExactly(2, 1, 2);
            assertThat(q.amax()).containsExactly(5f, 6f, 9f, 8f);
            StateDict.save(m, file, Map.of());
        }
        try (Sequential fresh = new Sequential(new TensorQuantizer(d)); Scope s = Scope.open();
             Autograd.Recording off = Autograd.noGrad()) {
            TensorQuantizer q = (TensorQuantizer) fresh.get(0);
            assertThat(StateDict.load(fresh, file, true).clean()).isTrue();
            assertThat(q.amaxShape()).containsExactly(2, 1, 2);
            float[] y = q.forward(Tensor.fromFloats(x, 2, 3, 2)).toFloatArray();
            // element (1, 2, 0) = -9 uses amax[1][0] = 9: it is on the grid's bound
            assertThat(y[10]).isEqualTo(QuantGrid.INT8.fakeQuant(-9f, 9f));
            assertThat(y[1]).isEqualTo(QuantGrid.INT8.fakeQuant(-2f, 6f));
        }
    }

    private static Trace trace(Sequential m, Tensor x) {
        try (Tracer tracer = Tracer.start(); Autograd.Recording off = Autograd.noGrad()) {
            return tracer.finish(m.forward(tracer.input("input", x)));
        }
    }

    @Test
    void aTraceRecordsTheResolvedAxes() {
        try (TensorQuantizer single = new TensorQuantizer(QuantDescriptor.INT8_PER_TENSOR.withAxis(-1).withAmax(1f, 2f, 3f));
             TensorQuantizer pair = new TensorQuantizer(QuantDescriptor.INT8_PER_TENSOR.withAxes(0, 1)
                     .withAmax(1f, 2f, 3f, 4f, 5f, 6f));
             Scope s = Scope.open()) {
            Trace one = trace(new Sequential(single), Tensor.zeros(2, 3));
            Trace two = trace(new Sequential(pair), Tensor.zeros(2, 3, 5));
            assertThat(one.ops().get(0).attributes()).containsEntry("axis", 1L).doesNotContainKey(FakeQuant.AXES);
            assertThat(two.ops().get(0).attributes()).containsEntry("axis", -1L);
            assertThat((long[]) two.ops().get(0).attributes().get(FakeQuant.AXES)).containsExactly(0L, 1L);
        }
    }
}
