package io.quant4j.quantization;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.quant4j.quantization.calib.AmaxMethod;
import org.junit.jupiter.api.Test;

class QuantDescriptorTest {

    @Test
    void presetsMatchPytorchQuantization() {
        QuantDescriptor d = QuantDescriptor.INT8_PER_TENSOR;
        assertThat(d.numBits()).isEqualTo(8);
        assertThat(d.axis()).isNull();
        assertThat(d.fakeQuant()).isTrue();
        assertThat(d.unsigned()).isFalse();
        assertThat(d.narrowRange()).isFalse();
        assertThat(d.calibMethod()).isEqualTo(CalibMethod.MAX);
        assertThat(d.amax()).isNull();
        assertThat(QuantDescriptor.INT8_CONV_WEIGHT_PER_CHANNEL.axis()).isEqualTo(QuantAxis.of(0));
        assertThat(QuantDescriptor.INT8_LINEAR_WEIGHT_PER_ROW.axis()).isEqualTo(QuantAxis.of(0));
        assertThat(QuantDescriptor.INT8_CONV_TRANSPOSE_WEIGHT_PER_CHANNEL.axis()).isEqualTo(QuantAxis.of(0));
        assertThat(QuantDescriptor.INT8_PER_TENSOR_HISTOGRAM.calibMethod()).isEqualTo(CalibMethod.HISTOGRAM);
        assertThat(d.grid().maxBound()).isEqualTo(127);
        assertThat(d.grid().minBound()).isEqualTo(-128);
    }

    @Test
    void withersChangeOneField() {
        QuantDescriptor d = QuantDescriptor.INT8_PER_TENSOR.withNumBits(4).withUnsigned(true).withName("act")
                .withCalibMethod(CalibMethod.HISTOGRAM).withScaleAmax(1.5f).withNarrowRange(true).withFakeQuant(false);
        assertThat(d.numBits()).isEqualTo(4);
        assertThat(d.unsigned()).isTrue();
        assertThat(d.name()).isEqualTo("act");
        assertThat(d.calibMethod()).isEqualTo(CalibMethod.HISTOGRAM);
        assertThat(d.scaleAmax()).isEqualTo(1.5f);
        assertThat(d.narrowRange()).isTrue();
        assertThat(d.fakeQuant()).isFalse();
        assertThat(QuantDescriptor.INT8_PER_TENSOR.withLearnAmax(true).learnAmax()).isTrue();
        assertThat(QuantDescriptor.INT8_PER_TENSOR.withAxis(0).withAxis(null).perChannel()).isFalse();
    }

    @Test
    void amaxIsCopiedAndComparedByValue() {
        float[] a = {1f, 2f};
        QuantDescriptor d = QuantDescriptor.INT8_CONV_WEIGHT_PER_CHANNEL.withAmax(a);
        a[0] = 9f;
        assertThat(d.amax()).containsExactly(1f, 2f);
        d.amax()[1] = 7f;
        assertThat(d.amax()).containsExactly(1f, 2f);
        assertThat(d).isEqualTo(QuantDescriptor.INT8_CONV_WEIGHT_PER_CHANNEL.withAmax(1f, 2f));
        assertThat(d.hashCode()).isEqualTo(QuantDescriptor.INT8_CONV_WEIGHT_PER_CHANNEL.withAmax(1f, 2f).hashCode());
        assertThat(d).isNotEqualTo(QuantDescriptor.INT8_CONV_WEIGHT_PER_CHANNEL.withAmax(1f, 3f));
    }

    @Test
    void invalidFieldsAreTypedErrorsNamingTheDescriptor() {
        assertThatThrownBy(() -> QuantDescriptor.INT8_PER_TENSOR.withName("w").withNumBits(1))
                .isInstanceOf(InvalidQuantDescriptorException.class)
                .hasMessageContaining("'w' 1bit").hasMessageContaining("found 1");
        assertThatThrownBy(() -> QuantDescriptor.INT8_PER_TENSOR.withNumBits(17)).isInstanceOf(InvalidQuantDescriptorException.class);
        assertThatThrownBy(() -> QuantDescriptor.INT8_PER_TENSOR.withAxes(0, 0)).isInstanceOf(InvalidQuantDescriptorException.class)
                .hasMessageContaining("distinct axes");
        assertThatThrownBy(() -> QuantDescriptor.INT8_PER_TENSOR.withScaleAmax(0f)).isInstanceOf(InvalidQuantDescriptorException.class);
        assertThatThrownBy(() -> QuantDescriptor.INT8_PER_TENSOR.withAmax(1f, 2f)).isInstanceOf(InvalidQuantDescriptorException.class)
                .hasMessageContaining("one amax");
        assertThatThrownBy(() -> QuantDescriptor.INT8_PER_TENSOR.withAmax(Float.NaN)).isInstanceOf(InvalidQuantDescriptorException.class);
        assertThat(QuantDescriptor.INT8_PER_TENSOR.withUnsigned(true).withNumBits(1).grid().maxBound()).isEqualTo(1);
    }

    @Test
    void negativeAmaxNamesTheDescriptor() {
        assertThatThrownBy(() -> QuantDescriptor.INT8_PER_TENSOR.withName("conv1.input").withAmax(-0.5f))
                .isInstanceOf(NegativeAmaxException.class)
                .hasMessageContaining("'conv1.input' 8bit per-tensor")
                .hasMessageContaining("-0.5");
    }

    @Test
    void learnAmaxPerChannelIsRefused() {
        assertThatThrownBy(() -> QuantDescriptor.INT8_CONV_WEIGHT_PER_CHANNEL.withLearnAmax(true))
                .isInstanceOf(LearnAmaxPerChannelException.class)
                .hasMessageContaining("per-channel(axis=0)")
                .hasMessageContaining("learnAmax");
    }

    @Test
    void calibMethodParsesPytorchNamesOnly() {
        assertThat(CalibMethod.parse("max")).isEqualTo(CalibMethod.MAX);
        assertThat(CalibMethod.parse(" Histogram ")).isEqualTo(CalibMethod.HISTOGRAM);
        assertThatThrownBy(() -> CalibMethod.parse("kl")).isInstanceOf(UnknownCalibMethodException.class)
                .hasMessageContaining("'kl'").hasMessageContaining("max, histogram");
        assertThat(AmaxMethod.parse("percentile", 99.9)).isEqualTo(AmaxMethod.percentile(99.9));
        assertThat(AmaxMethod.parse("ENTROPY", 0)).isEqualTo(AmaxMethod.entropy());
        assertThat(AmaxMethod.parse("mse", 0)).isEqualTo(AmaxMethod.mse());
        assertThat(AmaxMethod.parse("max", 0)).isEqualTo(AmaxMethod.max());
        assertThatThrownBy(() -> AmaxMethod.parse("kl", 0)).isInstanceOf(UnknownCalibMethodException.class)
                .hasMessageContaining("percentile, entropy, mse");
        assertThatThrownBy(() -> AmaxMethod.percentile(100.5)).isInstanceOf(QuantizationException.class);
        assertThat(AmaxMethod.percentile()).isEqualTo(AmaxMethod.percentile(99.99));
    }

    @Test
    void toStringIsReadable() {
        assertThat(QuantDescriptor.INT8_CONV_WEIGHT_PER_CHANNEL.withAmax(1f, 2f).toString())
                .isEqualTo("QuantDescriptor(8bit per-channel(axis=0) amax=[1.0, 2.0] calib=max)");
    }
}
