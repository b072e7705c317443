package io.quant4j.models;

import io.quant4j.data.InputSpec;

/**
 * A zoo entry.
 *
 * @param name registry name ({@code resnet18})
 * @param description one line
 * @param input how the model expects its input: shape, preprocessing, class names
 * @param defaultClasses default output classes
 * @param bundledWeights resource name of bundled pretrained weights, or null
 * @param defaultData the data source the model is evaluated on when none is given (e.g.
 *     {@code fashion_mnist}), or null when the user must name one
 */
public record ModelInfo(String name, String description, InputSpec input, int defaultClasses, String bundledWeights,
                        String defaultData) {
    /** The default input {@code C x H x W}. */
    public long[] inputShape() {
        return input.shape();
    }
}
