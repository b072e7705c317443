package io.quant4j.quantization.selective;

import io.quant4j.nn.Module;
import io.quant4j.tensor.Tensor;

/**
 * Wraps a float module so the selective quantizer leaves it float (the wrapper is then replaced by
 * the module it wraps, action UNWRAP). Forward is the wrapped module's.
 *
 * <pre>{@code register("head", new SkipQuantization(new Linear(64, 10)));}</pre>
 */
public final class SkipQuantization extends Module {
    /** Child name of the wrapped module (SuperGradients'). */
    public static final String FLOAT_MODULE = "float_module";

    public SkipQuantization(Module floatModule) {
        register(FLOAT_MODULE, floatModule);
    }

    /** The wrapped module. */
    public Module floatModule() {
        return children().get(FLOAT_MODULE);
    }

    @Override
    protected Tensor forwardImpl(Tensor x) {
        return floatModule().forward(x);
    }
}
