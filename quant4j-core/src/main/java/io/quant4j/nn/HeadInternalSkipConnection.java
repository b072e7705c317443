package io.quant4j.nn;

/** Placeholder: A skip connection inside a detection or segmentation head. Identity; see {@link SkipPlaceholder}. */
public final class HeadInternalSkipConnection extends SkipPlaceholder {}
