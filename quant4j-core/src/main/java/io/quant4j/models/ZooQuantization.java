package io.quant4j.models;

import io.quant4j.quantization.selective.QuantizationRegistry;
import io.quant4j.quantization.selective.QuantizedMetadata;
import io.quant4j.quantization.selective.ReplacementAction;

/**
 * The zoo's own quantized blocks, registered with {@link QuantizationRegistry} when a zoo block
 * class loads (so generic quantization never imports the zoo): {@link BasicBlock} and
 * {@link Bottleneck} are quantized RECURSE_AND_REPLACE, their children first, then
 * {@link QuantBasicBlock} / {@link QuantBottleneck} adopt them.
 */
final class ZooQuantization {
    private static boolean registered;

    private ZooQuantization() {}

    static synchronized void register() {
        if (registered) {
            return;
        }
        registered = true;
        QuantizationRegistry.register(BasicBlock.class, QuantizedMetadata.of(ReplacementAction.RECURSE_AND_REPLACE,
                "QuantBasicBlock", (f, i, w) -> QuantBasicBlock.fromFloat((BasicBlock) f, i, w)));
        QuantizationRegistry.register(Bottleneck.class, QuantizedMetadata.of(ReplacementAction.RECURSE_AND_REPLACE,
                "QuantBottleneck", (f, i, w) -> QuantBottleneck.fromFloat((Bottleneck) f, i, w)));
    }
}
