package io.quant4j.nn.graph;

/**
 * The interpolation matrix of one axis of a Resize, as the ONNX reference computes it: row
 * {@code x} (an output position) holds the weights of the input positions that make output
 * {@code x}, so {@code y = M x} along that axis.
 *
 * <p>Output position {@code x} maps to input coordinate {@code x_o} by the coordinate
 * transformation ({@code s} the scale, {@code L_out} the output length as {@code s * L_in} or
 * the given size):
 * <pre>
 *   half_pixel            x_o = (x + 0.5) / s - 0.5
 *   half_pixel_symmetric  x_o = c (1 - L_out_int / L_out) + (x + 0.5) / s - 0.5,   c = L_in / 2
 *   pytorch_half_pixel    x_o = L_out > 1 ? (x + 0.5) / s - 0.5 : 0
 *   align_corners         x_o = L_out > 1 ? x (L_in - 1) / (L_out - 1) : 0
 *   asymmetric            x_o = x / s
 *   tf_half_pixel_for_nn  x_o = (x + 0.5) / s
 *   tf_crop_and_resize    x_o = L_out > 1 ? start (L_in - 1) + x (end - start) (L_in - 1) / (L_out - 1)
 *                                          : (start + end) (L_in - 1) / 2;  outside [0, L_in - 1]: extrapolation
 * </pre>
 * With {@code r = x_o - floor(x_o)} ({@code r = 1} when {@code x_o} is an integer), the {@code n}
 * coefficients are weights of the {@code n} input positions nearest to {@code x_o} (ties to the
 * lower one), positions outside the input reading the edge (or weighing 0 with
 * {@code exclude_outside}, the rest renormalized):
 * <pre>
 *   nearest   [0, 1] or [1, 0] by nearest_mode (round_prefer_floor, round_prefer_ceil, floor, ceil)
 *   linear    [1 - r, r]; antialias: tent of width 1/s when s &lt; 1, normalized
 *   cubic     Keys' cubic with a = cubic_coeff_a (default -0.75) at distances 1 + r, r, 1 - r, 2 - r;
 *             antialias: the kernel stretched by 1/s when s &lt; 1, normalized
 * </pre>
 */
final class ResizeWeights {
    private ResizeWeights() {}

    /** Interpolation mode. */
    enum Mode { NEAREST, LINEAR, CUBIC }

    /**
     * The settings of one resize.
     *
     * @param mode interpolation
     * @param coordinates coordinate_transformation_mode
     * @param nearest nearest_mode, or {@code "simple"} (opset 10 and Upsample: floor when upsampling, ceil when downsampling)
     * @param cubicA cubic_coeff_a
     * @param excludeOutside exclude_outside
     * @param antialias antialias (opset 18)
     */
    record Settings(Mode mode, String coordinates, String nearest, double cubicA, boolean excludeOutside, boolean antialias) {}

    /**
     * @param in input length
     * @param out output length
     * @param scale the scale ({@code out / in} when sizes were given)
     * @param lengthOut the output length for the coordinate formulas ({@code scale * in} for given scales)
     * @param roiStart roi start (tf_crop_and_resize)
     * @param roiEnd roi end
     * @param inside set per output position: false where tf_crop_and_resize extrapolates (its row is zero)
     * @return {@code out x in}, row-major
     */
    static double[] matrix(Settings st, int in, int out, double scale, double lengthOut, double roiStart, double roiEnd,
                           boolean[] inside) {
        double[] m = new double[out * in];
        for (int x = 0; x < out; x++) {
            double xo = original(st.coordinates(), x, in, out, scale, lengthOut, roiStart, roiEnd);
            inside[x] = !st.coordinates().equals("tf_crop_and_resize") || (xo >= 0 && xo <= in - 1);
            if (!inside[x]) {
                continue;
            }
            double fl = Math.floor(xo);
            double r = xo == fl ? 1 : xo - fl;
            double[] coeffs = coefficients(st, r, scale, xo, fl, in);
            long[] idx = neighbours(xo, coeffs.length, in);
            if (st.excludeOutside()) {
                double sum = 0;
                for (int j = 0; j < idx.length; j++) {
                    if (idx[j] < 0 || idx[j] >= in) {
                        coeffs[j] = 0;
                    }
                    sum += coeffs[j];
                }
                for (int j = 0; j < coeffs.length; j++) {
                    coeffs[j] /= sum;
                }
            }
            for (int j = 0; j < idx.length; j++) {
                int src = (int) Math.max(0, Math.min(in - 1, idx[j]));
                m[x * in + src] += coeffs[j];
            }
        }
        return m;
    }

