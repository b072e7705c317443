package io.quant4j.examples;

import io.quant4j.cli.QuantizationService;
import io.quant4j.data.DataLoader;
import io.quant4j.models.ModelOptions;
import io.quant4j.models.Models;
import io.quant4j.nn.Module;
import io.quant4j.quantization.ptq.CalibrationParams;
import io.quant4j.quantization.selective.SelectiveQuantizerParams;
import io.quant4j.quantization.target.QuantizationSpec;
import io.quant4j.train.Evaluator;
import io.quant4j.train.Trainer;
import io.quant4j.train.TrainingParams;
import io.quant4j.train.TrainingResult;
import java.nio.file.Path;

/**
 * QAT with the {@link Trainer}: PTQ (through the service the CLI uses), then fine-tune the fake-quantized model (straight-through
 * estimator) with SuperGradients' QAT rules of thumb: 1 epoch, lr 0.001 with cosine to 1 %,
 * weight decay 5e-6.
 */
public final class QatExample {
    private QatExample() {}

    /** {@code [ptq top-1, qat top-1]} after training on {@code trainImages} images. */
    public static double[] run(Path runDir, int trainImages, int testImages) {
        try (Module fp32 = Models.get("resnet_fmnist", ModelOptions.pretrainedWeights())) {
            DataLoader train = ExampleData.train(128, trainImages);
            DataLoader test = ExampleData.test(256, testImages);
            QuantizationSpec spec = QuantizationSpec.defaults().withParams(SelectiveQuantizerParams.defaults().withVerbose(false));
            QuantizationService.Calibrated ptq = new QuantizationService(System.out).ptq(fp32, spec,
                    QuantizationService.inputShape(Models.info("resnet_fmnist").input()), train, CalibrationParams.defaults().withBatches(4), false);
            try (Module q = ptq.model()) {
                double before = Evaluator.evaluate(q, test).top1();
                TrainingParams p = TrainingParams.builder().epochs(1).lr(0.001).weightDecay(5e-6).finalLrRatio(0.01)
                        .warmupEpochs(0).build();
                TrainingResult r = new Trainer(p).fit(q, train, test, runDir);
                return new double[] {before, r.finalTop1()};
            }
        }
    }

    public static void main(String[] args) {
        double[] r = run(Path.of("runs", "qat-example"), 0, 0);
        System.out.printf("PTQ %.2f %% -> QAT %.2f %%%n", 100 * r[0], 100 * r[1]);
    }
}
