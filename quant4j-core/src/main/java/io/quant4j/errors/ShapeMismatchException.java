package io.quant4j.errors;

import java.util.Arrays;

/**
 * A tensor does not have the shape an operation or module expects.
 *
 * <p>Example message: {@code layer1.0.conv1 (Conv2d): expected input of shape [N, 16, H, W],
 * found [8, 3, 28, 28]. The model expects 16 input channels; check the model's input options.}
 */
public class ShapeMismatchException extends Quant4jException {
    private static final long serialVersionUID = 1L;

    public ShapeMismatchException(String what, String expected, long[] found, String hint) {
        super(what + ": expected " + expected + ", found " + Arrays.toString(found), null, hint, null);
    }

    public ShapeMismatchException(String problem, String hint) {
        super(problem, null, hint, null);
    }
}
