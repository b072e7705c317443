package io.quant4j.nn;

/** Placeholder: A skip connection inside a backbone. Identity; see {@link SkipPlaceholder}. */
public final class BackboneInternalSkipConnection extends SkipPlaceholder {}
