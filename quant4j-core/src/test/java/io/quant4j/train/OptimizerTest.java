package io.quant4j.train;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.quant4j.nn.Parameter;
import io.quant4j.tensor.Autograd;
import io.quant4j.tensor.Scope;
import io.quant4j.tensor.Tensor;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

/** Optimizer updates against PyTorch's formulas, computed here independently in double precision. */
class OptimizerTest {
    private static final double[] P0 = {1.0, -0.5, 0.25};
    private static final double[][] GRADS = {{2.0, 0.5, -1.0}, {1.0, -0.25, 0.5}, {-0.5, 1.5, 0.0}, {0.3, 0.3, -2.0}, {1.0, 1.0, 1.0}};
    private static final float[] LRS = {0.5f, 0.1f, 0f, 0.2f, 0.05f};

    private static Map<String, Parameter> params() {
        Map<String, Parameter> m = new LinkedHashMap<>();
        float[] v = new float[P0.length];
        for (int i = 0; i < v.length; i++) {
            v[i] = (float) P0[i];
        }
        m.put("w", new Parameter(Tensor.fromFloats(v, 3)));
        m.put("unused", new Parameter(Tensor.fromFloats(new float[] {7f}, 1)));
        return m;
    }

    /** Sets w's gradient to g through autograd ({@code loss = sum(w * g)}). */
    private static void grad(Map<String, Parameter> ps, double[] g) {
        float[] f = new float[g.length];
        for (int i = 0; i < g.length; i++) {
            f[i] = (float) g[i];
        }
        try (Scope s = Scope.open(); Autograd.Recording r = Autograd.record()) {
            r.backward(ps.get("w").value().mul(Tensor.fromFloats(f, 3)).sum());
        }
    }

    private static void run(Optimizer opt, Map<String, Parameter> ps, int from, int to) {
        for (int t = from; t < to; t++) {
            grad(ps, GRADS[t]);
            opt.step(LRS[t]);
        }
    }

    private static void assertW(Map<String, Parameter> ps, double[] expected) {
        float[] w = ps.get("w").value().toFloatArray();
        for (int i = 0; i < w.length; i++) {
            assertThat((double) w[i]).as("w[%d]", i).isCloseTo(expected[i], within(2e-6 * Math.max(1, Math.abs(expected[i]))));
        }
        assertThat(ps.get("unused").value().toFloatArray()).containsExactly(7f);
    }

    private static double[] sgdRef(double momentum, boolean nesterov, double wd, int steps) {
        double[] p = P0.clone();
        double[] buf = null;
        for (int t = 0; t < steps; t++) {
            double[] d = new double[p.length];
            for (int i = 0; i < p.length; i++) {
                d[i] = GRADS[t][i] + wd * p[i];
            }
            if (momentum != 0) {
                if (buf == null) {
                    buf = d.clone();
                } else {
                    for (int i = 0; i < p.length; i++) {
                        buf[i] = momentum * buf[i] + d[i];
                    }
                }
            }
            for (int i = 0; i < p.length; i++) {
                double u = momentum == 0 ? d[i] : nesterov ? d[i] + momentum * buf[i] : buf[i];
                p[i] -= LRS[t] * u;
            }
        }
        return p;
    }

    private static double[] adamRef(double b1, double b2, double eps, double wd, boolean decoupled, int steps) {
        double[] p = P0.clone();
        double[] m = new double[3];
        double[] v = new double[3];
        for (int t = 0; t < steps; t++) {
            double lr = LRS[t];
            for (int i = 0; i < 3; i++) {
                double g = GRADS[t][i];
                if (decoupled) {
                    p[i] *= 1 - lr * wd;
                } else {
                    g += wd * p[i];
                }
                m[i] = b1 * m[i] + (1 - b1) * g;
                v[i] = b2 * v[i] + (1 - b2) * g * g;
                double bc1 = 1 - Math.pow(b1, t + 1);
                double bc2 = 1 - Math.pow(b2, t + 1);
                p[i] -= lr / bc1 * m[i] / (Math.sqrt(v[i]) / Math.sqrt(bc2) + eps);
            }
        }
        return p;
    }

    @Test
    void sgdWorkedExample() {
        Map<String, Parameter> ps = new LinkedHashMap<>();
        ps.put("p", new Parameter(Tensor.fromFloats(new float[] {1f}, 1)));
        Sgd sgd = new Sgd(ps, 0.9f, false, 0.1f);
        for (float[] gl : new float[][] {{2f, 0.5f}, {1f, 0.5f}}) {
            try (Scope s = Scope.open(); Autograd.Recording r = Autograd.record()) {
                r.backward(ps.get("p").value().mul(gl[0]).sum());
            }
            sgd.step(gl[1]);
        }
        assertThat(ps.get("p").value().item()).isCloseTo(-1.4925f, within(1e-6f));
        sgd.close();
    }

    @Test
    void sgdMatchesPyTorchWithChangingLearningRates() {
        for (double[] cfg : new double[][] {{0.9, 0, 0.01}, {0.9, 1, 0.01}, {0, 0, 0.05}, {0.5, 0, 0}}) {
            Map<String, Parameter> ps = params();
            Sgd sgd = new Sgd(ps, (float) cfg[0], cfg[1] == 1, (float) cfg[2]);
            run(sgd, ps, 0, 5);
            assertW(ps, sgdRef(cfg[0], cfg[1] == 1, cfg[2], 5));
            assertThat(sgd.steps()).isEqualTo(5);
            sgd.close();
        }
    }

