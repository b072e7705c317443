package io.quant4j.bench;

import io.quant4j.nn.Module;
import io.quant4j.tensor.Engines;
import io.quant4j.train.Sgd;
import java.util.Arrays;

/**
 * QAT training step vs FP32 training step of the same model and batch, interleaved step by step
 * (so machine noise hits both alike); medians of the step and of its forward, backward and update.
 *
 * <pre>
 *   quant4j-bench/run QatStepBench resnet_fmnist 128 1x28x28 40
 *   quant4j-bench/run QatStepBench resnet18 8 3x224x224 10
 * </pre>
 *
 * {@code -Dbench.only=fp32|qat} runs one side only (for a profiler).
 */
public final class QatStepBench {
    private QatStepBench() {}

    public static void main(String[] args) {
        StepArgs a = StepArgs.parse(args, 40);
        try (Module fp32 = StepWorkload.fp32(a)) {
            Module qat = StepWorkload.qat(fp32, a);
            String only = System.getProperty("qat.disable", "");
            if (!only.isEmpty()) {
                qat.namedModules().forEach((path, mod) -> {
                    if (mod instanceof io.quant4j.quantization.TensorQuantizer tq && path.matches(only)) {
                        tq.disable();
                    }
                });
            }
            fp32.train();
            qat.train();
            Sgd of = StepWorkload.sgd(fp32);
            Sgd oq = StepWorkload.sgd(qat);
            int steps = a.steps();
            int warm = Math.max(3, steps / 5);
            double[][] tf = new double[PHASES.length + 1][steps];
            double[][] tq = new double[PHASES.length + 1][steps];
            for (int i = 0; i < warm + steps; i++) {
                String side = System.getProperty("bench.only", "");
                double[] f = side.equals("qat") ? new double[4] : StepWorkload.step(fp32, of, a);
                double[] q = side.equals("fp32") ? new double[4] : StepWorkload.step(qat, oq, a);
                for (int p = 0; i >= warm && p < f.length; p++) {
                    tf[p][i - warm] = f[p];
                    tq[p][i - warm] = q[p];
                }
            }
            double mf = median(tf[PHASES.length]);
            double mq = median(tq[PHASES.length]);
            System.out.printf("%s, %d threads: FP32 step %.1f ms, QAT step %.1f ms, ratio %.2f (medians of %d interleaved steps)%n",
                    a.describe(), Engines.threads(), mf, mq, mq / mf, steps);
            for (int p = 0; p < PHASES.length; p++) {
                System.out.printf("  %-8s FP32 %6.1f ms, QAT %6.1f ms%n", PHASES[p], median(tf[p]), median(tq[p]));
            }
            System.out.println("fake quantization: " + io.quant4j.tensor.VectorLoops.describe());
            System.out.println(Timing.peakRss());
            qat.close();
        }
    }

    private static final String[] PHASES = {"forward", "backward", "update"};

    private static double median(double[] v) {
        double[] c = v.clone();
        Arrays.sort(c);
        return Timing.median(c);
    }
}
