package io.quant4j.nn;

import io.quant4j.errors.Quant4jException;

/** A state dict whose keys or shapes do not match the module; the message lists each difference. */
public class StateDictMismatchException extends Quant4jException {
    private static final long serialVersionUID = 1L;

    private final LoadReport report;

    public StateDictMismatchException(String source, LoadReport report) {
        super("state dict does not match the model: " + report.describe(), source,
                "Load weights saved from the same architecture (and options such as classes and input channels),"
                        + " or load non-strictly to keep the unmatched entries as they are.", null);
        this.report = report;
    }

    public LoadReport report() {
        return report;
    }
}
