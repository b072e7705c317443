package io.quant4j.recipe;

import io.quant4j.quantization.CalibMethod;
import io.quant4j.quantization.QuantAxis;
import io.quant4j.quantization.QuantDescriptor;
import java.util.List;

/**
 * A quantizer descriptor written in a recipe, with pytorch-quantization's {@code QuantDescriptor}
 * keyword names and defaults: {@code num_bits: 8}, {@code calib_method: max}, {@code axis:} none
 * (an int, a negative int or a list: {@code axis: 0}, {@code axis: -1}, {@code axis: [0, 1]}),
 * {@code unsigned: false}, {@code narrow_range: false}, {@code learn_amax: false}, {@code amax:}
 * none (one value or one per channel), {@code scale_amax:} none, {@code fake_quant: true}.
 *
 * @param numBits bit width
 * @param calibMethod {@code max} or {@code histogram}
 * @param axis the axes that keep their own amax; empty or absent for per tensor
 * @param unsigned unsigned grid
 * @param narrowRange signed grid without its lowest level
 * @param learnAmax learn the clip range in QAT
 * @param amax a fixed amax, or none
 * @param scaleAmax a multiplier of the calibrated amax, or none
 * @param fakeQuant fake quantization (false: integer levels)
 */
public record QuantDescriptorParams(int numBits, CalibMethod calibMethod, List<Integer> axis, boolean unsigned,
                                    boolean narrowRange, boolean learnAmax, List<Double> amax, Double scaleAmax,
                                    boolean fakeQuant) {
    public QuantDescriptorParams {
        axis = axis == null ? List.of() : List.copyOf(axis);
        amax = amax == null ? null : List.copyOf(amax);
        if (calibMethod == null) {
            throw new IllegalArgumentException("calib_method: expected max or histogram, found none");
        }
        descriptor(numBits, calibMethod, axis, unsigned, narrowRange, learnAmax, amax, scaleAmax, fakeQuant);
    }

    /** pytorch-quantization's defaults: 8 bit, max, per tensor, signed, full range, fake quantization. */
    public static QuantDescriptorParams defaults() {
        return new QuantDescriptorParams(8, CalibMethod.MAX, List.of(), false, false, false, null, null, true);
    }

    /** The descriptor these keys describe. */
    public QuantDescriptor toDescriptor() {
        return descriptor(numBits, calibMethod, axis, unsigned, narrowRange, learnAmax, amax, scaleAmax, fakeQuant);
    }

    private static QuantDescriptor descriptor(int numBits, CalibMethod calibMethod, List<Integer> axis, boolean unsigned,
                                              boolean narrowRange, boolean learnAmax, List<Double> amax, Double scaleAmax,
                                              boolean fakeQuant) {
        float[] a = null;
        if (amax != null) {
            a = new float[amax.size()];
            for (int i = 0; i < a.length; i++) {
                a[i] = amax.get(i).floatValue();
            }
        }
        return new QuantDescriptor(numBits, null, fakeQuant, axis.isEmpty() ? null : new QuantAxis(axis), a, learnAmax,
                scaleAmax == null ? null : scaleAmax.floatValue(), calibMethod, unsigned, narrowRange);
    }
}
