package io.quant4j.onnx.opset;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import java.util.OptionalInt;

/**
 * The since-versions of every default-domain ONNX operator through opset {@value #MAX_OPSET}
 * (resource {@code op-versions.txt}, one line per op, taken from ONNX's {@code docs/Changelog.md}).
 *
 * <p>An op used in a model at opset {@code k} runs its largest version {@code <= k}: Softmax has
 * versions 1, 11 and 13, so a Softmax node of an opset-12 model is Softmax-11, and upgrading that
 * model to 13 crosses Softmax's step 13. A version marked deprecated (Upsample-10, Scatter-11)
 * means the op may not be used from that opset on.
 */
final class OpVersions {
    /** The newest opset the table covers. */
    static final int MAX_OPSET = 17;

    private static final OpVersions TABLE = load();

    private final Map<String, int[]> since;
    private final Map<String, Integer> deprecatedAt;

    private OpVersions(Map<String, int[]> since, Map<String, Integer> deprecatedAt) {
        this.since = since;
        this.deprecatedAt = deprecatedAt;
    }

    static OpVersions table() {
        return TABLE;
    }

    /** Whether the default domain has an op of this name at some opset up to {@value #MAX_OPSET}. */
    boolean known(String op) {
        return since.containsKey(op);
    }

    /** The version an op runs at a given opset: its largest since-version {@code <= opset}. */
    OptionalInt versionAt(String op, int opset) {
        int[] v = since.get(op);
        if (v == null) {
            return OptionalInt.empty();
        }
        int best = -1;
        for (int x : v) {
            if (x <= opset) {
                best = x;
            }
        }
        return best < 0 ? OptionalInt.empty() : OptionalInt.of(best);
    }

    /** The op's first version. */
    int firstVersion(String op) {
        return since.get(op)[0];
    }

    /** Whether the op has a new version exactly at this opset. */
    boolean changesAt(String op, int opset) {
        int[] v = since.get(op);
        return v != null && Arrays.stream(v).anyMatch(x -> x == opset);
    }

    /** The opset from which the op is deprecated, or empty. */
    OptionalInt deprecatedAt(String op) {
        Integer d = deprecatedAt.get(op);
        return d == null ? OptionalInt.empty() : OptionalInt.of(d);
    }

    /** All since-versions of an op, ascending. */
    int[] versions(String op) {
        return since.get(op).clone();
    }

    private static OpVersions load() {
        Map<String, int[]> since = new HashMap<>();
        Map<String, Integer> deprecated = new HashMap<>();
        try (InputStream in = OpVersions.class.getResourceAsStream("op-versions.txt")) {
            if (in == null) {
                throw new IllegalStateException("resource io/quant4j/onnx/opset/op-versions.txt is missing from the jar");
            }
            BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
            for (String line; (line = r.readLine()) != null; ) {
                line = line.strip();
                if (line.isEmpty() || line.startsWith("#")) {
                    continue;
                }
                int colon = line.indexOf(':');
                String op = line.substring(0, colon).strip();
                String[] parts = line.substring(colon + 1).strip().split("\\s+");
                int[] v = new int[parts.length];
                for (int i = 0; i < parts.length; i++) {
                    String p = parts[i];
                    if (p.endsWith("!")) {
                        p = p.substring(0, p.length() - 1);
                        deprecated.put(op, Integer.parseInt(p));
                    }
                    v[i] = Integer.parseInt(p);
                }
                since.put(op, v);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read op-versions.txt", e);
        }
        return new OpVersions(Map.copyOf(since), Map.copyOf(deprecated));
    }
}
