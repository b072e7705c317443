package io.quant4j.onnx.opset;

import io.quant4j.errors.Quant4jException;

/**
 * A model that {@link OpsetUpgrade} cannot bring to the asked opset without changing what it
 * computes. It names the node (or {@code "<model>"} for model-level problems), its op type, the
 * model's opset and the target, and says what was expected, what was found and how to fix it:
 *
 * <pre>
 *   node 'tile_0' (Tile) cannot go from opset 5 to opset 13: expected Tile-6 inputs (input, repeats),
 *   found Tile-1 inputs (input, tiles, axis) at graph 'main'. Re-export the model at opset 6 or newer.
 * </pre>
 */
public final class OpsetUpgradeException extends Quant4jException {
    private static final long serialVersionUID = 1L;

    private final String node;
    private final String opType;
    private final long fromOpset;
    private final long toOpset;

    /**
     * @param node the node's name ({@code "#i"} for an unnamed node, its index in its graph), or
     *     {@code "<model>"}
     * @param opType the node's op type, or {@code ""} for a model-level problem
     * @param fromOpset the model's default-domain opset (0 when it has none)
     * @param toOpset the target opset (0 when not asked yet)
     * @param expected what the upgrade needs
     * @param found what the model has
     * @param where the graph ({@code "graph 'main'"}, {@code "graph 'main' > node 'loop_0' body"})
     * @param hint how to fix it
     */
    public OpsetUpgradeException(String node, String opType, long fromOpset, long toOpset, String expected,
                                 String found, String where, String hint) {
        super(problem(node, opType, fromOpset, toOpset, expected, found), where, hint, null);
        this.node = node;
        this.opType = opType;
        this.fromOpset = fromOpset;
        this.toOpset = toOpset;
    }

    private static String problem(String node, String opType, long from, long to, String expected, String found) {
        String who = opType.isEmpty() ? "the model" : "node '" + node + "' (" + opType + ")";
        String step = from > 0 ? " cannot go from opset " + from + " to opset " + to : " cannot be upgraded";
        return who + step + ": expected " + expected + ", found " + found;
    }

    /** The node's name ({@code "#i"} when unnamed), or {@code "<model>"}. */
    public String node() {
        return node;
    }

    /** The node's op type, {@code ""} for a model-level problem. */
    public String opType() {
        return opType;
    }

    /** The model's default-domain opset. */
    public long fromOpset() {
        return fromOpset;
    }

    /** The target opset. */
    public long toOpset() {
        return toOpset;
    }
}
