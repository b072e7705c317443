package io.quant4j.quantization;

import java.util.Arrays;

/** An amax below zero reached a quantizer (fixed, loaded, learned or given to fake quantization). */
public class NegativeAmaxException extends QuantizationException {
    private static final long serialVersionUID = 1L;

    public NegativeAmaxException(String quantizer, float[] amax) {
        super(quantizer + ": expected amax >= 0, found " + describe(amax), null,
                "amax is the largest magnitude the quantizer represents; give a non-negative value"
                        + " (a learned clip range must keep clipMax >= -clipMin >= 0).", null);
    }

    private static String describe(float[] amax) {
        if (amax.length == 1) {
            return Float.toString(amax[0]);
        }
        float min = Float.POSITIVE_INFINITY;
        int at = -1;
        for (int i = 0; i < amax.length; i++) {
            if (amax[i] < min) {
                min = amax[i];
                at = i;
            }
        }
        return "amax[" + at + "] = " + min + " among " + amax.length + " channels"
                + (amax.length <= 8 ? " " + Arrays.toString(amax) : "");
    }
}
