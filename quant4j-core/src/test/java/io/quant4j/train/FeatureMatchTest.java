package io.quant4j.train;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.quant4j.nn.EvalMode;
import io.quant4j.nn.Parameter;
import io.quant4j.nn.graph.GraphException;
import io.quant4j.nn.graph.GraphModule;
import io.quant4j.nn.graph.GraphModuleBuilder;
import io.quant4j.nn.graph.GraphNode;
import io.quant4j.nn.graph.HostTensor;
import io.quant4j.tensor.Autograd;
import io.quant4j.tensor.Scope;
import io.quant4j.tensor.Tensor;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** Taps on graph edges and the feature-matching term of distillation, on a two-Gemm graph. */
class FeatureMatchTest {

    /** x [N,4] -> Gemm (3 outputs) -> h -> Relu -> r -> Gemm (2 outputs) -> y. */
    static GraphModule graph() {
        Random rnd = new Random(5);
        float[] w1 = new float[12];
        float[] w2 = new float[6];
        for (int i = 0; i < w1.length; i++) {
            w1[i] = (float) rnd.nextGaussian();
        }
        for (int i = 0; i < w2.length; i++) {
            w2[i] = (float) rnd.nextGaussian();
        }
        return new GraphModuleBuilder(17).input("x", new long[] {-1, 4}).output("y")
                .constant("w1", HostTensor.ofFloats(w1, 3, 4)).constant("b1", HostTensor.ofFloats(new float[] {0.1f, -0.2f, 0.3f}, 3))
                .constant("w2", HostTensor.ofFloats(w2, 2, 3))
                .node(new GraphNode("gemm.1", "Gemm", List.of("x", "w1", "b1"), List.of("h"), Map.of("transB", 1L)))
                .node(new GraphNode("relu", "Relu", List.of("h"), List.of("r"), Map.of()))
                .node(new GraphNode("gemm.2", "Gemm", List.of("r", "w2"), List.of("y"), Map.of("transB", 1L)))
                .build();
    }

    static Tensor input() {
        float[] x = new float[8 * 4];
        Random rnd = new Random(9);
        for (int i = 0; i < x.length; i++) {
            x[i] = (float) rnd.nextGaussian();
        }
        return Tensor.fromFloats(x, 8, 4);
    }

    @Test
    void nodeNamesResolveToTheirEdgeAndUnknownOnesAreNamed() {
        try (GraphModule g = graph()) {
            assertThat(g.edgeOf("gemm.1")).isEqualTo("h");
            assertThat(g.edgeOf(GraphModule.moduleNameOf("gemm.1"))).isEqualTo("h");
            assertThat(g.edgeOf("r")).isEqualTo("r");
            assertThatThrownBy(() -> g.edgeOf("gemm.9x")).isInstanceOf(GraphException.class).hasMessageContaining("'gemm.9x'")
                    .hasMessageContaining("gemm.1");
            assertThatThrownBy(() -> g.tap(List.of("gemm.1"))).isInstanceOf(IllegalArgumentException.class);
        }
    }

    @Test
    void tappedEdgesOutliveTheModulesOwnScopeWithoutGradients() {
        try (GraphModule g = graph(); Scope s = Scope.open(); Autograd.Recording off = Autograd.noGrad()) {
            Tensor x = input();
            g.forward(x);
            assertThat(g.taps()).isEmpty();
            g.tap(List.of("h", "r"));
            Tensor y = g.forward(x);
            assertThat(g.taps()).containsOnlyKeys("h", "r");
            // freed arrays would throw here: the module's scope closed when forward returned
            float[] h = g.taps().get("h").toFloatArray();
            float[] r = g.taps().get("r").toFloatArray();
            assertThat(g.taps().get("h").shape()).containsExactly(8, 3);
            for (int i = 0; i < h.length; i++) {
                assertThat(r[i]).isEqualTo(Math.max(h[i], 0f));
            }
            assertThat(y.shape()).containsExactly(8, 2);
            g.tap(List.of());
            g.forward(x);
            assertThat(g.taps()).isEmpty();
        }
    }

    @Test
    void theFeatureTermIsTheRelativeMeanSquaredErrorAtEachEdge() {
        try (GraphModule teacher = graph(); GraphModule student = teacher.deepCopy(); Scope s = Scope.open()) {
            List<String> edges = List.of("h", "r");
            teacher.tap(edges);
            student.tap(edges);
            DistillationLoss plain = DistillationLoss.mse(teacher);
            DistillationLoss withFeatures = new DistillationLoss(teacher, new Divergence.MeanSquaredError(),
                    new FeatureMatch(student, edges, 0.5));
            Tensor x = input();
            // the same weights: nothing to match
            Tensor same = EvalMode.run(student, () -> student.forward(x));
            assertThat(withFeatures.compute(same, x, null).value().item()).isZero();
            try (Scope sc = Scope.open(); Autograd.Recording off = Autograd.noGrad()) {
                for (Parameter p : student.namedParameters().values()) {
                    p.value().ndArray().muli(1.1f);
                }
            }
            Tensor out = EvalMode.run(student, () -> student.forward(x));
            double base = plain.compute(out, x, null).value().item();
            double total = withFeatures.compute(out, x, null).value().item();
            double expected = 0;
            for (String e : edges) {
                float[] a = student.taps().get(e).toFloatArray();
                float[] b = teacher.taps().get(e).toFloatArray();
                double se = 0;
                double ss = 0;
                for (int i = 0; i < a.length; i++) {
                    se += (a[i] - b[i]) * (a[i] - b[i]);
                    ss += b[i] * b[i];
                }
                expected += se / ss;
            }
            expected *= 0.5 / edges.size();
            assertThat(expected).isGreaterThan(1e-3);
            assertThat(total - base).isCloseTo(expected, org.assertj.core.data.Offset.offset(1e-5 + 1e-4 * expected));
            assertThat(withFeatures.toMap()).containsKey("features");
        }
    }

    @Test
    void featureMatchingIsCheckedAgainstTheStudentAndTheTeacher() {
        try (GraphModule teacher = graph(); GraphModule student = teacher.deepCopy(); GraphModule other = teacher.deepCopy()) {
            FeatureMatch f = new FeatureMatch(student, List.of("h"), 1);
            DistillationLoss loss = new DistillationLoss(teacher, new Divergence.MeanSquaredError(), f);
            TrainingParams p = TrainingParams.builder().epochs(1).batchSize(4).build();
            assertThatThrownBy(() -> loss.check(other, p)).isInstanceOf(TrainingParamsException.class).hasMessageContaining("another graph");
            assertThatThrownBy(() -> new FeatureMatch(student, List.of(), 1)).isInstanceOf(TrainingParamsException.class);
            assertThatThrownBy(() -> new FeatureMatch(student, List.of("h"), 0)).isInstanceOf(TrainingParamsException.class);
        }
        try (GraphModule student = graph();
             io.quant4j.nn.Module zoo = io.quant4j.models.Models.get("resnet_fmnist", io.quant4j.models.ModelOptions.defaults())) {
            FeatureMatch f = new FeatureMatch(student, List.of("h"), 1);
            assertThatThrownBy(() -> new DistillationLoss(zoo, new Divergence.MeanSquaredError(), f))
                    .isInstanceOf(TrainingParamsException.class).hasMessageContaining("imported graph");
        }
    }
}
