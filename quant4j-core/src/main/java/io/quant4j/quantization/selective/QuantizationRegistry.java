package io.quant4j.quantization.selective;

import io.quant4j.nn.Module;
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
 * }</pre>
 */
public final class QuantizationRegistry {
    private static final Map<Class<? extends Module>, QuantizedMetadata> ENTRIES = new LinkedHashMap<>();

    private QuantizationRegistry() {}

    /** Registers {@code quantType} as the quantized version of {@code floatType}. */
    public static synchronized void register(Class<? extends Module> floatType, Class<? extends Module> quantType,
                                             ReplacementAction action) {
        QuantizedMetadata existing = ENTRIES.get(floatType);
        if (existing != null && !existing.targetName().equals(quantType.getSimpleName())) {
            throw new QuantizationMappingException(floatType.getSimpleName() + " is already registered to "
                    + existing.targetName(), null, "Unregister it first, or register on one SelectiveQuantizer only.");
        }
        ENTRIES.put(floatType, QuantizedMetadata.of(action, quantType.getSimpleName(), factoryFor(quantType)));
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
