package io.quant4j.quantization.selective;

import io.quant4j.nn.Module;
import io.quant4j.quantization.QuantDescriptor;
import io.quant4j.tensor.Tensor;

/**
 * Wraps a float module with its own quantization instruction: the selective quantizer replaces
 * the wrapper by {@code target} built from the wrapped module (with the given action and
 * descriptors). Forward is the wrapped module's.
 *
 * <pre>{@code register("block", new QuantizedMapping(new MyBlock(64), QuantizedMetadata.of(
 *         ReplacementAction.REPLACE, "MyQuantBlock", QuantizationRegistry.factoryFor(MyQuantBlock.class))));}</pre>
 */
public final class QuantizedMapping extends Module {
    private final QuantizedMetadata metadata;

    public QuantizedMapping(Module floatModule, QuantizedMetadata metadata) {
        if (!metadata.action().replaces()) {
            throw new IllegalArgumentException("expected a replacing action for QuantizedMapping, found " + metadata.action());
        }
        this.metadata = metadata;
        register(SkipQuantization.FLOAT_MODULE, floatModule);
    }

    /** Wraps with REPLACE and explicit descriptors (null for defaults). */
    public QuantizedMapping(Module floatModule, String targetName, QuantFactory target, QuantDescriptor in, QuantDescriptor w) {
        this(floatModule, new QuantizedMetadata(ReplacementAction.REPLACE, target, targetName, in, w));
    }

    /** The wrapped module. */
    public Module floatModule() {
        return children().get(SkipQuantization.FLOAT_MODULE);
    }

    /** The instruction. */
    public QuantizedMetadata metadata() {
        return metadata;
    }

    @Override
    protected Tensor forwardImpl(Tensor x) {
        return floatModule().forward(x);
    }
}
