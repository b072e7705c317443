package io.quant4j.quantization.ptq;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.quant4j.errors.Quant4jException;
import io.quant4j.errors.ShapeMismatchException;
import io.quant4j.models.ModelOptions;
import io.quant4j.models.Models;
import io.quant4j.nn.Linear;
import io.quant4j.nn.Module;
import io.quant4j.quantization.TensorQuantizer;
import io.quant4j.quantization.calib.AmaxMethod;
import io.quant4j.quantization.selective.SelectiveQuantizer;
import io.quant4j.quantization.selective.SelectiveQuantizerParams;
import io.quant4j.tensor.Autograd;
import io.quant4j.tensor.Engines;
import io.quant4j.tensor.Scope;
import io.quant4j.tensor.Tensor;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

class PtqTest {
    private static SelectiveQuantizer quiet() {
        return new SelectiveQuantizer(SelectiveQuantizerParams.defaults().withVerbose(false));
    }

    /** Batches of seeded normal noise; each supplier creates its tensor in the caller's scope. */
    private static Iterator<Supplier<Tensor>> noise(int batches, long... shape) {
        List<Supplier<Tensor>> out = new ArrayList<>();
        for (int i = 0; i < batches; i++) {
            int seed = i;
            out.add(() -> {
                Engines.seed(100 + seed);
                return Tensor.randn(shape);
            });
        }
        return out.iterator();
    }

    @Test
    void calibratesEveryQuantizerAndLeavesTheInputFloat() {
        try (Module fp32 = Models.get("resnet_fmnist", ModelOptions.defaults())) {
            fp32.eval();
            PtqResult r = Ptq.run(fp32, quiet(), noise(3, 8, 1, 28, 28),
                    CalibrationParams.defaults().withMethod(AmaxMethod.entropy()).withBatches(2), false);
            assertThat(r.calibration().batches()).isEqualTo(2);
            assertThat(r.calibration().images()).isEqualTo(16);
            assertThat(r.calibration().quantizers()).hasSize(39);
            assertThat(r.calibration().quantizers()).allSatisfy(q -> assertThat(q.amax()).as(q.path()).isNotNull());
            assertThat(fp32.namedModules().values()).noneMatch(m -> m instanceof TensorQuantizer);
            TensorQuantizer w = (TensorQuantizer) r.model().get("conv1._weight_quantizer");
            assertThat(w.amax()).hasSize(16);
            // the INT8 simulation stays close to the float model
            try (Scope s = Scope.open(); Autograd.Recording off = Autograd.noGrad()) {
                Engines.seed(7);
                Tensor x = Tensor.randn(4, 1, 28, 28);
                float[] a = fp32.forward(x).toFloatArray();
                float[] b = r.model().forward(x).toFloatArray();
                double maxAbs = 0;
                double diff = 0;
                for (int i = 0; i < a.length; i++) {
                    maxAbs = Math.max(maxAbs, Math.abs(a[i]));
                    diff = Math.max(diff, Math.abs(a[i] - b[i]));
                }
                assertThat(diff).isLessThan(0.25 * maxAbs).isGreaterThan(0);
            }
            r.model().close();
        }
    }

    @Test
    void byDefaultCalibrationObservesEnoughBatchesFor512Images() {
        try (Module fp32 = Models.get("resnet_fmnist", ModelOptions.defaults())) {
            fp32.eval();
            PtqResult r = Ptq.run(fp32, quiet(), noise(10, 100, 1, 28, 28), CalibrationParams.defaults(), false);
            assertThat(r.calibration().batches()).isEqualTo(6);
            assertThat(r.calibration().images()).isEqualTo(600);
            r.model().close();
        }
        assertThat(CalibrationParams.defaults().enough(5, 500)).isFalse();
        assertThat(CalibrationParams.defaults().enough(6, 512)).isTrue();
        assertThat(CalibrationParams.defaults().withBatches(2).enough(2, 16)).isTrue();
        assertThat(CalibrationParams.defaults().budget()).isEqualTo("512 images");
        assertThatThrownBy(() -> CalibrationParams.defaults().withBatches(0)).hasMessageContaining("num_calib_batches >= 1");
    }

