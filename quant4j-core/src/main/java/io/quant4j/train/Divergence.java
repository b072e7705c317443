package io.quant4j.train;

import io.quant4j.errors.ShapeMismatchException;
import io.quant4j.tensor.Tensor;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * How far a student's output {@code s} is from its teacher's output {@code t} of the same shape,
 * a scalar to minimize ({@link DistillationLoss}):
 * <ul>
 *   <li>{@link MeanSquaredError}: {@code mean((s - t)^2)} over every element; any output (logits,
 *       probability maps, features).</li>
 *   <li>{@link KlDivergence}: over the last axis (the classes; {@code N x K} logits, or
 *       {@code N x T x K} sequences), with temperature {@code T},
 *       {@code q = softmax(z_t / T)}, {@code p = softmax(z_s / T)},
 *       {@code KL = T^2 * (1 / M) * sum_m sum_k q_mk (log q_mk - log p_mk)} where {@code M} is the
 *       number of positions (all axes but the last: {@code N}, or {@code N * T}); for {@code N x K}
 *       this is PyTorch's {@code T^2 * kl_div(log_softmax(s/T), softmax(t/T), reduction="batchmean")}
 *       (Hinton et al.'s scaling). When the outputs are already probabilities (the graph ends in
 *       Softmax), {@code z = log(max(x, 1e-12))} stands for the logits: the softmax of those is
 *       {@code x} again.</li>
 * </ul>
 */
public sealed interface Divergence {
    /** The scalar divergence of {@code student} from {@code teacher} (same shape). */
    Tensor between(Tensor student, Tensor teacher);

    /** The name of the {@code --loss} option: {@code mse} or {@code kl}. */
    String id();

    /** The divergence by recipe name (snake_case). */
    Map<String, Object> toMap();

    /** {@code mean((s - t)^2)}. */
    record MeanSquaredError() implements Divergence {
        @Override
        public Tensor between(Tensor student, Tensor teacher) {
            requireSameShape(student, teacher);
            return student.sub(teacher).square().mean();
        }

        @Override
        public String id() {
            return "mse";
        }

        @Override
        public Map<String, Object> toMap() {
            return Map.of("kind", id());
        }
    }

    /**
     * KL divergence of the softmaxes over the last axis (see the interface comment).
     *
     * @param temperature {@code T > 0}
     * @param probabilities whether the outputs are probabilities (softmax already applied) rather than logits
     */
    record KlDivergence(double temperature, boolean probabilities) implements Divergence {
        /** The floor of probabilities before their log. */
        public static final float MIN_PROBABILITY = 1e-12f;

        public KlDivergence {
            if (!(temperature > 0 && Double.isFinite(temperature))) {
                throw new TrainingParamsException("temperature", "expected a finite distillation temperature > 0, found " + temperature,
                        "Use 1 (plain KL) or a softer 2..4.");
            }
        }

        @Override
        public Tensor between(Tensor student, Tensor teacher) {
            requireSameShape(student, teacher);
            if (student.rank() < 2) {
                throw new ShapeMismatchException("KL distillation compares distributions over the last axis", "N x K or N x T x K",
                        student.shape(), "Use the mse divergence for this output.");
            }
            int axis = student.rank() - 1;
            float t = (float) temperature;
            Tensor logP = logits(student).div(t).logSoftmax(axis);
            Tensor logQ = logits(teacher).div(t).logSoftmax(axis);
            Tensor perPosition = logQ.exp().mul(logQ.sub(logP)).sum(new int[] {axis}, false);
            return perPosition.mean().mul(t * t);
        }

        private Tensor logits(Tensor x) {
            return probabilities ? x.clamp(MIN_PROBABILITY, Float.MAX_VALUE).log() : x;
        }

        @Override
        public String id() {
            return "kl";
        }

        @Override
        public Map<String, Object> toMap() {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("kind", id());
            m.put("temperature", temperature);
            m.put("probabilities", probabilities);
            return m;
        }
    }

    static void requireSameShape(Tensor student, Tensor teacher) {
        if (!Arrays.equals(student.shape(), teacher.shape())) {
            throw new ShapeMismatchException("the student's output " + Arrays.toString(student.shape()) + " and the teacher's "
                    + Arrays.toString(teacher.shape()) + " differ: expected the same shape",
                    "Distill from the model the student was made from (same outputs).");
        }
    }
}
