package io.quant4j.cli;

import io.quant4j.quantization.target.QuantTarget;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/** Parses {@code --target tensorrt|onnxruntime}. */
final class TargetConverter implements ITypeConverter<QuantTarget> {
    @Override
    public QuantTarget convert(String value) {
        try {
            return QuantTarget.parse(value);
        } catch (IllegalArgumentException e) {
            throw new TypeConversionException(e.getMessage());
        }
    }
}
