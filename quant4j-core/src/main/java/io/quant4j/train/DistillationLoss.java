package io.quant4j.train;

import io.quant4j.data.Batch;
import io.quant4j.nn.EvalMode;
import io.quant4j.nn.Module;
import io.quant4j.nn.Parameter;
import io.quant4j.nn.graph.GraphModule;
import io.quant4j.tensor.Tensor;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * Distillation from a frozen teacher (quantization-aware distillation when the student is a
 * quantized copy of the teacher): {@code L = D(student(x), teacher(x))} on the same batch {@code x},
 * with a {@link Divergence} {@code D} (MSE by default, KL of the softmaxes for classifier logits).
 * Labels are never read.
 *
 * <p>The teacher runs in eval mode without gradients ({@link EvalMode}: its modules' own flags are
 * restored after each call); it is not the optimizer's, so its parameters and buffers stay
 * bit-identical through training. It must share no parameter with the student.
 *
 * <p>With {@link FeatureMatch}, intermediate edges of the two graphs are matched as well:
 * {@code L = D(student(x), teacher(x)) + L_f}.
 *
 * @param teacher the frozen reference model (e.g. the FP32 model the student was quantized from)
 * @param divergence how outputs are compared
 * @param features intermediate-feature matching, or null for outputs only
 */
public record DistillationLoss(Module teacher, Divergence divergence, FeatureMatch features) implements TrainingLoss {
    /** Outputs only. */
    public DistillationLoss(Module teacher, Divergence divergence) {
        this(teacher, divergence, null);
    }

    public DistillationLoss {
        if (features != null && !(teacher instanceof GraphModule)) {
            throw new TrainingParamsException("match", "feature matching compares edges of two graphs: expected the teacher to be an "
                    + "imported graph, found " + (teacher == null ? "null" : teacher.typeName()), "Match features of imported ONNX models only.");
        }
        if (teacher == null) {
            throw new TrainingParamsException("loss", "distillation needs a teacher: expected a model, found null",
                    "Pass the FP32 model the student was made from.");
        }
        if (divergence == null) {
            throw new TrainingParamsException("loss", "distillation needs a divergence: expected mse or kl, found null",
                    "Use new Divergence.MeanSquaredError().");
        }
    }

    /** Distillation with the default divergence, MSE. */
    public static DistillationLoss mse(Module teacher) {
        return new DistillationLoss(teacher, new Divergence.MeanSquaredError());
    }

    @Override
    public Value compute(Tensor output, Tensor input, Batch batch) {
        Tensor target = EvalMode.run(teacher, () -> teacher.forward(input));
        Tensor value = divergence.between(output, target);
        if (features != null) {
            value = value.add(features.loss((GraphModule) teacher));
        }
        return new Value(value, target);
    }

    @Override
    public boolean needsLabels() {
        return false;
    }

    @Override
    public void check(Module student, TrainingParams params) {
        if (student == teacher) {
            throw new TrainingParamsException("loss", "the teacher is the model being trained: expected a separate frozen model",
                    "Distill from a copy (Module.deepCopy()) made before quantization.");
        }
        Set<Object> mine = Collections.newSetFromMap(new IdentityHashMap<>());
        for (Parameter p : student.namedParameters().values()) {
            mine.add(p.value().ndArray());
        }
        for (Map.Entry<String, Parameter> e : teacher.namedParameters().entrySet()) {
            if (mine.contains(e.getValue().value().ndArray())) {
                throw new TrainingParamsException("loss", "the teacher shares parameter '" + e.getKey()
                        + "' with the model being trained: expected a frozen copy", "Distill from a deep copy (Module.deepCopy()).");
            }
        }
        if (features != null && features.student() != student) {
            throw new TrainingParamsException("match", "feature matching records another graph than the model being trained",
                    "Build FeatureMatch with the student this loss trains.");
        }
        if (params.labelSmoothing() != 0) {
            throw new TrainingParamsException("label_smoothing", "label smoothing applies to cross-entropy: expected 0 with"
                    + " distillation, found " + params.labelSmoothing(), "Set training_params.label_smoothing to 0.");
        }
    }

    @Override
    public Map<String, Object> toMap() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("kind", "distillation");
        m.put("divergence", divergence.toMap());
        m.put("teacher", teacher.typeName());
        m.put("teacher_parameters", teacher.parameterCount());
        if (features != null) {
            m.put("features", features.toMap());
        }
        return m;
    }
}
