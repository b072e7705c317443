package io.quant4j.bench;

import io.quant4j.tensor.Tensor;
import java.util.Random;

/**
 * The arguments of the step benchmarks ({@code MODEL BATCH CxHxW STEPS}) and a seeded random
 * batch of that shape (normal inputs, labels in 0..9).
 *
 * @param model zoo name
 * @param batch batch size
 * @param c channels
 * @param h height
 * @param w width
 * @param steps measured steps
 * @param x input values
 * @param y labels
 */
record StepArgs(String model, int batch, long c, long h, long w, int steps, float[] x, long[] y) {
    static StepArgs parse(String[] args, int defaultSteps) {
        String model = args.length > 0 ? args[0] : "resnet_fmnist";
        int batch = args.length > 1 ? Integer.parseInt(args[1]) : 128;
        String[] chw = (args.length > 2 ? args[2] : "1x28x28").split("x");
        int steps = args.length > 3 ? Integer.parseInt(args[3]) : defaultSteps;
        long c = Long.parseLong(chw[0]);
        long h = Long.parseLong(chw[1]);
        long w = Long.parseLong(chw[2]);
        Random r = new Random(0);
        float[] x = new float[(int) (batch * c * h * w)];
        for (int i = 0; i < x.length; i++) {
            x[i] = (float) r.nextGaussian();
        }
        long[] y = new long[batch];
        for (int i = 0; i < batch; i++) {
            y[i] = r.nextInt(10);
        }
        return new StepArgs(model, batch, c, h, w, steps, x, y);
    }

    /** The input batch {@code batch x c x h x w}, created in the current scope. */
    Tensor images() {
        return Tensor.fromFloats(x, batch, c, h, w);
    }

    /** The labels, created in the current scope. */
    Tensor labels() {
        return Tensor.fromLongs(y, batch);
    }

    /** {@code model batch B CxHxW}, for the printed line. */
    String describe() {
        return model + " batch " + batch + " " + c + "x" + h + "x" + w;
    }
}
