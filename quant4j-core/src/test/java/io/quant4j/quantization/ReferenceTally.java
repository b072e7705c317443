package io.quant4j.quantization;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Counts the reference cases {@link QuantizationReferenceTest} ran and passed, per file and section,
 * and writes the summary line that shows a build ran them (thread-safe: dynamic tests may run in
 * parallel).
 */
final class ReferenceTally {
    private final Map<String, Map<String, int[]>> counts = new LinkedHashMap<>();

    /** A file the run reads, with all its sections at zero (so an empty section shows as 0). */
    synchronized void file(String source) {
        Map<String, int[]> m = counts.computeIfAbsent(source, s -> new LinkedHashMap<>());
        for (String section : ReferenceSet.SECTIONS) {
            m.computeIfAbsent(section, s -> new int[2]);
        }
    }

    /** One case of {@code section} in {@code source} was registered. */
    synchronized void registered(String source, String section) {
        file(source);
        counts.get(source).get(section)[0]++;
    }

    /** One case of {@code section} in {@code source} passed. */
    synchronized void passed(String source, String section) {
        file(source);
        counts.get(source).get(section)[1]++;
    }

    /** One line per file: its cases per section, ran and passed, and the total. */
    synchronized String summary() {
        if (counts.isEmpty()) {
            return "QuantizationReferenceTest: no reference file was read (see the failures above)";
        }
        StringBuilder sb = new StringBuilder();
        int allRan = 0;
        int allPassed = 0;
        for (Map.Entry<String, Map<String, int[]>> f : counts.entrySet()) {
            int ran = 0;
            int passed = 0;
            StringBuilder parts = new StringBuilder();
            for (Map.Entry<String, int[]> s : f.getValue().entrySet()) {
                parts.append(parts.length() == 0 ? "" : ", ").append(s.getKey()).append(' ').append(s.getValue()[0]);
                ran += s.getValue()[0];
                passed += s.getValue()[1];
            }
            sb.append("QuantizationReferenceTest: ").append(f.getKey()).append(": ").append(ran)
                    .append(" cases (").append(parts).append("), ").append(passed).append(" passed\n");
            allRan += ran;
            allPassed += passed;
        }
        sb.append("QuantizationReferenceTest: ").append(allRan).append(" reference cases from ")
                .append(counts.size()).append(counts.size() == 1 ? " file, " : " files, ").append(allPassed)
                .append(" passed");
        return sb.toString();
    }
}
