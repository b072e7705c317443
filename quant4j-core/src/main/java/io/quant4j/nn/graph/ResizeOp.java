package io.quant4j.nn.graph;

import io.quant4j.tensor.GraphTensorOps;
import io.quant4j.tensor.Tensor;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Resize (opsets 10, 11, 13, 18, 19) and Upsample (opset 9), exact for every mode: each resized
 * axis is a matrix product {@code y = M x} with the interpolation matrix {@link ResizeWeights}
 * computes on the host (identity axes are skipped), so autograd differentiates it and any
 * coordinate transformation, nearest mode or cubic coefficient is the ONNX reference's.
 *
 * <p>Inputs: {@code X, scales} (opset 10, Upsample); {@code X, roi, scales, sizes} (11+; one of
 * scales and sizes, an empty tensor meaning absent). Output length per axis:
 * {@code floor(in * scale)}, or the size given; opset 18's {@code axes} restrict both to some axes
 * and {@code keep_aspect_ratio_policy} (not_larger / not_smaller) replaces the sizes by one scale
 * {@code min} (or {@code max}) of {@code size / in}, output {@code round(in * scale)}. Before
 * opset 11 the coordinates are asymmetric and nearest rounds down when upsampling, up when
 * downsampling (as ONNX Runtime does).
 */
final class ResizeOp {
    private ResizeOp() {}

    private static final Set<String> COORDINATES = Set.of("half_pixel", "half_pixel_symmetric", "pytorch_half_pixel", "align_corners",
            "asymmetric", "tf_half_pixel_for_nn", "tf_crop_and_resize");
    private static final Set<String> NEAREST = Set.of("round_prefer_floor", "round_prefer_ceil", "floor", "ceil");

    static void register(Map<String, GraphOp> t) {
        t.put("Resize", ResizeOp::resize);
        t.put("Upsample", ResizeOp::resize);
    }

    private static List<Value> resize(OpCall c) {
        Tensor x = c.dense(0);
        long[] s = x.shape();
        int r = s.length;
        boolean legacy = c.node().op().equals("Upsample") || c.opset() < 11;
        ResizeWeights.Settings st = settings(c, legacy);
        int[] axes = c.opset() >= 18 && c.node().attributes().containsKey("axes") ? Axes.of(c, c.node().attrLongs("axes", null), r)
                : Axes.all(r);
        double[] scales = new double[r];
        long[] out = s.clone();
        double[] lengthOut = new double[r];
        Arrays.fill(scales, 1);
        for (int a = 0; a < r; a++) {
            lengthOut[a] = s[a];
        }
        float[] given = floats(c, legacy ? 1 : 2);
        long[] sizes = !legacy && c.has(3) && c.ints(3).size() > 0 ? c.longs(3) : null;
        if ((given == null) == (sizes == null)) {
            throw c.error("expected exactly one of scales and sizes, found " + (given == null ? "neither" : "both"),
                    "Give the scales or the sizes (the other one empty or absent).");
        }
        if (given != null) {
            check(c, "scales", given.length, axes.length);
            for (int i = 0; i < axes.length; i++) {
                int a = axes[i];
                if (!(given[i] > 0)) {
                    throw c.error("expected positive scales, found " + Arrays.toString(given), "Fix the scales.");
                }
                scales[a] = given[i];
                lengthOut[a] = given[i] * (double) s[a];
                out[a] = (long) Math.floor(lengthOut[a]);
            }
        } else {
            check(c, "sizes", sizes.length, axes.length);
            String policy = c.opset() >= 18 ? c.node().attrString("keep_aspect_ratio_policy", "stretch") : "stretch";
            if (!policy.equals("stretch") && !policy.equals("not_larger") && !policy.equals("not_smaller")) {
                throw c.error("expected keep_aspect_ratio_policy stretch, not_larger or not_smaller, found " + policy, "Fix the attribute.");
            }
            double common = policy.equals("not_larger") ? Double.MAX_VALUE : 0;
            for (int i = 0; i < axes.length; i++) {
                double ratio = (double) sizes[i] / s[axes[i]];
                common = policy.equals("not_larger") ? Math.min(common, ratio) : Math.max(common, ratio);
            }
            for (int i = 0; i < axes.length; i++) {
                int a = axes[i];
                if (policy.equals("stretch")) {
                    out[a] = sizes[i];
                    scales[a] = (double) sizes[i] / s[a];
                } else {
                    scales[a] = common;
                    out[a] = Math.round(common * s[a]);
                }
                lengthOut[a] = policy.equals("stretch") ? out[a] : common * s[a];
            }
        }
        double[] roi = roi(c, r, axes, legacy);
        return OpCall.out(apply(c, x, st, out, scales, lengthOut, roi));
    }

    private static void check(OpCall c, String what, int found, int expected) {
        if (found != expected) {
            throw c.error("expected " + expected + " " + what + " (one per resized axis), found " + found, "Give one value per axis.");
        }
    }

