package io.quant4j.examples;

import io.quant4j.models.ModelOptions;
import io.quant4j.models.Models;
import io.quant4j.nn.Linear;
import io.quant4j.nn.Module;
import io.quant4j.nn.ReLU;
import io.quant4j.nn.Residual;
import io.quant4j.nn.Sequential;
import io.quant4j.quantization.QuantDescriptor;
import io.quant4j.quantization.TensorQuantizer;
import io.quant4j.quantization.layers.QuantLinear;
import io.quant4j.quantization.ptq.CalibrationParams;
import io.quant4j.quantization.ptq.Ptq;
import io.quant4j.quantization.ptq.PtqResult;
import io.quant4j.quantization.selective.QuantizationRegistry;
import io.quant4j.quantization.selective.QuantizationReport;
import io.quant4j.quantization.selective.QuantizedMetadata;
import io.quant4j.quantization.selective.ReplacementAction;
import io.quant4j.quantization.selective.SelectiveQuantizer;
import io.quant4j.quantization.selective.SelectiveQuantizerParams;
import io.quant4j.tensor.Tensor;
import java.util.Set;

/**
 * Selective quantization: a skip list, a block replaced by name with a quantization-friendly
 * version, and a user's own block with a {@link Residual} registered with its quantized
 * counterpart.
 */
public final class SelectiveQuantizationExample {
    private SelectiveQuantizationExample() {}

    /** A user block: {@code relu(linear(x)) + residual(x)}; the placeholder marks the shortcut. */
    public static class MyHead extends Module {
        private final int features;

        public MyHead(int features) {
            this.features = features;
            register("linear", new Linear(features, features));
            register("relu", new ReLU());
            register("residual", new Residual());
        }

        public int features() {
            return features;
        }

        @Override
        protected Tensor forwardImpl(Tensor x) {
            return children().get("relu").forward(children().get("linear").forward(x)).add(children().get("residual").forward(x));
        }
    }

    /** Its quantized counterpart: built from {@code features} (read from MyHead), quantizes the block's output too. */
    public static class MyQuantHead extends MyHead {
        public MyQuantHead(int features, QuantDescriptor inputDesc) {
            super(features);
            register("output_quantizer", new TensorQuantizer(inputDesc));
        }

        @Override
        protected Tensor forwardImpl(Tensor x) {
            return children().get("output_quantizer").forward(super.forwardImpl(x));
        }
    }

    /** The resnet_fmnist classifier with a residual head inserted before fc. */
    static Module modelWithHead() {
        Module m = Models.get("resnet_fmnist", ModelOptions.pretrainedWeights());
        Module fc = m.get("fc");
        m.replace("fc", new Sequential(new MyHead(64), fc));
        // the head starts as identity + relu(0): zero the new linear so the pretrained accuracy holds
        Linear l = (Linear) m.get("fc.0.linear");
        l.weight().assign(Tensor.zeros(64, 64));
        l.bias().assign(Tensor.zeros(64));
        return m;
    }

    /** Quantizes and calibrates; returns the report. */
    public static QuantizationReport run(int calibBatches) {
        QuantizationRegistry.register(MyHead.class, MyQuantHead.class, ReplacementAction.REPLACE_AND_RECURSE);
        try (Module model = modelWithHead()) {
            SelectiveQuantizer sq = new SelectiveQuantizer(SelectiveQuantizerParams.defaults().withVerbose(true))
                    .registerSkipQuantization(Set.of("conv1"))                      // keep the stem float
                    .registerQuantizationMapping(Set.of("fc.1"), QuantizedMetadata.of(ReplacementAction.REPLACE,
                            "QuantLinear", (f, in, w) -> QuantLinear.fromFloat((Linear) f, in, w.withAxis(null))));
            PtqResult r = Ptq.run(model, sq, ExampleData.images(ExampleData.train(64, calibBatches * 64)),
                    CalibrationParams.defaults().withBatches(calibBatches), false);
            r.model().close();
            return r.report();
        } finally {
            QuantizationRegistry.unregister(MyHead.class);
        }
    }

    public static void main(String[] args) {
        System.out.print(run(4).format());
    }
}
