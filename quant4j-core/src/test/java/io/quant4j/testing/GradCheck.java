package io.quant4j.testing;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import io.quant4j.tensor.Autograd;
import io.quant4j.tensor.Scope;
import io.quant4j.tensor.Tensor;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.function.Function;

/**
 * Central finite-difference gradient checks in float64: {@code L = sum(f(inputs) * r)} for a fixed
 * random {@code r}; the autograd gradient of every input must match
 * {@code (L(x + eps e_i) - L(x - eps e_i)) / 2 eps} at sampled elements.
 */
public final class GradCheck {
    private GradCheck() {}

    /** Float64 tensor in the current scope. */
    public static Tensor doubles(double[] v, long... shape) {
        return Tensor.of(Scope.creationManager().create(v, new Shape(shape)));
    }

    /** Random float64 values in [-1, 1). */
    public static double[] random(Random rnd, long... shape) {
        long n = 1;
        for (long d : shape) {
            n *= d;
        }
        double[] out = new double[(int) n];
        for (int i = 0; i < out.length; i++) {
            out[i] = rnd.nextDouble() * 2 - 1;
        }
        return out;
    }

    /**
     * Checks the gradients of {@code f} with respect to each input.
     *
     * @param f the function under test (float64 in, any shape out)
     * @param values input values
     * @param shapes input shapes
     * @param samples elements checked per input (all when smaller)
     * @param tol absolute + relative tolerance
     */
    public static void check(Function<List<Tensor>, Tensor> f, List<double[]> values, List<long[]> shapes,
                             int samples, double tol) {
        Random rnd = new Random(42);
        try (Scope s = Scope.open()) {
            List<Tensor> leaves = new ArrayList<>();
            for (int i = 0; i < values.size(); i++) {
                leaves.add(doubles(values.get(i), shapes.get(i)).requiresGrad(true));
            }
            Tensor y0;
            double[] r;
            List<double[]> analytic = new ArrayList<>();
            try (Autograd.Recording rec = Autograd.record()) {
                y0 = f.apply(leaves);
                r = random(new Random(7), y0.shape());
                Tensor loss = y0.mul(doubles(r, y0.shape())).sum();
                rec.backward(loss);
            }
            for (Tensor l : leaves) {
                analytic.add(l.grad().ndArray().toType(DataType.FLOAT64, false).toDoubleArray());
            }
            for (int i = 0; i < values.size(); i++) {
                double[] v = values.get(i);
                int n = v.length;
                for (int k = 0; k < Math.min(samples, n); k++) {
                    int idx = samples >= n ? k : rnd.nextInt(n);
                    double eps = 1e-6;
                    double plus = loss(f, values, shapes, i, idx, eps, r);
                    double minus = loss(f, values, shapes, i, idx, -eps, r);
                    double numeric = (plus - minus) / (2 * eps);
                    double a = analytic.get(i)[idx];
                    assertThat(Math.abs(a - numeric))
                            .as("input %d element %d: autograd %s vs numeric %s", i, idx, a, numeric)
                            .isLessThanOrEqualTo(tol * (1 + Math.abs(numeric)));
                }
            }
        }
    }

    private static double loss(Function<List<Tensor>, Tensor> f, List<double[]> values, List<long[]> shapes,
                               int which, int idx, double delta, double[] r) {
        try (Scope s = Scope.open(); Autograd.Recording off = Autograd.noGrad()) {
            List<Tensor> in = new ArrayList<>();
            for (int i = 0; i < values.size(); i++) {
                double[] v = values.get(i).clone();
                if (i == which) {
                    v[idx] += delta;
                }
                in.add(doubles(v, shapes.get(i)));
            }
            Tensor y = f.apply(in);
            return y.mul(doubles(r, y.shape())).sum().ndArray().toType(DataType.FLOAT64, false).toDoubleArray()[0];
        }
    }
}
