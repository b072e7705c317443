package io.quant4j.nn.graph;

import io.quant4j.tensor.Tensor;
import java.util.Collections;
import java.util.List;

/**
 * One execution of a node: the node, its input values ({@code null} for an omitted optional
 * input) and the opset the graph was written for (ops whose inputs or attributes changed between
 * opsets read it).
 *
 * @param node the node
 * @param inputs its input values, one per input name
 * @param opset the graph's default-domain opset
 */
public record OpCall(GraphNode node, List<Value> inputs, int opset) {
    public OpCall {
        inputs = Collections.unmodifiableList(new java.util.ArrayList<>(inputs));
    }

    /** Whether input {@code i} is present. */
    public boolean has(int i) {
        return i < inputs.size() && inputs.get(i) != null;
    }

    /** Input {@code i}, which must be present. */
    public Value input(int i) {
        if (!has(i)) {
            throw error("expected input " + i + " (" + (i < node.inputs().size() ? "'" + node.inputs().get(i) + "'" : "absent") + "), found none",
                    "Give the node its required inputs.");
        }
        return inputs.get(i);
    }

    /** Input {@code i} as a float tensor (integer values are converted). */
    public Tensor dense(int i) {
        Value v = input(i);
        return v instanceof Value.Dense d ? d.tensor() : ((Value.Ints) v).toTensor();
    }

    /** Input {@code i} as host integers: it must be an integer tensor computed on the host. */
    public Value.Ints ints(int i) {
        Value v = input(i);
        if (v instanceof Value.Ints n) {
            return n;
        }
        throw error("expected input " + i + " ('" + node.inputs().get(i) + "') to be an integer tensor known without running the model"
                + " (a constant, or computed from shapes), found a float tensor computed from the data",
                "quant4j folds shape computations on the host; a data-dependent shape or index is not supported.");
    }

    /** Input {@code i}'s integers. */
    public long[] longs(int i) {
        return ints(i).data();
    }

    /** One dense output. */
    public static List<Value> out(Tensor t) {
        return List.of(new Value.Dense(t));
    }

    /** An error at this node. */
    public GraphException error(String problem, String hint) {
        return new GraphException(node, problem, hint);
    }
}
