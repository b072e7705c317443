package io.quant4j.errors;

/**
 * A failure inside a module's forward pass that was not already a typed quant4j error (for
 * example an exception from the native engine). It names the innermost module that was running.
 */
public class ForwardException extends Quant4jException {
    private static final long serialVersionUID = 1L;

    public ForwardException(String where, String moduleType, String inputShape, Throwable cause) {
        super(
                moduleType + " failed on input of shape " + inputShape + ": " + cause.getMessage(),
                where,
                "Check that the input shape matches what this module expects.",
                cause);
    }
}
