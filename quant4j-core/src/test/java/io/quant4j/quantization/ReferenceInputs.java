package io.quant4j.quantization;

/**
 * The inputs of the reference vectors (numerics contract §8, restated in the README next to the
 * bundled files under {@code src/test/resources/io/quant4j/quantization/reference/}), rebuilt
 * exactly: kinds A..G and {@code K*f} (the float32 values of K multiplied by f in double).
 */
final class ReferenceInputs {
    private ReferenceInputs() {}

    /** {@code count} values of {@code kind} for indices {@code offset .. offset + count - 1}. */
    static float[] generate(String kind, int count, long offset) {
        int star = kind.indexOf('*');
        String base = star < 0 ? kind.trim() : kind.substring(0, star).trim();
        double factor = star < 0 ? 1 : Double.parseDouble(kind.substring(star + 1).trim());
        float[] out = new float[count];
        for (int n = 0; n < count; n++) {
            long i = offset + n;
            float v = value(base, i, offset);
            out[n] = star < 0 ? v : (float) (v * factor);
        }
        return out;
    }

    private static double u(long i, long p) {
        return Math.floorMod(i * p, 10007L) / 10007.0;
    }

    private static float value(String kind, long i, long offset) {
        switch (kind) {
            case "A":
                return (float) (Math.floorMod(i * 7919L, 10007L) / 1000.0);
            case "B": {
                int s = i % 3 == 0 ? -1 : 1;
                return (float) ((s * 20) * Math.pow(u(i, 7919), 4));
            }
            case "C":
                if (offset == 0 && i == 0) {
                    return 50.0f;
                }
                return (float) (u(i, 7919) + u(i, 104729) + u(i, 1299709) + u(i, 15485863) - 2.0);
            case "D":
                return (float) ((u(i, 7919) - 0.5) * (u(i, 104729) - 0.5) * (u(i, 1299709) - 0.5) * 8);
            case "E":
                return (float) Math.max(u(i, 7919) + u(i, 104729) + u(i, 1299709) - 1.5, 0) * 3.0f;
            case "F": {
                double uu = u(i, 15485863) * 0.9999 + 0.00005;
                int s = i % 2 == 0 ? 1 : -1;
                return (float) (s * -Math.log(uu) * 0.25);
            }
            case "G":
                return (float) ((u(i, 104729) - 0.5) * 0.002);
            default:
                throw new IllegalArgumentException("unknown reference input kind '" + kind
                        + "': expected A..G or K*f (spec section 8)");
        }
    }
}