    @Test
    void adamAndAdamWMatchPyTorch() {
        Map<String, Parameter> a = params();
        Adam adam = new Adam(a, 0.9f, 0.999f, 1e-8f, 0.01f, n -> true);
        run(adam, a, 0, 5);
        assertW(a, adamRef(0.9, 0.999, 1e-8, 0.01, false, 5));
        Map<String, Parameter> w = params();
        AdamW adamw = new AdamW(w, 0.8f, 0.99f, 1e-3f, 0.1f, n -> true);
        run(adamw, w, 0, 5);
        assertW(w, adamRef(0.8, 0.99, 1e-3, 0.1, true, 5));
        adam.close();
        adamw.close();
    }

    @Test
    void adamFirstStepMovesByTheLearningRate() {
        Map<String, Parameter> ps = new LinkedHashMap<>();
        ps.put("p", new Parameter(Tensor.fromFloats(new float[] {1f}, 1)));
        Adam adam = new Adam(ps, 0.9f, 0.999f, 1e-8f, 0f, n -> true);
        try (Scope s = Scope.open(); Autograd.Recording r = Autograd.record()) {
            r.backward(ps.get("p").value().mul(2f).sum());
        }
        adam.step(0.1f);
        assertThat(ps.get("p").value().item()).isCloseTo(0.9f, within(1e-6f));
        adam.close();
    }

    @Test
    void weightDecayFollowsThePredicate() {
        Map<String, Parameter> ps = params();
        Sgd sgd = new Sgd(ps, 0.9f, false, 0.5f, name -> !name.equals("w"));
        run(sgd, ps, 0, 2);
        assertW(ps, sgdRef(0.9, false, 0, 2));
        assertThat(sgd.decayed()).containsExactly("unused");
        sgd.close();
    }

    private void stateRoundTrip(Function<Map<String, Parameter>, Optimizer> make, String... stateNames) {
        Map<String, Parameter> straight = params();
        Optimizer a = make.apply(straight);
        run(a, straight, 0, 5);

        Map<String, Parameter> resumed = params();
        Optimizer b = make.apply(resumed);
        run(b, resumed, 0, 2);
        Optimizer c = make.apply(resumed);
        try (Scope s = Scope.open()) {
            Map<String, Tensor> st = b.state();
            assertThat(st.keySet()).containsExactlyInAnyOrder(stateNames);
            c.loadState(st);
        }
        c.steps(b.steps());
        b.close();
        run(c, resumed, 2, 5);
        assertThat(resumed.get("w").value().toFloatArray()).as("bit-identical after resuming")
                .containsExactly(straight.get("w").value().toFloatArray());
        assertThat(c.steps()).isEqualTo(5);
        a.close();
        c.close();
    }

    @Test
    void stateRoundTripsAndTrainingContinuesIdentically() {
        stateRoundTrip(ps -> new Sgd(ps, 0.9f, false, 0.01f), "w.momentum_buffer", "w.momentum_lr_scaled", "w.momentum_lr");
        stateRoundTrip(ps -> new Sgd(ps, 0.9f, true, 0.01f), "w.momentum_buffer", "w.momentum_lr_scaled", "w.momentum_lr");
        stateRoundTrip(ps -> new Adam(ps), "w.exp_avg", "w.exp_avg_sq", "w.step");
        stateRoundTrip(ps -> new AdamW(ps), "w.exp_avg", "w.exp_avg_sq", "w.step");
        stateRoundTrip(ps -> new Lamb(ps, 0.9f, 0.999f, 1e-8f, 0.01f, n -> true), "w.exp_avg", "w.exp_avg_sq", "w.step");
    }

    @Test
    void momentumBufferIsPyTorchsUnscaledBuffer() {
        Map<String, Parameter> ps = params();
        Sgd sgd = new Sgd(ps, 0.9f, false, 0f);
        run(sgd, ps, 0, 2);
        try (Scope s = Scope.open()) {
            float[] buf = sgd.state().get("w.momentum_buffer").toFloatArray();
            for (int i = 0; i < 3; i++) {
                assertThat((double) buf[i]).isCloseTo(0.9 * GRADS[0][i] + GRADS[1][i], within(1e-6));
            }
        }
        sgd.close();
    }

    @Test
    void pyTorchsMomentumBufferAloneResumesWithinRounding() {
        Map<String, Parameter> straight = params();
        Sgd a = new Sgd(straight, 0.9f, false, 0.01f);
        run(a, straight, 0, 5);
        Map<String, Parameter> resumed = params();
        Sgd b = new Sgd(resumed, 0.9f, false, 0.01f);
        run(b, resumed, 0, 2);
        Sgd c = new Sgd(resumed, 0.9f, false, 0.01f);
        try (Scope s = Scope.open()) {
            c.loadState(Map.of("w.momentum_buffer", b.state().get("w.momentum_buffer")));
        }
        b.close();
        run(c, resumed, 2, 5);
        assertW(resumed, sgdRef(0.9, false, 0.01, 5));
        a.close();
        c.close();
    }
}