    /** A float input as host values, or null when absent or empty. */
    private static float[] floats(OpCall c, int i) {
        if (!c.has(i)) {
            return null;
        }
        Value v = c.input(i);
        if (v instanceof Value.Ints n) {
            return n.size() == 0 ? null : toFloats(n.data());
        }
        Tensor t = ((Value.Dense) v).tensor();
        return t.size() == 0 ? null : t.toFloatArray();
    }

    private static float[] toFloats(long[] d) {
        float[] f = new float[d.length];
        for (int i = 0; i < d.length; i++) {
            f[i] = d[i];
        }
        return f;
    }

    private static double[] roi(OpCall c, int r, int[] axes, boolean legacy) {
        double[] roi = new double[2 * r];
        for (int a = 0; a < r; a++) {
            roi[r + a] = 1;
        }
        float[] given = legacy ? null : floats(c, 1);
        if (given != null && c.node().attrString("coordinate_transformation_mode", "half_pixel").equals("tf_crop_and_resize")) {
            check(c, "roi values", given.length, 2 * axes.length);
            for (int i = 0; i < axes.length; i++) {
                roi[axes[i]] = given[i];
                roi[r + axes[i]] = given[axes.length + i];
            }
        }
        return roi;
    }

    private static ResizeWeights.Settings settings(OpCall c, boolean legacy) {
        String mode = c.node().attrString("mode", "nearest");
        ResizeWeights.Mode m = switch (mode) {
            case "nearest" -> ResizeWeights.Mode.NEAREST;
            case "linear", "bilinear" -> ResizeWeights.Mode.LINEAR;
            case "cubic" -> ResizeWeights.Mode.CUBIC;
            default -> throw c.error("expected mode nearest, linear or cubic, found \"" + mode + "\"", "Fix the attribute.");
        };
        if (legacy) {
            if (m == ResizeWeights.Mode.CUBIC) {
                throw c.error("expected mode nearest or linear before opset 11, found cubic", "Declare opset 11 or newer.");
            }
            return new ResizeWeights.Settings(m, "asymmetric", "simple", -0.75, false, false);
        }
        String coords = c.node().attrString("coordinate_transformation_mode", "half_pixel");
        if (!COORDINATES.contains(coords) || (coords.equals("half_pixel_symmetric") && c.opset() < 19)) {
            throw c.error("expected coordinate_transformation_mode one of " + COORDINATES + " (half_pixel_symmetric from opset 19), found \""
                    + coords + "\" at opset " + c.opset(), "Fix the attribute.");
        }
        String nearest = c.node().attrString("nearest_mode", "round_prefer_floor");
        if (!NEAREST.contains(nearest)) {
            throw c.error("expected nearest_mode one of " + NEAREST + ", found \"" + nearest + "\"", "Fix the attribute.");
        }
        boolean antialias = c.opset() >= 18 && c.node().attrLong("antialias", 0) != 0;
        return new ResizeWeights.Settings(m, coords, nearest, c.node().attrFloat("cubic_coeff_a", -0.75f),
                c.node().attrLong("exclude_outside", 0) != 0, antialias);
    }

    /** Resamples every axis whose matrix is not the identity; tf_crop_and_resize fills the outside with extrapolation_value. */
    private static Tensor apply(OpCall c, Tensor x, ResizeWeights.Settings st, long[] out, double[] scales, double[] lengthOut,
                                double[] roi) {
        int r = x.rank();
        boolean[][] inside = new boolean[r][];
        boolean anyOutside = false;
        for (int a = r - 1; a >= 0; a--) {
            int in = (int) x.dim(a);
            int o = Math.toIntExact(out[a]);
            if (o <= 0 || in <= 0) {
                throw c.error("expected a positive output length on axis " + a + ", found " + o + " (input " + in + ")",
                        "Check the scales or sizes.");
            }
            inside[a] = new boolean[o];
            double[] m = ResizeWeights.matrix(st, in, o, scales[a], lengthOut[a], roi[a], roi[r + a], inside[a]);
            for (boolean b : inside[a]) {
                anyOutside |= !b;
            }
            if (ResizeWeights.isIdentity(m, in, o)) {
                continue;
            }
            Tensor w = GraphTensorOps.constantLike(transpose(m, o, in), new long[] {in, o}, x);
            x = a == r - 1 ? x.matmul(w) : x.permute(Axes.toLast(a, r, false)).matmul(w).permute(Axes.toLast(a, r, true));
        }
        if (anyOutside) {
            float value = c.node().attrFloat("extrapolation_value", 0f);
            long[] shape = x.shape();
            float[] fill = new float[Math.toIntExact(HostTensor.count(shape))];
            for (int i = 0; i < fill.length; i++) {
                int rem = i;
                boolean in = true;
                for (int a = r - 1; a >= 0; a--) {
                    in &= inside[a][(int) (rem % shape[a])];
                    rem /= (int) shape[a];
                }
                fill[i] = in ? 0 : value;
            }
            x = x.add(GraphTensorOps.constantLike(fill, shape, x));
        }
        return x;
    }

    private static double[] transpose(double[] m, int rows, int cols) {
        double[] t = new double[m.length];
        for (int i = 0; i < rows; i++) {
            for (int j = 0; j < cols; j++) {
                t[j * rows + i] = m[i * cols + j];
            }
        }
        return t;
    }
}
