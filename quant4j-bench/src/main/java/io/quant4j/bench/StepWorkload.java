package io.quant4j.bench;

import io.quant4j.data.DataLoader;
import io.quant4j.data.Datasets;
import io.quant4j.data.LoaderOptions;
import io.quant4j.data.Normalize;
import io.quant4j.data.Split;
import io.quant4j.models.ModelOptions;
import io.quant4j.models.Models;
import io.quant4j.nn.Module;
import io.quant4j.quantization.ptq.CalibrationParams;
import io.quant4j.quantization.ptq.Ptq;
import io.quant4j.quantization.selective.SelectiveQuantizer;
import io.quant4j.quantization.selective.SelectiveQuantizerParams;
import io.quant4j.tensor.Autograd;
import io.quant4j.tensor.Scope;
import io.quant4j.tensor.Tensor;
import io.quant4j.train.Sgd;
import java.util.List;
import java.util.function.Supplier;

/**
 * The training-step workload of the step benches: the model of {@link StepArgs} (for
 * {@code resnet_fmnist 1x28x28}: the pretrained weights and one batch of Fashion-MNIST training
 * images, unless {@code -Dqat.random=true}; otherwise random weights and inputs), its QAT copy
 * (PTQ with the default descriptors, calibrated on the batch), and one step: zero grad, forward,
 * cross entropy, backward, SGD (momentum 0.9, weight decay 5e-4, lr 0.01).
 */
final class StepWorkload {
    private StepWorkload() {}

    /** The float model; for the real workload, also fills {@code a}'s batch with training images. */
    static Module fp32(StepArgs a) {
        boolean real = a.model().equals("resnet_fmnist") && a.c() == 1 && a.h() == 28 && a.w() == 28
                && !Boolean.getBoolean("qat.random");
        if (real) {
            DataLoader loader = new DataLoader(Datasets.fashionMnist(Split.TRAIN),
                    LoaderOptions.training(a.batch()).withTransform(Normalize.FASHION_MNIST));
            try (var stream = loader.epoch(0)) {
                var b = stream.next();
                System.arraycopy(b.imageData(), 0, a.x(), 0, a.x().length);
                System.arraycopy(b.labelData(), 0, a.y(), 0, a.batch());
            }
        }
        return Models.get(a.model(), real ? ModelOptions.pretrainedWeights()
                : ModelOptions.defaults().withInChannels((int) a.c()).withClasses(10));
    }

    /** The QAT copy of {@code fp32}: default descriptors, calibrated on the batch. */
    static Module qat(Module fp32, StepArgs a) {
        List<Supplier<Tensor>> calib = List.of(a::images);
        return Ptq.run(fp32, new SelectiveQuantizer(SelectiveQuantizerParams.defaults().withVerbose(false)),
                calib.iterator(), CalibrationParams.defaults().withBatches(1), false).model();
    }

    /** The optimizer of a step. */
    static Sgd sgd(Module m) {
        return new Sgd(m.namedParameters(), 0.9f, false, 5e-4f);
    }

    /** Milliseconds of forward (with the loss), backward, optimizer update, and the whole step. */
    static double[] step(Module m, Sgd opt, StepArgs a) {
        long t0 = System.nanoTime();
        long t1;
        long t2;
        try (Scope s = Scope.open()) {
            try (Autograd.Recording rec = Autograd.record()) {
                Tensor loss = m.forward(a.images()).crossEntropy(a.labels(), 0f);
                loss.item();
                t1 = System.nanoTime();
                rec.backward(loss);
                t2 = System.nanoTime();
            }
            opt.step(0.01f);
        }
        long t3 = System.nanoTime();
        return new double[] {(t1 - t0) / 1e6, (t2 - t1) / 1e6, (t3 - t2) / 1e6, (t3 - t0) / 1e6};
    }
}
