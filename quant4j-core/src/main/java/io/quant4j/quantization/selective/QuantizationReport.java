package io.quant4j.quantization.selective;

import java.util.List;

/**
 * What {@link SelectiveQuantizer#quantize} did.
 *
 * @param entries one per matched module, in tree order
 * @param leftFloat paths of quantizable modules (a mapped float type) that stayed float
 * @param warnings adjustments made to the request (e.g. learnAmax dropped for per-channel weights)
 * @param notes what the placement achieved (e.g. {@code 15 integer convs, 1 integer linear layers, 6 integer adds})
 */
public record QuantizationReport(List<Entry> entries, List<String> leftFloat, List<String> warnings, List<String> notes) {
    public QuantizationReport {
        entries = List.copyOf(entries);
        leftFloat = List.copyOf(leftFloat);
        warnings = List.copyOf(warnings);
        notes = notes == null ? List.of() : List.copyOf(notes);
    }

    /** A report without notes. */
    public QuantizationReport(List<Entry> entries, List<String> leftFloat, List<String> warnings) {
        this(entries, leftFloat, warnings, List.of());
    }

    /**
     * One matched module.
     *
     * @param path dotted path
     * @param floatType the float module's type
     * @param action what was done
     * @param quantType the target's name (replacing actions), else empty
     * @param matchedBy {@code name}, {@code pattern <regex>}, {@code type} or {@code wrapper}
     */
    public record Entry(String path, String floatType, ReplacementAction action, String quantType, String matchedBy) {}

    /** Paths of replaced modules. */
    public List<String> replaced() {
        return entries.stream().filter(e -> e.action().replaces()).map(Entry::path).toList();
    }

    /** Paths of skipped (or unwrapped) modules. */
    public List<String> skipped() {
        return entries.stream().filter(e -> !e.action().replaces()).map(Entry::path).toList();
    }

    /** A readable table. */
    public String format() {
        StringBuilder sb = new StringBuilder();
        sb.append(String.format("%-34s %-22s %-20s %-22s %s%n", "module", "float type", "action", "quantized as", "matched by"));
        for (Entry e : entries) {
            sb.append(String.format("%-34s %-22s %-20s %-22s %s%n", e.path(), e.floatType(),
                    e.action().name().toLowerCase(java.util.Locale.ROOT), e.quantType(), e.matchedBy()));
        }
        sb.append(String.format("%d replaced, %d skipped, %d quantizable modules left float%s%n", replaced().size(),
                skipped().size(), leftFloat.size(), leftFloat.isEmpty() ? "" : ": " + leftFloat));
        notes.forEach(n -> sb.append("note: ").append(n).append('\n'));
        warnings.forEach(w -> sb.append("warning: ").append(w).append('\n'));
        return sb.toString();
    }
}
