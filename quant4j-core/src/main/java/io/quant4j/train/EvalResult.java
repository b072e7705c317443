package io.quant4j.train;

/**
 * Accuracy of a model over a data loader.
 *
 * @param examples number of examples evaluated
 * @param top1 top-1 accuracy in {@code [0, 1]}
 * @param top5 top-5 accuracy in {@code [0, 1]}
 * @param loss mean cross-entropy (no label smoothing)
 * @param seconds wall time of the evaluation
 * @param imagesPerSecond {@code examples / seconds}
 */
public record EvalResult(long examples, double top1, double top5, double loss, double seconds, double imagesPerSecond) {
    @Override
    public String toString() {
        return String.format(java.util.Locale.ROOT, "top1 %.2f%% top5 %.2f%% loss %.4f (%d images, %.0f images/s)",
                top1 * 100, top5 * 100, loss, examples, imagesPerSecond);
    }
}
