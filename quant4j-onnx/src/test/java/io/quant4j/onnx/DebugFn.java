package io.quant4j.onnx;

import io.quant4j.nn.Module;
import io.quant4j.tensor.Tensor;
import java.util.function.UnaryOperator;

/** Test-only module computing a function of its input. */
final class DebugFn extends Module {
    private final UnaryOperator<Tensor> f;

    DebugFn(UnaryOperator<Tensor> f) {
        this.f = f;
    }

    @Override
    protected Tensor forwardImpl(Tensor x) {
        return f.apply(x);
    }
}
