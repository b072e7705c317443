package io.quant4j.train;

import io.quant4j.nn.graph.GraphModule;
import io.quant4j.tensor.Tensor;
import java.util.List;
import java.util.Map;

/**
 * Intermediate-feature matching, added to a {@link DistillationLoss}: at each matched edge {@code e}
 * of the student and teacher graphs (the same ONNX graph, quantized and float),
 *
 * <pre>
 *   L_f = w * (1 / |E|) * sum_e mean((s_e - t_e)^2) / max(mean(t_e^2), 1e-12)
 * </pre>
 *
 * a mean squared error relative to the teacher's mean square (its denominator is a constant of the
 * step), so that edges of different magnitude weigh alike. The student's value is the one its next
 * op reads (after the edge's quantizer). Both graphs record these edges ({@link GraphModule#tap}).
 *
 * @param student the graph being trained, recording {@code edges}
 * @param edges the matched edges (node outputs), at least one
 * @param weight {@code w > 0}
 */
public record FeatureMatch(GraphModule student, List<String> edges, double weight) {
    /** The floor of the teacher's mean square in the denominator. */
    static final float MIN_MEAN_SQUARE = 1e-12f;

    public FeatureMatch {
        if (student == null) {
            throw new TrainingParamsException("match", "feature matching needs the student graph: expected a model, found null",
                    "Pass the quantized graph being trained.");
        }
        if (edges == null || edges.isEmpty()) {
            throw new TrainingParamsException("match", "expected at least one edge to match, found none", "Name a node with --match NODE.");
        }
        if (!(weight > 0 && Double.isFinite(weight))) {
            throw new TrainingParamsException("match_weight", "expected a finite feature-matching weight > 0, found " + weight,
                    "Use 1 (as much as the output's divergence) or less.");
        }
        edges = List.copyOf(edges);
    }

    /** {@code L_f} from the last forward of the student and of {@code teacher}. */
    Tensor loss(GraphModule teacher) {
        Map<String, Tensor> s = student.taps();
        Map<String, Tensor> t = teacher.taps();
        Tensor sum = null;
        for (String e : edges) {
            Tensor se = s.get(e);
            Tensor te = t.get(e);
            if (se == null || te == null) {
                throw new TrainingParamsException("match", "expected both graphs to have recorded edge '" + e + "', found it missing in the "
                        + (se == null ? "student" : "teacher"), "Call tap(edges) on both graphs before training.");
            }
            Divergence.requireSameShape(se, te);
            // the teacher ran without gradients: its values are constants of the step
            float meanSquare = Math.max(te.square().mean().item(), MIN_MEAN_SQUARE);
            Tensor term = se.sub(te).square().mean().div(meanSquare);
            sum = sum == null ? term : sum.add(term);
        }
        return sum.mul((float) (weight / edges.size()));
    }

    /** The recipe form: {@code edges}, {@code weight}. */
    Map<String, Object> toMap() {
        Map<String, Object> m = new java.util.LinkedHashMap<>();
        m.put("edges", edges);
        m.put("weight", weight);
        return m;
    }
}
