package io.quant4j.models;

import io.quant4j.data.InputSpec;
import io.quant4j.io.AtomicFiles;
import io.quant4j.nn.Module;
import io.quant4j.nn.StateDict;
import io.quant4j.tensor.Engines;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BiFunction;

/**
 * The model zoo. Names, default inputs and builders are a table; {@link #get} builds a model,
 * seeds its initialization and loads pretrained weights when asked.
 *
 * <pre>{@code
 * Module net = Models.get("resnet_fmnist", ModelOptions.pretrainedWeights());
 * }</pre>
 */
public final class Models {
    private record Entry(ModelInfo info, BiFunction<Integer, Integer, Module> builder) {}

    private static final Map<String, Entry> ZOO = new LinkedHashMap<>();

    static {
        add(new ModelInfo("resnet_fmnist", "ResNet for 28x28 grey images: 3x3 stem, 3 stages of 2 BasicBlocks (16/32/64)",
                InputSpec.FASHION_MNIST, 10, "resnet_fmnist.safetensors", "fashion_mnist"),
                (c, k) -> new ResNet(ResNet.Block.BASIC, new int[] {2, 2, 2}, new int[] {16, 32, 64}, 16, true, c, k));
        add(new ModelInfo("resnet18", "torchvision ResNet-18", InputSpec.IMAGENET, 1000, null, null),
                (c, k) -> new ResNet(ResNet.Block.BASIC, new int[] {2, 2, 2, 2}, new int[] {64, 128, 256, 512}, 64, false, c, k));
        add(new ModelInfo("resnet34", "torchvision ResNet-34", InputSpec.IMAGENET, 1000, null, null),
                (c, k) -> new ResNet(ResNet.Block.BASIC, new int[] {3, 4, 6, 3}, new int[] {64, 128, 256, 512}, 64, false, c, k));
        add(new ModelInfo("resnet50", "torchvision ResNet-50 (v1.5)", InputSpec.IMAGENET, 1000, null, null),
                (c, k) -> new ResNet(ResNet.Block.BOTTLENECK, new int[] {3, 4, 6, 3}, new int[] {64, 128, 256, 512}, 64, false, c, k));
        add(new ModelInfo("mobilenet_v2", "torchvision MobileNetV2 (width 1.0)", InputSpec.IMAGENET, 1000, null, null),
                MobileNetV2::new);
    }

    private Models() {}

    private static void add(ModelInfo info, BiFunction<Integer, Integer, Module> builder) {
        ZOO.put(info.name(), new Entry(info, builder));
    }

    /** Every zoo entry, in registry order. */
    public static List<ModelInfo> list() {
        return ZOO.values().stream().map(Entry::info).toList();
    }

    /** The zoo entry of a name. */
    public static ModelInfo info(String name) {
        Entry e = ZOO.get(name);
        if (e == null) {
            throw new UnknownModelException(name, ZOO.keySet());
        }
        return e.info();
    }

    /** Builds a model by name. */
    public static Module get(String name, ModelOptions options) {
        ModelInfo info = info(name);
        int channels = options.inChannels() != null ? options.inChannels() : (int) info.inputShape()[0];
        int classes = options.numClasses() != null ? options.numClasses() : info.defaultClasses();
        Engines.seed(options.seed());
        Module m = ZOO.get(name).builder().apply(channels, classes);
        if (options.weights() != null) {
            load(m, options.weights(), name);
        } else if (options.pretrained()) {
            load(m, bundledWeights(info), name);
        }
        return m;
    }

    private static void load(Module m, Path file, String name) {
        try {
            StateDict.load(m, file, true);
        } catch (IOException e) {
            throw new PretrainedWeightsException("cannot read weights: " + e.getMessage(), file.toString(),
                    "Check the path and permissions.", e);
        }
    }

    /**
     * The bundled weights of a model, extracted once to {@code ~/.quant4j/weights/} after checking
     * the SHA-256 recorded beside the resource.
     */
    public static Path bundledWeights(ModelInfo info) {
        if (info.bundledWeights() == null) {
            throw new PretrainedWeightsException("no bundled weights for " + info.name(), null,
                    "Give a safetensors state dict with ModelOptions.withWeights(path) (CLI: --weights PATH).", null);
        }
        String res = info.bundledWeights();
        try (InputStream in = Models.class.getResourceAsStream(res);
             InputStream sum = Models.class.getResourceAsStream(res + ".sha256")) {
            if (in == null || sum == null) {
                throw new PretrainedWeightsException("bundled weights " + res + " (or its .sha256) are missing from the jar",
                        "io/quant4j/models/" + res, "Rebuild quant4j-core; the resource ships with the sources.", null);
            }
            byte[] data = in.readAllBytes();
            String expected = new String(sum.readAllBytes(), StandardCharsets.US_ASCII).trim().split("\\s+")[0];
            String actual = sha256(data);
            if (!actual.equals(expected)) {
                throw new PretrainedWeightsException("bundled weights checksum mismatch: expected " + expected
                        + ", found " + actual, "io/quant4j/models/" + res, "The resource is corrupt; rebuild quant4j-core.", null);
            }
            Path dir = Path.of(System.getProperty("user.home"), ".quant4j", "weights");
            Path target = dir.resolve(actual.substring(0, 16) + "-" + res);
            if (!Files.exists(target)) {
                AtomicFiles.write(target, out -> out.write(data));
            }
            return target;
        } catch (IOException e) {
            throw new PretrainedWeightsException("cannot extract bundled weights: " + e.getMessage(), res,
                    "Check that ~/.quant4j is writable.", e);
        }
    }

    /** Hex SHA-256 of bytes. */
    public static String sha256(byte[] data) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(data));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
