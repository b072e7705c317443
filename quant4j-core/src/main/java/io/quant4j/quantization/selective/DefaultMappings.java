package io.quant4j.quantization.selective;

import io.quant4j.nn.AdaptiveAvgPool2d;
import io.quant4j.nn.AvgPool2d;
import io.quant4j.nn.BackboneInternalSkipConnection;
import io.quant4j.nn.Conv2d;
import io.quant4j.nn.ConvTranspose2d;
import io.quant4j.nn.CrossModelSkipConnection;
import io.quant4j.nn.HeadInternalSkipConnection;
import io.quant4j.nn.Linear;
import io.quant4j.nn.Module;
import io.quant4j.nn.Residual;
import io.quant4j.nn.SkipConnection;
import io.quant4j.quantization.TensorQuantizer;
import io.quant4j.quantization.layers.QuantAdaptiveAvgPool2d;
import io.quant4j.quantization.layers.QuantAvgPool2d;
import io.quant4j.quantization.layers.QuantConv2d;
import io.quant4j.quantization.layers.QuantConvTranspose2d;
import io.quant4j.quantization.layers.QuantLinear;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The default mapping table (SuperGradients' defaults for quant4j's layers): float type ->
 * quantized type and action. Data, not code paths. Model libraries register their own blocks with
 * {@link QuantizationRegistry} (the zoo does for its ResNet blocks).
 */
public final class DefaultMappings {
    private DefaultMappings() {}

    /** A fresh copy of the table. */
    public static Map<Class<? extends Module>, QuantizedMetadata> table() {
        Map<Class<? extends Module>, QuantizedMetadata> t = new LinkedHashMap<>();
        t.put(Conv2d.class, replace("QuantConv2d", (f, i, w) -> QuantConv2d.fromFloat((Conv2d) f, i, w)));
        t.put(ConvTranspose2d.class, replace("QuantConvTranspose2d",
                (f, i, w) -> QuantConvTranspose2d.fromFloat((ConvTranspose2d) f, i, w)));
        t.put(Linear.class, replace("QuantLinear", (f, i, w) -> QuantLinear.fromFloat((Linear) f, i, w)));
        t.put(AvgPool2d.class, replace("QuantAvgPool2d", (f, i, w) -> QuantAvgPool2d.fromFloat((AvgPool2d) f, i, w)));
        t.put(AdaptiveAvgPool2d.class, replace("QuantAdaptiveAvgPool2d",
                (f, i, w) -> QuantAdaptiveAvgPool2d.fromFloat((AdaptiveAvgPool2d) f, i, w)));
        for (Class<? extends Module> placeholder : java.util.List.of(Residual.class, SkipConnection.class,
                BackboneInternalSkipConnection.class, HeadInternalSkipConnection.class, CrossModelSkipConnection.class)) {
            t.put(placeholder, replace("TensorQuantizer", (f, i, w) -> new TensorQuantizer(i)));
        }
        t.put(SkipQuantization.class, new QuantizedMetadata(ReplacementAction.UNWRAP, null, null, null, null));
        return t;
    }

    private static QuantizedMetadata replace(String name, QuantFactory f) {
        return QuantizedMetadata.of(ReplacementAction.REPLACE, name, f);
    }
}
