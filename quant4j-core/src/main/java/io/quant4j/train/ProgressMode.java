package io.quant4j.train;

/** How a {@link Trainer} shows progress on standard output. */
public enum ProgressMode {
    /** A live bar when standard output is a terminal, else {@link #LOG}. */
    AUTO,
    /** A live bar per epoch (loss, accuracy, images/s, ETA), redrawn in place. */
    BAR,
    /** Plain lines: one every 30 seconds at most during an epoch and one per epoch (for logs and CI). */
    LOG,
    /** Nothing. */
    NONE
}
