package io.quant4j.quantization.selective;

import io.quant4j.nn.Module;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Users' own quantized blocks, like SuperGradients' {@code @register_quantized_module}: a float
 * type maps to a quantized type and an action. Every {@link SelectiveQuantizer} created afterwards
 * includes these entries (its own registrations still take precedence).
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

    /** Removes a registration (no-op when absent). */
    public static synchronized void unregister(Class<? extends Module> floatType) {
        ENTRIES.remove(floatType);
    }

    /** A factory that builds {@code quantType} from a float module (static fromFloat or constructor by field names). */
    public static QuantFactory factoryFor(Class<? extends Module> quantType) {
        return new ReflectiveFactory(quantType);
    }

    /** The registered entries. */
    static synchronized Map<Class<? extends Module>, QuantizedMetadata> entries() {
        return Collections.unmodifiableMap(new LinkedHashMap<>(ENTRIES));
    }
}