    @Test
    void clippingAboveOnePercentIsReported() {
        try (Module fp32 = Models.get("resnet_fmnist", ModelOptions.defaults())) {
            fp32.eval();
            // percentile 90 clips about 10 % of every histogram-calibrated input; max weights clip nothing
            PtqResult r = Ptq.run(fp32, quiet(), noise(2, 8, 1, 28, 28),
                    CalibrationParams.defaults().withMethod(AmaxMethod.percentile(90)).withBatches(2), false);
            List<ClippingWarning> w = r.calibration().clippingWarnings();
            assertThat(w).isNotEmpty().allSatisfy(c -> {
                assertThat(c.path()).matches(".*(\\._input_quantizer|\\.residual)");
                assertThat(c.clippedFraction()).isBetween(0.05, 0.15);
                assertThat(c.amax()).isLessThan(c.observedMax());
                assertThat(c.message()).contains(c.path()).contains("--skip " + c.modulePath());
            });
            assertThat(w.get(0).path()).isEqualTo("conv1._input_quantizer");
            assertThat(w.get(0).modulePath()).isEqualTo("conv1");
            assertThat(w).filteredOn(c -> c.path().equals("layer1.0.residual")).singleElement()
                    .satisfies(c -> assertThat(c.modulePath()).isEqualTo("layer1.0.residual"));
            assertThat(r.calibration().quantizers()).filteredOn(q -> q.path().endsWith("_weight_quantizer"))
                    .allSatisfy(q -> assertThat(q.clippedFraction()).isZero());
            r.model().close();
            PtqResult exact = Ptq.run(fp32, quiet(), noise(2, 8, 1, 28, 28), CalibrationParams.defaults().withMethod(AmaxMethod.percentile(100))
                    .withBatches(2), false);
            assertThat(exact.calibration().clippingWarnings()).isEmpty();
            exact.model().close();
        }
    }

    @Test
    void maxCalibratorsGiveTheMax() {
        try (Module fp32 = Models.get("resnet_fmnist", ModelOptions.defaults())) {
            fp32.eval();
            PtqResult r = Ptq.run(fp32, new SelectiveQuantizer(SelectiveQuantizerParams.defaults().withVerbose(false)
                    .withCalibratorI(io.quant4j.quantization.CalibMethod.MAX)), noise(1, 4, 1, 28, 28),
                    CalibrationParams.defaults().withBatches(1), false);
            TensorQuantizer in = (TensorQuantizer) r.model().get("conv1._input_quantizer");
            assertThat(r.calibration().quantizers().get(0).method()).isEqualTo("max");
            try (Scope s = Scope.open()) {
                Engines.seed(100);
                float max = Tensor.randn(4, 1, 28, 28).abs().max().item();
                assertThat(in.amax()[0]).isEqualTo(max);
            }
            r.model().close();
        }
    }

    @Test
    void emptyLoaderIsAnError() {
        try (Module fp32 = Models.get("resnet_fmnist", ModelOptions.defaults())) {
            assertThatThrownBy(() -> Ptq.run(fp32, quiet(), noise(0, 4, 1, 28, 28), CalibrationParams.defaults(), false))
                    .isInstanceOf(Quant4jException.class).hasMessageContaining("calibration loader is empty");
        }
    }

    @Test
    void wrongShapedBatchNamesTheModule() {
        try (Module fp32 = Models.get("resnet_fmnist", ModelOptions.defaults())) {
            assertThatThrownBy(() -> Ptq.run(fp32, quiet(), noise(1, 4, 3, 28, 28), CalibrationParams.defaults(), false))
                    .isInstanceOf(ShapeMismatchException.class).hasMessageContaining("conv1 (QuantConv2d)")
                    .hasMessageContaining("[N, 1, H, W]");
        }
    }

    /** A model with a quantized branch the forward never uses. */
    static final class Unused extends Module {
        Unused() {
            register("used", new Linear(3, 3));
            register("unused", new Linear(3, 3));
        }

        @Override
        protected Tensor forwardImpl(Tensor x) {
            return children().get("used").forward(x);
        }
    }

    @Test
    void quantizerThatSawNoDataIsNamedUnlessAllowedToStayDynamic() {
        try (Module m = new Unused()) {
            assertThatThrownBy(() -> Ptq.run(m, quiet(), noise(1, 2, 3), CalibrationParams.defaults().withBatches(1), false))
                    .hasMessageContaining("unused._input_quantizer");
            PtqResult r = Ptq.run(m, quiet(), noise(1, 2, 3), CalibrationParams.defaults().withBatches(1).withAllowUncalibrated(true), false);
            assertThat(r.calibration().uncalibrated()).containsExactly("unused._input_quantizer", "unused._weight_quantizer");
            assertThat(((TensorQuantizer) r.model().get("unused._input_quantizer")).amax()).isNull();
            assertThat(((TensorQuantizer) r.model().get("used._weight_quantizer")).amax()).isNotNull();
            r.model().close();
        }
    }
}
