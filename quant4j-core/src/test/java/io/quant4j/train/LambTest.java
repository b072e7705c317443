package io.quant4j.train;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.quant4j.nn.Parameter;
import io.quant4j.tensor.Autograd;
import io.quant4j.tensor.Scope;
import io.quant4j.tensor.Tensor;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** LAMB against its formula, computed here independently in double precision. */
class LambTest {
    private static final double[] P0 = {1.0, -0.5, 0.25};
    private static final double[][] GRADS = {{2.0, 0.5, -1.0}, {1.0, -0.25, 0.5}, {-0.5, 1.5, 0.0}, {0.3, 0.3, -2.0}};
    private static final float[] LRS = {0.05f, 0.1f, 0f, 0.02f};

    private static Map<String, Parameter> params(double scale) {
        float[] v = new float[P0.length];
        for (int i = 0; i < v.length; i++) {
            v[i] = (float) (P0[i] * scale);
        }
        Map<String, Parameter> m = new LinkedHashMap<>();
        m.put("w", new Parameter(Tensor.fromFloats(v, 3)));
        m.put("zero", new Parameter(Tensor.fromFloats(new float[] {0f, 0f}, 2)));
        return m;
    }

    /** Gradients {@code GRADS[t] * gradScale} on w and (1, -1) on zero, through autograd. */
    private static void step(Lamb opt, Map<String, Parameter> ps, int t, double gradScale) {
        float[] f = new float[3];
        for (int i = 0; i < 3; i++) {
            f[i] = (float) (GRADS[t][i] * gradScale);
        }
        try (Scope s = Scope.open(); Autograd.Recording r = Autograd.record()) {
            Tensor loss = ps.get("w").value().mul(Tensor.fromFloats(f, 3)).sum()
                    .add(ps.get("zero").value().mul(Tensor.fromFloats(new float[] {1f, -1f}, 2)).sum());
            r.backward(loss);
        }
        opt.step(LRS[t]);
    }

    private static double[] lambRef(double b1, double b2, double eps, double wd, int steps) {
        double[] p = P0.clone();
        double[] m = new double[3];
        double[] v = new double[3];
        for (int t = 0; t < steps; t++) {
            double[] r = new double[3];
            double bc1 = 1 - Math.pow(b1, t + 1);
            double bc2 = 1 - Math.pow(b2, t + 1);
            double pn = 0;
            double rn = 0;
            for (int i = 0; i < 3; i++) {
                double g = GRADS[t][i];
                m[i] = b1 * m[i] + (1 - b1) * g;
                v[i] = b2 * v[i] + (1 - b2) * g * g;
                r[i] = m[i] / bc1 / (Math.sqrt(v[i] / bc2) + eps) + wd * p[i];
                pn += p[i] * p[i];
                rn += r[i] * r[i];
            }
            double trust = Math.sqrt(pn) / Math.sqrt(rn);
            for (int i = 0; i < 3; i++) {
                p[i] -= LRS[t] * trust * r[i];
            }
        }
        return p;
    }

    @Test
    void matchesTheFormula() {
        Map<String, Parameter> ps = params(1);
        Lamb lamb = new Lamb(ps, 0.9f, 0.999f, 1e-6f, 0.01f, n -> true);
        for (int t = 0; t < 4; t++) {
            step(lamb, ps, t, 1);
        }
        double[] want = lambRef(0.9, 0.999, 1e-6, 0.01, 4);
        float[] w = ps.get("w").value().toFloatArray();
        for (int i = 0; i < 3; i++) {
            assertThat((double) w[i]).as("w[%d]", i).isCloseTo(want[i], within(2e-6));
        }
        assertThat(lamb.kind()).isEqualTo("lamb");
        lamb.close();
    }

    @Test
    void eachStepMovesATensorByTheLearningRateTimesItsNorm() {
        Map<String, Parameter> ps = params(1);
        Lamb lamb = new Lamb(ps, 0.9f, 0.999f, 1e-8f, 0f, n -> true);
        step(lamb, ps, 0, 1);
        float[] w = ps.get("w").value().toFloatArray();
        double moved = 0;
        double norm = 0;
        for (int i = 0; i < 3; i++) {
            moved += (w[i] - P0[i]) * (w[i] - P0[i]);
            norm += P0[i] * P0[i];
        }
        assertThat(Math.sqrt(moved)).isCloseTo(LRS[0] * Math.sqrt(norm), within(1e-6));
        // a tensor of norm zero moves by lr times Adam's direction: (-lr, +lr) on the first step
        assertThat(ps.get("zero").value().toFloatArray()).containsExactly(new float[] {-LRS[0], LRS[0]}, within(1e-7f));
        lamb.close();
    }

    @Test
    void theStepIsInvariantToTheTensorsScale() {
        Map<String, Parameter> unit = params(1);
        Map<String, Parameter> tiny = params(1e-4);
        Lamb a = new Lamb(unit, 0.9f, 0.999f, 0f, 0f, n -> true);
        Lamb b = new Lamb(tiny, 0.9f, 0.999f, 0f, 0f, n -> true);
        for (int t = 0; t < 4; t++) {
            step(a, unit, t, 1);
            step(b, tiny, t, 1e4);
        }
        float[] u = unit.get("w").value().toFloatArray();
        float[] s = tiny.get("w").value().toFloatArray();
        for (int i = 0; i < 3; i++) {
            assertThat((double) s[i] * 1e4).as("w[%d] scaled back", i).isCloseTo(u[i], within(1e-5 * Math.abs(u[i])));
            assertThat((double) u[i]).as("w[%d] moved", i).isNotCloseTo(P0[i], within(1e-3));
        }
        a.close();
        b.close();
    }
}
