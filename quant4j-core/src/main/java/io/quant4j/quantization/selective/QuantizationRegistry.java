package io.quant4j.quantization.selective;

import io.quant4j.nn.Module;
import io.quant4j.quantization.QuantDescriptor;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Users' own quantized blocks, like SuperGradients' {@code @register_quantized_module}: a float
 * type maps to a quantized type and an action. Every {@link SelectiveQuantizer} looks types up here
 * after its own registrations and before the defaults, when it quantizes. The zoo registers its
 * blocks here too.
 *
 * <pre>{@code
 * QuantizationRegistry.register(MyBlock.class, MyQuantBlock.class, ReplacementAction.REPLACE);
 * // with its own descriptors (the tutorial's input_quant_descriptor / weights_quant_descriptor)
 * QuantizationRegistry.register(MyBlock.class, MyQuantBlock.class, ReplacementAction.REPLACE,
 *         QuantDescriptor.INT8_PER_TENSOR_HISTOGRAM, QuantDescriptor.INT8_CONV_WEIGHT_PER_CHANNEL);
 * }</pre>
 */
public final class QuantizationRegistry {
    private static final Map<Class<? extends Module>, QuantizedMetadata> ENTRIES = new LinkedHashMap<>();

    private QuantizationRegistry() {}

    /** Registers {@code quantType} as the quantized version of {@code floatType}. */
    public static void register(Class<? extends Module> floatType, Class<? extends Module> quantType,
                                ReplacementAction action) {
        register(floatType, quantType, action, null, null);
    }

    /**
     * Registers {@code quantType} with the descriptors its quantizers get, as the tutorial's
     * {@code register_quantized_module(float_source, action, input_quant_descriptor,
     * weights_quant_descriptor)}: the factory receives them instead of the quantizer's defaults.
     *
     * @param inputDescriptor the input quantizer's descriptor, or null for the quantizer's default
     * @param weightDescriptor the weight quantizer's descriptor, or null for the quantizer's default
     * @throws QuantizationMappingException when the type is registered to another quantized type
     */
    public static void register(Class<? extends Module> floatType, Class<? extends Module> quantType,
                                ReplacementAction action, QuantDescriptor inputDescriptor,
                                QuantDescriptor weightDescriptor) {
        register(floatType, QuantizedMetadata.of(action, quantType.getSimpleName(), factoryFor(quantType))
                .withDescriptors(inputDescriptor, weightDescriptor));
    }

    /**
     * Registers a mapping with its own factory and action (a model library registering its blocks).
     *
     * @throws QuantizationMappingException when the type is registered to another quantized type
     */
    public static synchronized void register(Class<? extends Module> floatType, QuantizedMetadata metadata) {
        QuantizedMetadata existing = ENTRIES.get(floatType);
        if (existing != null && !existing.targetName().equals(metadata.targetName())) {
            throw new QuantizationMappingException(floatType.getSimpleName() + " is already registered to "
                    + existing.targetName(), null, "Unregister it first, or register on one SelectiveQuantizer only.");
        }
        ENTRIES.put(floatType, metadata);
    }

    /** The registered mapping of an exact type, or null. */
    static synchronized QuantizedMetadata lookup(Class<? extends Module> type) {
        return ENTRIES.get(type);
    }

    /** Removes a registration (no-op when absent). */
    public static synchronized void unregister(Class<? extends Module> floatType) {
        ENTRIES.remove(floatType);
    }

    /** A factory that builds {@code quantType} from a float module (static fromFloat or constructor by field names). */
    public static QuantFactory factoryFor(Class<? extends Module> quantType) {
        return new ReflectiveFactory(quantType);
    }

}
