package io.quant4j.quantization;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.quant4j.nn.Module;
import io.quant4j.quantization.calib.AmaxMethod;
import io.quant4j.tensor.Autograd;
import io.quant4j.tensor.Scope;
import io.quant4j.tensor.Tensor;
import org.junit.jupiter.api.Test;

class TiedQuantizerTest {
    /** {@code owner(x) + tied(2x)}. */
    static final class Two extends Module {
        final TensorQuantizer owner;
        final TiedQuantizer tied;

        Two(QuantDescriptor d) {
            owner = register("owner", new TensorQuantizer(d));
            tied = register("tied", new TiedQuantizer(owner));
        }

        @Override
        protected Tensor forwardImpl(Tensor x) {
            return owner.forward(x).add(tied.forward(x.mul(2f)));
        }
    }

    private static final float[] X = {-0.3f, 0.11f, 0.52f, 0.9f};

    @Test
    void appliesTheOwnersQuantizationAndHoldsNoState() {
        try (Two m = new Two(QuantDescriptor.INT8_PER_TENSOR.withAmax(1f)); Scope s = Scope.open();
             Autograd.Recording off = Autograd.noGrad()) {
            Tensor y = m.tied.forward(Tensor.fromFloats(X, 4));
            float[] expected = new float[4];
            for (int i = 0; i < 4; i++) {
                expected[i] = QuantGrid.INT8.fakeQuant(X[i], 1f);
            }
            assertThat(y.toFloatArray()).containsExactly(expected);
            assertThat(m.stateEntries().keySet()).containsExactly("owner._amax");
            m.owner.disable();
            assertThat(m.tied.forward(Tensor.fromFloats(X, 4)).toFloatArray()).containsExactly(X);
        }
    }

    @Test
    void onlyTheOwnerObservesDuringCalibration() {
        try (Two m = new Two(QuantDescriptor.INT8_PER_TENSOR); Scope s = Scope.open();
             Autograd.Recording off = Autograd.noGrad()) {
            m.owner.disableQuant().enableCalib();
            Tensor y = m.forward(Tensor.fromFloats(X, 4));
            assertThat(y.toFloatArray()).as("calibration mode is the identity for both")
                    .containsExactly(X[0] * 3, X[1] * 3, X[2] * 3, X[3] * 3);
            m.owner.disableCalib().enableQuant();
            m.owner.loadCalibAmax(AmaxMethod.max());
            // the tied use saw 2x (max 1.8) but only the owner's input (max 0.9) was observed
            assertThat(m.owner.amax()).containsExactly(0.9f);
        }
    }

    @Test
    void deepCopyTiesTheCopyToTheCopiedOwner() {
        try (Two m = new Two(QuantDescriptor.INT8_PER_TENSOR.withAmax(1f))) {
            Two c = m.deepCopy();
            try (c) {
                assertThat(c.tied.owner()).isSameAs(c.owner).isNotSameAs(m.owner);
            }
        }
        assertThatThrownBy(() -> new TiedQuantizer(null)).isInstanceOf(IllegalArgumentException.class);
    }
}
