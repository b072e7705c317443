package io.quant4j.train;

import ai.djl.ndarray.NDManager;
import ai.djl.pytorch.engine.PtNDArray;
import ai.djl.pytorch.jni.JniUtils;
import io.quant4j.nn.Parameter;
import io.quant4j.tensor.Autograd;
import io.quant4j.tensor.Engines;
import java.util.Map;

/**
 * The loop every optimizer step runs: under no-grad, for each trainable parameter that has a
 * gradient, hand the weight and its gradient (a handle freed with the step's temporaries) to an
 * update, then zero the gradient.
 */
final class GradientSweep {
    /** One parameter's in-place update; temporaries go to {@code tmp}. */
    @FunctionalInterface
    interface Update {
        void apply(String name, PtNDArray weight, PtNDArray grad, NDManager tmp);
    }

    private GradientSweep() {}

    static void run(Map<String, Parameter> params, Update update) {
        try (Autograd.Recording off = Autograd.noGrad(); NDManager tmp = Engines.root().newSubManager()) {
            for (Map.Entry<String, Parameter> e : params.entrySet()) {
                Parameter p = e.getValue();
                if (!p.trainable()) {
                    continue;
                }
                PtNDArray w = (PtNDArray) p.value().ndArray();
                PtNDArray g = JniUtils.getGradient(w);
                if (g == null) {
                    continue;
                }
                g.attach(tmp);
                update.apply(e.getKey(), w, g, tmp);
                JniUtils.zeroGrad(w);
            }
        }
    }
}
