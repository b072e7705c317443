package io.quant4j.recipe;

import java.nio.file.Path;
import java.util.List;

/**
 * {@code model:} of a recipe: a zoo model ({@code name}), or an ONNX file ({@code onnx}) whose
 * quantized copy is fine-tuned against the file itself (label-free QAT, as {@code qat --onnx}).
 *
 * <pre>
 *   model: {name: resnet_fmnist, pretrained: true}
 *   model: {onnx: det.onnx, input_shape: [3, 480, 480], mean: [0.485, 0.456, 0.406],
 *           std: [0.229, 0.224, 0.225], channel_order: bgr}
 * </pre>
 *
 * @param name zoo model name ({@code quant4j models}); unused with {@code onnx}
 * @param numClasses output classes, or null for the model's default
 * @param inChannels input channels, or null for the model's default
 * @param pretrained start from the bundled pretrained weights
 * @param checkpoint start from a checkpoint (quant4j checkpoint or float state dict), or null
 * @param seed seed of the random initialization
 * @param onnx an ONNX file to import instead of a zoo model, or null
 * @param inputShape with {@code onnx}: one sample's {@code C, H, W} (as {@code --input-shape}), or null when the file says
 * @param mean with {@code onnx}: per-channel mean of the [0, 1] image (one value or one per channel), or null (0)
 * @param std with {@code onnx}: per-channel standard deviation, or null (1)
 * @param channelOrder with {@code onnx}: {@code rgb} or {@code bgr}, or null (rgb)
 */
public record ModelParams(String name, Integer numClasses, Integer inChannels, boolean pretrained, Path checkpoint, long seed,
                          Path onnx, List<Long> inputShape, List<Double> mean, List<Double> std, String channelOrder) {
    public ModelParams {
        if (name == null || name.isBlank()) {
            throw new IllegalArgumentException("expected a model name (see 'quant4j models'), found none");
        }
        if (pretrained && checkpoint != null) {
            throw new IllegalArgumentException("expected pretrained: true or a checkpoint, found both");
        }
        if (onnx != null && (pretrained || checkpoint != null || numClasses != null || inChannels != null)) {
            throw new IllegalArgumentException("an ONNX model carries its own weights and shapes: expected no pretrained, checkpoint, "
                    + "num_classes or in_channels with onnx");
        }
        if (onnx == null && (inputShape != null || mean != null || std != null || channelOrder != null)) {
            throw new IllegalArgumentException("input_shape, mean, std and channel_order describe an ONNX model's input: expected them "
                    + "with onnx only");
        }
        inputShape = inputShape == null ? null : List.copyOf(inputShape);
        mean = mean == null ? null : List.copyOf(mean);
        std = std == null ? null : List.copyOf(std);
    }

    public static ModelParams defaults() {
        return new ModelParams("resnet_fmnist", null, null, false, null, 0L, null, null, null, null, null);
    }
}
