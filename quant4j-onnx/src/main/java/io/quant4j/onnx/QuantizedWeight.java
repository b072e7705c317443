package io.quant4j.onnx;

/**
 * A parameter already quantized to integers by the exporter, exactly as the Java fake-quant
 * forward does ({@link QuantParams#quantize}): {@code w_dq = q * amax / maxBound} per channel.
 *
 * @param source name of the float parameter it came from
 * @param dims dimensions of the weight
 * @param q the integers, row-major
 * @param params amax, signedness and axis
 */
public record QuantizedWeight(String source, long[] dims, int[] q, QuantParams params) {
    public QuantizedWeight {
        dims = dims.clone();
        q = q.clone();
    }

    @Override
    public long[] dims() {
        return dims.clone();
    }

    @Override
    public int[] q() {
        return q.clone();
    }

    /** The integers as int8 / uint8 bytes. */
    /** A weight quantized as the Java forward quantizes it ({@link QuantParams#quantize}). */
    public static QuantizedWeight of(String source, float[] w, long[] dims, QuantParams p) {
        return new QuantizedWeight(source, dims, p.quantize(w, dims), p);
    }

    public byte[] bytes() {
        byte[] b = new byte[q.length];
        for (int i = 0; i < q.length; i++) {
            b[i] = (byte) q[i];
        }
        return b;
    }

    /** The dequantized floats {@code q * scale} (float32), the values the Java forward computes with (to an ulp). */
    public float[] dequantized() {
        float[] s = params.onnxScales();
        long inner = 1;
        int axis = params.axis();
        for (int d = axis + 1; d < dims.length && axis >= 0; d++) {
            inner *= dims[d];
        }
        int channels = axis >= 0 ? (int) dims[axis] : 1;
        float[] out = new float[q.length];
        for (int i = 0; i < q.length; i++) {
            int c = axis >= 0 ? (int) ((i / inner) % channels) : 0;
            out[i] = q[i] * s[c];
        }
        return out;
    }
}
