package io.quant4j.nn;

import io.quant4j.tensor.Tensor;

/**
 * An identity module that marks a tensor entering an add, mul, div or concat of a skip
 * connection. It has no parameters (so state-dict names are unchanged); the selective quantizer
 * replaces it by a quantizer with the input descriptor. The five kinds mirror SuperGradients'
 * placeholders so that recipes can address them by type.
 */
public abstract sealed class SkipPlaceholder extends Module
        permits Residual, SkipConnection, BackboneInternalSkipConnection, HeadInternalSkipConnection,
                CrossModelSkipConnection {
    @Override
    protected final Tensor forwardImpl(Tensor x) {
        return x;
    }
}
