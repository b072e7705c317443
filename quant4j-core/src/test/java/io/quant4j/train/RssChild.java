package io.quant4j.train;

import io.quant4j.data.DataLoader;
import io.quant4j.data.LoaderOptions;
import io.quant4j.data.Normalize;
import io.quant4j.models.ModelOptions;
import io.quant4j.models.Models;
import io.quant4j.nn.Module;
import java.nio.file.Path;

/**
 * A training run for {@link NativeMemoryTest} in a JVM whose heap is fixed and pre-touched, so
 * that resident memory changes only with native memory: {@code RssChild RUN_DIR EPOCHS}. Prints
 * {@code RSS step kib} every 10 steps.
 */
public final class RssChild {
    private RssChild() {}

    public static void main(String[] args) {
        Path run = Path.of(args[0]);
        int epochs = Integer.parseInt(args[1]);
        Module model = Models.get("resnet_fmnist", ModelOptions.defaults());
        DataLoader train = new DataLoader(Synthetic.make(640, 28, 3), LoaderOptions.training(32).withTransform(Normalize.FASHION_MNIST));
        DataLoader val = new DataLoader(Synthetic.make(64, 28, 4), LoaderOptions.evaluation(32));
        TrainingParams p = TrainingParams.builder().epochs(epochs).batchSize(32).lr(0.02).build();
        new Trainer(p).progress(ProgressMode.NONE).callback(new TrainingCallback() {
            @Override
            public void onBatchEnd(TrainingContext ctx, StepInfo s) {
                if (s.globalStep() % 10 == 0) {
                    System.out.println("RSS " + s.globalStep() + " " + NativeMemoryTest.rssKb());
                    System.out.flush();
                }
            }
        }).fit(model, train, val, run);
    }
}
