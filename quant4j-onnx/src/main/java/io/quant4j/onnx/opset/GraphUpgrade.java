package io.quant4j.onnx.opset;

import ai.onnx.proto.OnnxMl.AttributeProto;
import ai.onnx.proto.OnnxMl.GraphProto;
import ai.onnx.proto.OnnxMl.NodeProto;
import ai.onnx.proto.OnnxMl.ValueInfoProto;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.OptionalInt;
import java.util.Set;

/**
 * Upgrades the default-domain nodes of one graph (and of its subgraphs) from the model's opset
 * to the target: each node crosses, in order, every version its op gained in between, through
 * the {@link StepRules} rule of that step; the nodes a rule returns continue from that step.
 */
final class GraphUpgrade {
    private final OpVersions versions = OpVersions.table();
    private final Names names;
    private final Set<String> used;
    private final int from;
    private final int to;

    GraphUpgrade(Names names, Set<String> used, int from, int to) {
        this.names = names;
        this.used = used;
        this.from = from;
        this.to = to;
    }

    GraphProto upgrade(GraphProto g, ValueFacts outer, String where) {
        ValueFacts facts = ValueFacts.of(g, outer);
        GraphScope scope = new GraphScope(facts, names, used, where, from, to);
        List<NodeProto> nodes = new ArrayList<>();
        Set<String> before = new HashSet<>();
        Set<String> after = new HashSet<>();
        for (int i = 0; i < g.getNodeCount(); i++) {
            NodeProto n = g.getNode(i);
            before.addAll(n.getOutputList());
            scope.at(i);
            List<NodeProto> converted = defaultDomain(n) ? convert(n, scope) : List.of(n);
            for (NodeProto m : converted) {
                after.addAll(m.getOutputList());
                nodes.add(subgraphs(m, facts, where, scope.label(n)));
            }
        }
        List<ValueInfoProto> infos = new ArrayList<>();
        for (ValueInfoProto v : g.getValueInfoList()) {
            if (!before.contains(v.getName()) || after.contains(v.getName())) {
                infos.add(v);
            }
        }
        return g.toBuilder().clearNode().addAllNode(nodes).addAllInitializer(scope.added())
                .clearValueInfo().addAllValueInfo(infos).build();
    }

    static boolean defaultDomain(NodeProto n) {
        return n.getDomain().isEmpty() || n.getDomain().equals("ai.onnx");
    }

    private List<NodeProto> convert(NodeProto n, GraphScope scope) {
        String op = n.getOpType();
        if (!versions.known(op)) {
            throw scope.refuse(n, "an operator of the default ONNX domain (opsets 1.." + OpVersions.MAX_OPSET + ")",
                    "op type '" + op + "', which no opset up to " + OpVersions.MAX_OPSET + " defines",
                    "Replace the node (experimental ops such as ImageScaler or Crop were removed from ONNX), or give it a custom domain.");
        }
        OptionalInt v = versions.versionAt(op, from);
        if (v.isEmpty()) {
            throw scope.refuse(n, op + " at an opset >= " + versions.firstVersion(op) + " (where it was introduced)",
                    "a model at opset " + from, "Fix the model's opset_import: the model cannot be valid as it is.");
        }
        OptionalInt d = versions.deprecatedAt(op);
        if (d.isPresent() && d.getAsInt() <= from) {
            throw scope.refuse(n, op + " only in models below opset " + d.getAsInt() + " (deprecated there)",
                    "a model at opset " + from, "Replace it by its successor (Upsample: Resize; Scatter: ScatterElements).");
        }
        return chain(n, n, from, scope);
    }

    private List<NodeProto> chain(NodeProto original, NodeProto n, int reached, GraphScope scope) {
        for (int o = reached + 1; o <= to; o++) {
            String op = n.getOpType();
            if (!versions.changesAt(op, o)) {
                continue;
            }
            int previous = versions.versionAt(op, o - 1).orElse(o);
            StepRule rule = StepRules.rule(op, o);
            if (rule == null) {
                throw scope.refuse(original, "a conversion of " + op + "-" + previous + " to " + op + "-" + o,
                        "none: quant4j does not convert this change (see the ONNX Changelog for " + op + "-" + o + ")",
                        "Re-export the model at opset " + o + " or newer, or replace the node.");
            }
            List<NodeProto> out = new ArrayList<>();
            for (NodeProto m : rule.apply(n, new StepContext(scope, original, o, previous))) {
                out.addAll(chain(original, m, o, scope));
            }
            return out;
        }
        return List.of(n);
    }

    private NodeProto subgraphs(NodeProto n, ValueFacts facts, String where, String label) {
        boolean any = n.getAttributeList().stream().anyMatch(a -> a.hasG() || a.getGraphsCount() > 0);
        if (!any) {
            return n;
        }
        NodeProto.Builder b = n.toBuilder();
        for (int k = 0; k < b.getAttributeCount(); k++) {
            AttributeProto a = b.getAttribute(k);
            String at = where + " > node '" + label + "' attribute '" + a.getName() + "'";
            AttributeProto.Builder ab = a.toBuilder();
            if (a.hasG()) {
                ab.setG(upgrade(a.getG(), facts, at));
            }
            for (int j = 0; j < a.getGraphsCount(); j++) {
                ab.setGraphs(j, upgrade(a.getGraphs(j), facts, at + "[" + j + "]"));
            }
            b.setAttribute(k, ab);
        }
        return b.build();
    }
}