    /** Whether a matrix is the identity (the axis needs no resampling). */
    static boolean isIdentity(double[] m, int in, int out) {
        if (in != out) {
            return false;
        }
        for (int i = 0; i < out; i++) {
            for (int j = 0; j < in; j++) {
                if (m[i * in + j] != (i == j ? 1 : 0)) {
                    return false;
                }
            }
        }
        return true;
    }

    static double original(String mode, int x, int in, int out, double scale, double lengthOut, double roiStart, double roiEnd) {
        return switch (mode) {
            case "half_pixel" -> (x + 0.5) / scale - 0.5;
            case "half_pixel_symmetric" -> in / 2.0 * (1 - out / lengthOut) + (x + 0.5) / scale - 0.5;
            case "pytorch_half_pixel" -> lengthOut > 1 ? (x + 0.5) / scale - 0.5 : 0;
            case "align_corners" -> lengthOut == 1 ? 0 : x * (in - 1) / (lengthOut - 1);
            case "asymmetric" -> x / scale;
            case "tf_half_pixel_for_nn" -> (x + 0.5) / scale;
            case "tf_crop_and_resize" -> lengthOut == 1 ? (roiEnd - roiStart) * (in - 1) / 2 + roiStart * (in - 1)
                    : x * (roiEnd - roiStart) * (in - 1) / (lengthOut - 1) + roiStart * (in - 1);
            default -> throw new IllegalArgumentException(mode);
        };
    }

    private static double[] coefficients(Settings st, double r, double scale, double xo, double fl, int in) {
        switch (st.mode()) {
            case NEAREST:
                boolean up;
                if (xo == fl) {
                    up = true;
                } else {
                    up = switch (st.nearest()) {
                        case "round_prefer_floor" -> r > 0.5;
                        case "round_prefer_ceil" -> r >= 0.5;
                        case "floor" -> false;
                        case "ceil" -> true;
                        default -> scale < 1;
                    };
                }
                return up ? new double[] {0, 1} : new double[] {1, 0};
            case LINEAR:
                if (!st.antialias() || scale >= 1) {
                    return new double[] {1 - r, r};
                }
                int start = (int) (Math.floor(-1 / scale) + 1);
                int footprint = 2 - 2 * start;
                double[] lin = new double[footprint];
                for (int i = 0; i < footprint; i++) {
                    lin[i] = Math.max(0, Math.min(1, 1 - Math.abs((start + i - r) * scale)));
                }
                return normalized(lin);
            default:
                double a = st.cubicA();
                if (!st.antialias() || scale >= 1) {
                    return new double[] {cubic(1 + r, a), cubic(r, a), cubic(1 - r, a), cubic(2 - r, a)};
                }
                int is = (int) (Math.floor(-2 / scale) + 1);
                int ie = 2 - is;
                double[] cub = new double[ie - is];
                for (int i = is; i < ie; i++) {
                    cub[i - is] = cubic(scale * (i - r), a);
                }
                return normalized(cub);
        }
    }

    private static double[] normalized(double[] c) {
        double sum = 0;
        for (double v : c) {
            sum += v;
        }
        for (int i = 0; i < c.length; i++) {
            c[i] /= sum;
        }
        return c;
    }

    /** Keys' cubic convolution kernel. */
    private static double cubic(double x, double a) {
        x = Math.abs(x);
        if (x <= 1) {
            return ((a + 2) * x - (a + 3)) * x * x + 1;
        }
        if (x < 2) {
            return ((a * x - 5 * a) * x + 8 * a) * x - 4 * a;
        }
        return 0;
    }

    /**
     * The {@code n} integer positions nearest to {@code xo} (ties to the lower one), ascending,
     * among those the reference's edge-padded input has ({@code [-p, in - 1 + p]},
     * {@code p = ceil(n / 2)}).
     */
    static long[] neighbours(double xo, int n, int in) {
        long pad = (n + 1) / 2;
        long lo = -pad;
        long hi = in - 1 + pad;
        long centre = (long) Math.floor(xo);
        long[] cand = new long[2 * n + 2];
        int k = 0;
        for (long i = centre - n; i <= centre + n + 1; i++) {
            if (i >= lo && i <= hi) {
                cand[k++] = i;
            }
        }
        long[] c = java.util.Arrays.copyOf(cand, k);
        Long[] boxed = java.util.Arrays.stream(c).boxed().toArray(Long[]::new);
        java.util.Arrays.sort(boxed, (p, q) -> {
            int byDistance = Double.compare(Math.abs(xo - p), Math.abs(xo - q));
            return byDistance != 0 ? byDistance : Long.compare(p, q);
        });
        long[] out = new long[Math.min(n, boxed.length)];
        for (int i = 0; i < out.length; i++) {
            out[i] = boxed[i];
        }
        java.util.Arrays.sort(out);
        return out;
    }
}
