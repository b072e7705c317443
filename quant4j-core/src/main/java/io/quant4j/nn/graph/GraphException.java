package io.quant4j.nn.graph;

import io.quant4j.errors.Quant4jException;

/** A graph that cannot be built or run: what was expected, what was found, which node, how to fix it. */
public class GraphException extends Quant4jException {
    private static final long serialVersionUID = 1L;

    public GraphException(String problem, String where, String hint) {
        super(problem, where, hint, null);
    }

    /** A problem at a node: names the node and its op type. */
    public GraphException(GraphNode node, String problem, String hint) {
        super(problem, node.op() + " node '" + node.name() + "'", hint, null);
    }

    public GraphException(GraphNode node, String problem, String hint, Throwable cause) {
        super(problem, node.op() + " node '" + node.name() + "'", hint, cause);
    }
}
