package io.quant4j.models;

import io.quant4j.errors.Quant4jException;
import java.util.Collection;

/** A model name that is not in the zoo; lists the available ones. */
public class UnknownModelException extends Quant4jException {
    private static final long serialVersionUID = 1L;

    public UnknownModelException(String name, Collection<String> available) {
        super("unknown model '" + name + "'", null, "Available models: " + String.join(", ", available) + ".", null);
    }
}
