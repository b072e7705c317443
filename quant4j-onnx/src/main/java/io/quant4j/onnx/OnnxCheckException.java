package io.quant4j.onnx;

import java.util.List;

/** An ONNX model failed {@link OnnxChecker}'s structural checks; {@link #problems()} lists them all. */
public final class OnnxCheckException extends OnnxExportException {
    private static final long serialVersionUID = 1L;

    private final transient List<String> problems;

    public OnnxCheckException(String where, List<String> problems) {
        super("the ONNX graph is not valid: expected no structural problems, found " + problems.size() + ": "
                        + String.join("; ", problems.subList(0, Math.min(10, problems.size())))
                        + (problems.size() > 10 ? "; ..." : ""),
                where,
                "This is a bug in the exporter or a hand-edited file; report it with the model that produced it.",
                null);
        this.problems = List.copyOf(problems);
    }

    /** Every problem found. */
    public List<String> problems() {
        return problems;
    }
}
