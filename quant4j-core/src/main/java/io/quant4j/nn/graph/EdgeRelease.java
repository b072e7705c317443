package io.quant4j.nn.graph;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import io.quant4j.tensor.Autograd;
import io.quant4j.tensor.Engines;
import io.quant4j.tensor.Scope;
import io.quant4j.tensor.Tracer;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;

/**
 * Frees each intermediate value of a graph forward once its last reader has run, so that a
 * forward holds the values still to be read rather than every edge of the graph: with {@code E}
 * edges of {@code b} bytes each, peak memory drops from {@code sum b} to the largest live set
 * (one FP32 forward of PP-OCRv4 rec on 64 x 3 x 48 x 320: 13.0 GB to 0.77 GB resident).
 *
 * <p>A value is freed only when nothing can read it after the forward:
 * <ul>
 *   <li>no gradient is recorded and no {@link Tracer} is active (both keep values for later);</li>
 *   <li>it was made in this forward's own scope (not a buffer, a parameter or the caller's input);</li>
 *   <li>it is not a graph output and not a tapped edge ({@link GraphModule#tap});</li>
 *   <li>no other live edge holds the same array (Identity, a no-op Reshape or a disabled
 *       quantizer pass their input through): arrays are counted by identity.</li>
 * </ul>
 * Closing a handle only drops this handle's reference: a view another value holds keeps its storage.
 *
 * <p>An op node's temporaries (a fused hard-swish's {@code x + 3} and its clip) are freed when the
 * node returns ({@link #scoped}), as a layer's are when its module returns; a node output that an
 * edge quantizer replaced is freed after the node ({@link #replaced}), under the same conditions.
 */
final class EdgeRelease {
    private final List<List<String>> dyingAfter;
    private final NDManager scope;
    private final Set<String> kept;
    private final Map<NDArray, Integer> holders = new IdentityHashMap<>();
    private final Set<NDArray> pinned = Collections.newSetFromMap(new IdentityHashMap<>());
    private final List<NDArray> replacedRaw = new ArrayList<>();

    private EdgeRelease(List<List<String>> dyingAfter, NDManager scope, Set<String> kept) {
        this.dyingAfter = dyingAfter;
        this.scope = scope;
        this.kept = kept;
    }

    /**
     * For each node (by index), the edges no later node reads: its inputs read for the last time,
     * and its outputs nothing reads. Graph outputs never die.
     */
    static List<List<String>> lastUses(List<GraphNode> nodes, Collection<String> graphOutputs) {
        Map<String, Integer> last = new HashMap<>();
        for (int i = 0; i < nodes.size(); i++) {
            GraphNode n = nodes.get(i);
            for (String e : n.outputs()) {
                if (!e.isEmpty()) {
                    last.put(e, i);
                }
            }
            for (String e : n.inputs()) {
                if (!e.isEmpty()) {
                    last.put(e, i);
                }
            }
        }
        graphOutputs.forEach(last::remove);
        List<List<String>> dying = new ArrayList<>(nodes.size());
        for (int i = 0; i < nodes.size(); i++) {
            dying.add(new ArrayList<>());
        }
        last.forEach((edge, i) -> dying.get(i).add(edge));
        return dying.stream().map(l -> List.copyOf(new LinkedHashSet<>(l))).toList();
    }

    /**
     * Starts releasing for one forward, or returns null when values must outlive it (gradients
     * recorded, a tracer active, or no scope of its own to tell this forward's values by).
     *
     * @param dyingAfter {@link #lastUses} of the graph
     * @param kept edges to keep (tapped ones)
     * @param given the caller's inputs, never freed
     */
    static EdgeRelease start(List<List<String>> dyingAfter, Set<String> kept, Collection<Value> given) {
        NDManager scope = Scope.creationManager();
        if (Tracer.active() != null || scope == Engines.root() || Autograd.isRecording()) {
            return null;
        }
        EdgeRelease r = new EdgeRelease(dyingAfter, scope, kept);
        for (Value v : given) {
            if (v instanceof Value.Dense d) {
                r.pinned.add(d.tensor().ndArray());
            }
        }
        return r;
    }

    /** Runs an op node in a scope of its own, closed when it returns: only its outputs move to the forward's scope. */
    List<Value> scoped(Supplier<List<Value>> op) {
        try (Scope node = Scope.open()) {
            List<Value> out = op.get();
            for (Value v : out) {
                if (v instanceof Value.Dense d && d.tensor().ndArray().getManager() == node.manager()) {
                    node.keep(d.tensor());
                }
            }
            return out;
        }
    }

    /** A value was stored for an edge. */
    void stored(Value v) {
        if (v instanceof Value.Dense d) {
            holders.merge(d.tensor().ndArray(), 1, Integer::sum);
        }
    }

    /**
     * An edge quantizer turned a node's output {@code raw} into {@code stored}: the raw value is
     * freed after the node, unless an edge holds it then (another output of the node may be it).
     */
    void replaced(Value raw, Value stored) {
        if (raw instanceof Value.Dense r && stored instanceof Value.Dense s && r.tensor().ndArray() != s.tensor().ndArray()) {
            replacedRaw.add(r.tensor().ndArray());
        }
    }

    private void free(NDArray nd) {
        if (!pinned.contains(nd) && nd.getManager() == scope) {
            nd.close();
        }
    }

    /** Node {@code index} has run: drops the edges it read last from {@code env}, freeing arrays no edge holds now. */
    void afterNode(int index, Map<String, Value> env) {
        for (NDArray raw : replacedRaw) {
            if (!holders.containsKey(raw)) {
                free(raw);
            }
        }
        replacedRaw.clear();
        for (String edge : dyingAfter.get(index)) {
            if (kept.contains(edge)) {
                continue;
            }
            Value v = env.remove(edge);
            if (!(v instanceof Value.Dense d)) {
                continue;
            }
            NDArray nd = d.tensor().ndArray();
            int left = holders.merge(nd, -1, Integer::sum);
            if (left <= 0) {
                holders.remove(nd);
                free(nd);
            }
        }
    }
}
