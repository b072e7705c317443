package io.quant4j.onnx;

/**
 * Top-1 accuracy of a model over labelled batches.
 *
 * @param images samples evaluated
 * @param correct samples whose argmax equals the label
 * @param seconds wall time of the evaluation (inference and copies)
 */
public record EvalResult(long images, long correct, double seconds) {
    /** {@code correct / images} (0 when empty). */
    public double accuracy() {
        return images == 0 ? 0 : (double) correct / images;
    }
}
