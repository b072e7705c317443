package io.quant4j.errors;

/**
 * Root of quant4j's typed errors.
 *
 * <p>The message is built from four parts so that every error reads the same way:
 * <pre>
 *   {what} at {where}: expected {expected}, found {found}. {hint}
 * </pre>
 * {@code where} may be filled in later by a caller that knows more (a module's forward adds its
 * dotted path, a recipe loader adds the YAML path and line).
 */
public class Quant4jException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final String problem;
    private String where;
    private final String hint;

    /**
     * @param problem what went wrong, with expected and found values
     * @param where location (module path, file and offset, YAML path), or null when not yet known
     * @param hint how to fix it, or null
     * @param cause underlying cause, or null
     */
    public Quant4jException(String problem, String where, String hint, Throwable cause) {
        super(problem, cause);
        this.problem = problem;
        this.where = where;
        this.hint = hint;
    }

    public Quant4jException(String problem, String hint) {
        this(problem, null, hint, null);
    }

    /** The problem statement, without location or hint. */
    public String problem() {
        return problem;
    }

    /** Where the problem happened, or null when unknown. */
    public String where() {
        return where;
    }

    /** How to fix it, or null. */
    public String hint() {
        return hint;
    }

    /** Sets the location if none was recorded yet (the innermost location wins). */
    public Quant4jException locateIfAbsent(String location) {
        if (where == null && location != null) {
            where = location;
        }
        return this;
    }

    @Override
    public String getMessage() {
        StringBuilder sb = new StringBuilder();
        if (where != null) {
            sb.append(where).append(": ");
        }
        sb.append(problem);
        if (hint != null && !hint.isBlank()) {
            sb.append(problem.endsWith(".") ? " " : ". ").append(hint);
        }
        return sb.toString();
    }
}
