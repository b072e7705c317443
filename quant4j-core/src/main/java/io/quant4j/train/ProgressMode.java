package io.quant4j.train;

/**
 * How progress is shown, by a {@link Trainer} (each epoch's steps) and by the calibration
 * ({@code QuantizationCalibrator}); the rule itself is {@link ProgressTask}'s.
 */
public enum ProgressMode {
    /** {@link #BAR} when the output stream is a terminal, else {@link #LOG}. */
    AUTO,
    /** A live bar (count, ETA and a status such as loss, accuracy, images/s), redrawn in place. */
    BAR,
    /**
     * Whole lines only, for logs and CI: one at each further 10 % of the work or after 30 s
     * without one, whichever comes first, and a final line (plus, in training, one per epoch).
     */
    LOG,
    /** Nothing. */
    NONE
}
