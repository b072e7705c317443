package io.quant4j.nn;

/** Placeholder: A skip connection between parts of a model (backbone to head). Identity; see {@link SkipPlaceholder}. */
public final class CrossModelSkipConnection extends SkipPlaceholder {}
