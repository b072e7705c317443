package io.quant4j.nn;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import io.quant4j.tensor.Tensor;
import java.util.Map;
import java.util.Set;

/**
 * The rule for a value loaded into a parameter or buffer: its element type must equal the slot's or
 * convert to it exactly (float16 and bfloat16 to float32 or float64, float32 to float64, narrower
 * integers to wider ones), and floating-point values must be finite.
 */
final class WeightValues {
    private static final Map<DataType, Set<DataType>> EXACT = Map.of(
            DataType.FLOAT32, Set.of(DataType.FLOAT16, DataType.BFLOAT16),
            DataType.FLOAT64, Set.of(DataType.FLOAT16, DataType.BFLOAT16, DataType.FLOAT32),
            DataType.INT64, Set.of(DataType.INT8, DataType.UINT8, DataType.INT32),
            DataType.INT32, Set.of(DataType.INT8, DataType.UINT8));

    private WeightValues() {}

    /** What is wrong with {@code value} for a slot of type {@code want}, or null when it is usable. */
    static String problem(Tensor value, DataType want) {
        NDArray a = value.ndArray();
        DataType have = a.getDataType();
        if (have != want && !EXACT.getOrDefault(want, Set.of()).contains(have)) {
            return "element type " + have + " where the model holds " + want + " (not an exact conversion)";
        }
        if (have.isFloating()) {
            long nan;
            long inf;
            try (NDManager tmp = a.getManager().newSubManager()) {
                nan = count(a.isNaN(), tmp);
                inf = count(a.isInfinite(), tmp);
            }
            if (nan + inf > 0) {
                return (nan > 0 ? nan + " NaN" : "") + (nan > 0 && inf > 0 ? " and " : "") + (inf > 0 ? inf + " infinite" : "")
                        + " of " + a.size() + " values";
            }
        }
        return null;
    }

    /** The number of true elements of a mask; the mask and the count are freed with {@code tmp}. */
    private static long count(NDArray mask, NDManager tmp) {
        mask.attach(tmp);
        NDArray n = mask.countNonzero();
        n.attach(tmp);
        return n.getLong();
    }
}
