package io.quant4j.onnx;

import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * Lowerings of the ops whose shape constants must survive a dynamic batch: a traced target shape
 * holds the traced batch size, so the batch axis is written as 0 (copy the input's) or -1 (infer),
 * and a slice over the whole batch ends at {@code INT64_MAX}.
 */
final class ShapeOps {
    private ShapeOps() {}

    static void reshape(IrNode n, GraphEmitter e) {
        String x = n.inputs.get(0);
        long[] in = e.shape(x);
        long[] target = e.shape(n.output);
        int b = e.batchAxis(x);
        if (b > 0) {
            throw new UnsupportedOpException(n.modulePath, "Reshape", "the batch is on axis " + b
                    + " of the input " + Arrays.toString(in) + "; a dynamic batch is supported on axis 0 only",
                    "Export with a static batch (ExportOptions.withDynamicBatch(false), CLI: fixed --input-shape).");
        }
        if (b == 0 && target.length > 0) {
            if (target[0] == in[0]) {
                target[0] = 0;
            } else if (target[0] % in[0] == 0) {
                target[0] = -1;
            } else {
                throw new UnsupportedOpException(n.modulePath, "Reshape", "reshaping " + Arrays.toString(in) + " to "
                        + Arrays.toString(e.shape(n.output)) + " splits the batch dimension",
                        "Keep the batch as the leading dimension, or export with a static batch.");
            }
        }
        e.node(n, "Reshape", List.of(x, e.int64s(hint(n, "shape"), target)), n.output, Map.of());
    }

    static void flatten(IrNode n, GraphEmitter e) {
        String x = n.inputs.get(0);
        int start = (int) ((Number) n.attrs.get("axis")).longValue();
        if (start == 1) {
            e.node(n, "Flatten", List.of(x), n.output, Map.of("axis", 1L));
            return;
        }
        long[] target = new long[start + 1];
        target[start] = -1;
        e.node(n, "Reshape", List.of(x, e.int64s(hint(n, "shape"), target)), n.output, Map.of());
    }

    static void slice(IrNode n, GraphEmitter e) {
        String x = n.inputs.get(0);
        long[] in = e.shape(x);
        int axis = (int) ((Number) n.attrs.get("axis")).longValue();
        long start = ((Number) n.attrs.get("start")).longValue();
        long end = ((Number) n.attrs.get("end")).longValue();
        boolean whole = start == 0 && end >= in[axis];
        if (e.batchAxis(x) == axis && !whole) {
            throw new UnsupportedOpException(n.modulePath, "Slice", "slicing [" + start + ", " + end
                    + ") of the batch axis cannot be expressed for a dynamic batch", "Export with a static batch.");
        }
        if (end >= in[axis]) {
            end = Long.MAX_VALUE;
        }
        e.node(n, "Slice", List.of(x, e.int64s(hint(n, "starts"), start), e.int64s(hint(n, "ends"), end),
                e.int64s(hint(n, "axes"), axis)), n.output, Map.of());
    }

    static void flip(IrNode n, GraphEmitter e) {
        long[] axes = (long[]) n.attrs.get("axes");
        long[] starts = new long[axes.length];
        long[] ends = new long[axes.length];
        long[] steps = new long[axes.length];
        Arrays.fill(starts, -1);
        Arrays.fill(ends, Long.MIN_VALUE);
        Arrays.fill(steps, -1);
        e.node(n, "Slice", List.of(n.inputs.get(0), e.int64s(hint(n, "starts"), starts), e.int64s(hint(n, "ends"), ends),
                e.int64s(hint(n, "axes"), axes), e.int64s(hint(n, "steps"), steps)), n.output, Map.of());
    }

    /** DJL pads {@code [lastBegin, lastEnd, prevBegin, prevEnd, ...]} to ONNX {@code [begins..., ends...]}. */
    static void pad(IrNode n, GraphEmitter e) {
        String x = n.inputs.get(0);
        int rank = e.shape(x).length;
        long[] p = (long[]) n.attrs.get("pads");
        long[] onnx = new long[2 * rank];
        for (int j = 0; j < p.length / 2; j++) {
            int dim = rank - 1 - j;
            onnx[dim] = p[2 * j];
            onnx[rank + dim] = p[2 * j + 1];
        }
        float value = ((Number) n.attrs.getOrDefault("value", 0f)).floatValue();
        e.node(n, "Pad", List.of(x, e.int64s(hint(n, "pads"), onnx), e.floatScalar(hint(n, "value"), value)),
                n.output, Map.of("mode", "constant"));
    }

    /** Broadcast to the traced output shape; the batch axis becomes 1 (bidirectional broadcast keeps N). */
    static void expand(IrNode n, GraphEmitter e) {
        String x = n.inputs.get(0);
        long[] in = e.shape(x);
        long[] target = e.shape(n.output);
        int b = e.batchAxis(n.output);
        if (b >= 0) {
            int inAxis = b - (target.length - in.length);
            if (inAxis < 0 || in[inAxis] != target[b]) {
                throw new UnsupportedOpException(n.modulePath, "Expand", "broadcasting " + Arrays.toString(in) + " to "
                        + Arrays.toString(target) + " creates the batch dimension", "Export with a static batch.");
            }
            target[b] = 1;
        }
        e.node(n, "Expand", List.of(x, e.int64s(hint(n, "shape"), target)), n.output, Map.of());
    }

    private static String hint(IrNode n, String what) {
        return (n.modulePath.isEmpty() ? n.type : n.modulePath + "." + n.type) + "." + what;
    }
}
