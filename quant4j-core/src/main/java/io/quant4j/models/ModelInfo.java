package io.quant4j.models;

/**
 * A zoo entry.
 *
 * @param name registry name ({@code resnet18})
 * @param description one line
 * @param inputShape default input {@code C x H x W}
 * @param defaultClasses default output classes
 * @param bundledWeights resource name of bundled pretrained weights, or null
 */
public record ModelInfo(String name, String description, long[] inputShape, int defaultClasses, String bundledWeights) {}
