package io.quant4j.examples;

import io.quant4j.models.ModelOptions;
import io.quant4j.models.Models;
import io.quant4j.nn.Module;
import io.quant4j.quantization.calib.AmaxMethod;
import io.quant4j.quantization.ptq.CalibrationParams;
import io.quant4j.quantization.ptq.QuantizationCalibrator;
import io.quant4j.quantization.selective.SelectiveQuantizer;
import io.quant4j.train.Evaluator;

/**
 * Hybrid PTQ in a few lines: {@code Models.get} -> {@link SelectiveQuantizer} (SuperGradients'
 * defaults) -> {@link QuantizationCalibrator} -> evaluate.
 */
public final class HybridPtqExample {
    private HybridPtqExample() {}

    /** FP32 and INT8 (simulated) top-1 on {@code testImages} test images after calibrating on {@code calibBatches} x 128. */
    public static double[] run(int calibBatches, int testImages) {
        try (Module model = Models.get("resnet_fmnist", ModelOptions.pretrainedWeights())) {
            double fp32 = Evaluator.evaluate(model, ExampleData.test(256, testImages)).top1();
            new SelectiveQuantizer().quantize(model);                              // in place
            // true: a progress bar; SG's verbose (every quantizer with its amax) is CalibrationParams.withVerbose
            new QuantizationCalibrator(true).calibrate(model, ExampleData.images(ExampleData.train(128, 0)),
                    CalibrationParams.defaults().withMethod(AmaxMethod.percentile(99.99)).withBatches(calibBatches));
            double int8 = Evaluator.evaluate(model, ExampleData.test(256, testImages)).top1();
            return new double[] {fp32, int8};
        }
    }

    public static void main(String[] args) {
        double[] r = run(4, 0);
        System.out.printf("FP32 %.2f %% -> INT8 %.2f %%%n", 100 * r[0], 100 * r[1]);
    }
}
