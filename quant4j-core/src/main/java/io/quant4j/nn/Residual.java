package io.quant4j.nn;

/** Placeholder: The shortcut of a residual block (identity or downsample output) entering the add. Identity; see {@link SkipPlaceholder}. */
public final class Residual extends SkipPlaceholder {}
