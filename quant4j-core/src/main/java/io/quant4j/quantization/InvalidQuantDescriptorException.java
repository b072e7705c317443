package io.quant4j.quantization;

/** A {@link QuantDescriptor} field is out of range (bit width, axis, amax, scaleAmax, ...). */
public class InvalidQuantDescriptorException extends QuantizationException {
    private static final long serialVersionUID = 1L;

    public InvalidQuantDescriptorException(String descriptor, String problem, String hint) {
        super("QuantDescriptor " + descriptor + ": " + problem, null, hint, null);
    }
}
