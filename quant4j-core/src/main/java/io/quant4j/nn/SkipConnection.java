package io.quant4j.nn;

/** Placeholder: A generic skip connection. Identity; see {@link SkipPlaceholder}. */
public final class SkipConnection extends SkipPlaceholder {}
