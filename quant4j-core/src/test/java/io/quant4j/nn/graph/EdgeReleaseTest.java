package io.quant4j.nn.graph;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import ai.djl.ndarray.NDArray;
import io.quant4j.nn.Module;
import io.quant4j.tensor.Autograd;
import io.quant4j.tensor.Scope;
import io.quant4j.tensor.Tensor;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * A graph forward without gradients frees each value after its last reader, and an op node's
 * temporaries when it returns; aliases (Identity), graph outputs, tapped edges, constants and the
 * caller's input survive, and the outputs equal those of a forward that frees nothing.
 */
class EdgeReleaseTest {

    /**
     * x -> HardSwish -> a -> Identity -> b -> Relu -> c; a and c -> Add -> y (output); b -> Mul(w) -> z
     * (output, read by nothing else); x also feeds Sigmoid -> s -> Add(y2 = s + w) -> y2 (output).
     */
    private static GraphModule graph() {
        return new GraphModuleBuilder(17).input("x", new long[] {-1, 6}).output("y").output("z").output("y2")
                .constant("w", HostTensor.ofFloats(new float[] {1, 2, 3, 4, 5, 6}, 6))
                .node(new GraphNode("hs", "HardSwish", List.of("x"), List.of("a"), Map.of()))
                .node(new GraphNode("id", "Identity", List.of("a"), List.of("b"), Map.of()))
                .node(new GraphNode("relu", "Relu", List.of("b"), List.of("c"), Map.of()))
                .node(new GraphNode("add", "Add", List.of("a", "c"), List.of("y"), Map.of()))
                .node(new GraphNode("mul", "Mul", List.of("b", "w"), List.of("z"), Map.of()))
                .node(new GraphNode("sig", "Sigmoid", List.of("x"), List.of("s"), Map.of()))
                .node(new GraphNode("add2", "Add", List.of("s", "w"), List.of("y2"), Map.of()))
                .build();
    }

    private static float[] data() {
        Random r = new Random(3);
        float[] x = new float[4 * 6];
        for (int i = 0; i < x.length; i++) {
            x[i] = (float) (4 * r.nextGaussian());
        }
        return x;
    }

    @Test
    void lastUsesListEachEdgeOnceAfterItsLastReaderAndNeverAnOutput() {
        try (GraphModule g = graph()) {
            List<List<String>> dying = EdgeRelease.lastUses(g.nodes(), g.outputNames());
            // a is read last by add (3), b by mul (4), x by sig (5), s and the constant w by add2 (6)
            assertThat(dying.get(3)).containsExactlyInAnyOrder("a", "c");
            assertThat(dying.get(4)).containsExactly("b");
            assertThat(dying.get(5)).containsExactly("x");
            assertThat(dying.get(6)).containsExactlyInAnyOrder("s", "w");
            assertThat(dying.stream().flatMap(List::stream)).doesNotContain("y", "z", "y2");
        }
    }

    @Test
    void withoutGradientsOnlyTheInputAndTheOutputsAreLeftInTheCallersScope() {
        float[] x = data();
        try (GraphModule g = graph()) {
            Map<String, float[]> kept;
            try (Scope s = Scope.open(); Autograd.Recording rec = Autograd.record()) {
                // recording gradients: nothing may be freed, every value stays in the scope
                Map<String, Tensor> out = g.run(Map.of("x", Tensor.fromFloats(x, 4, 6)));
                kept = Map.of("y", out.get("y").toFloatArray(), "z", out.get("z").toFloatArray(), "y2", out.get("y2").toFloatArray());
                assertThat(s.manager().getManagedArrays().size()).isGreaterThan(4);
            }
            try (Scope s = Scope.open(); Autograd.Recording off = Autograd.noGrad()) {
                Tensor in = Tensor.fromFloats(x, 4, 6);
                Map<String, Tensor> out = g.run(Map.of("x", in));
                List<NDArray> left = s.manager().getManagedArrays();
                assertThat(left).hasSize(4).contains(in.ndArray(), out.get("y").ndArray(), out.get("z").ndArray(),
                        out.get("y2").ndArray());
                assertThat(in.toFloatArray()).containsExactly(x);
                for (String o : List.of("y", "z", "y2")) {
                    assertThat(out.get(o).toFloatArray()).as(o).containsExactly(kept.get(o));
                }
            }
            // the constant the last node read is still the module's
            assertThat(g.constant("w").floats()).containsExactly(1, 2, 3, 4, 5, 6);
        }
    }

    @Test
    void aValueAnEdgeQuantizerReplacedIsFreedToo() {
        float[] x = data();
        try (GraphModule g = graph()) {
            // stands for a quantizer: a new tensor for the edge's readers
            g.quantizeEdge("a", "q_a", new Module() {
                @Override
                protected Tensor forwardImpl(Tensor t) {
                    return t.mul(2f);
                }
            }, Set.of("add", "id"));
            float[] y;
            try (Scope s = Scope.open(); Autograd.Recording rec = Autograd.record()) {
                y = g.run(Map.of("x", Tensor.fromFloats(x, 4, 6))).get("y").toFloatArray();
            }
            try (Scope s = Scope.open(); Autograd.Recording off = Autograd.noGrad()) {
                Map<String, Tensor> out = g.run(Map.of("x", Tensor.fromFloats(x, 4, 6)));
                assertThat(s.manager().getManagedArrays()).hasSize(4);
                assertThat(out.get("y").toFloatArray()).containsExactly(y);
                // y = 2 hs(x) + relu(2 hs(x))
                double hs = x[0] * Math.max(0, Math.min(1, x[0] / 6.0 + 0.5));
                assertThat((double) y[0]).isCloseTo(2 * hs + Math.max(0, 2 * hs), within(1e-5));
            }
        }
    }

    @Test
    void tappedEdgesAndModuleForwardsKeepWhatTheyNeed() {
        float[] x = data();
        try (GraphModule g = graph(); Autograd.Recording off = Autograd.noGrad(); Scope s = Scope.open()) {
            g.tap(List.of("b", "s"));
            Tensor y = g.forward(Tensor.fromFloats(x, 4, 6));
            float[] b = g.taps().get("b").toFloatArray();
            float[] sig = g.taps().get("s").toFloatArray();
            for (int i = 0; i < x.length; i++) {
                double hs = x[i] * Math.max(0, Math.min(1, x[i] / 6.0 + 0.5));
                assertThat((double) b[i]).isCloseTo(hs, within(1e-5));
                assertThat((double) sig[i]).isCloseTo(1 / (1 + Math.exp(-x[i])), within(1e-6));
                assertThat((double) y.toFloatArray()[i]).isCloseTo(hs + Math.max(0, hs), within(1e-5));
            }
        }
    }
}
