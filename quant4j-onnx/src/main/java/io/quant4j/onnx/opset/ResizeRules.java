package io.quant4j.onnx.opset;

import ai.onnx.proto.OnnxMl.NodeProto;
import java.util.List;

/**
 * Upsample's and Resize's steps.
 * <ul>
 *   <li>Upsample-7: Upsample-1's {@code height_scale}, {@code width_scale} (NCHW input) become
 *       {@code scales = [1, 1, height_scale, width_scale]}, mode {@code bilinear} becomes
 *       {@code linear};</li>
 *   <li>Upsample-10 (deprecated): the node becomes Resize-10 with the same inputs
 *       ({@code X, scales}) and mode, under the same name; Upsample's scales are >= 1 by its
 *       definition, which Resize-11 below relies on;</li>
 *   <li>Resize-11: inputs become {@code X, roi, scales} (roi an empty float tensor, unused) and
 *       the opset-10 coordinate rule is written out: {@code coordinate_transformation_mode =
 *       asymmetric} ({@code x_in = x_out / scale}). For mode nearest, Resize-10 takes the
 *       integer part of {@code x_in} when upsampling and rounds it up when downsampling (ONNX
 *       Runtime's opset-10 kernel, the reference; Upsample's "nearest" is the former), so
 *       {@code nearest_mode} becomes {@code floor} when every scale is >= 1 and {@code ceil}
 *       when every scale is <= 1; scales that mix both, or that are not constant (unless they
 *       come from an Upsample), are refused;</li>
 *   <li>RoiAlign-16: the new {@code coordinate_transformation_mode} defaults to
 *       {@code half_pixel}; RoiAlign-10 had no pixel shift, written as {@code output_half_pixel}.</li>
 * </ul>
 */
final class ResizeRules {
    private ResizeRules() {}

    static List<NodeProto> upsample7(NodeProto n, StepContext c) {
        if (!Attrs.has(n, "height_scale") || !Attrs.has(n, "width_scale")) {
            throw c.refuse(n, "attributes height_scale and width_scale", "attributes "
                    + n.getAttributeList().stream().map(a -> a.getName()).toList(), "The node is not a valid Upsample-1; fix the model.");
        }
        String mode = Attrs.s(n, "mode", "nearest");
        if (!mode.equals("nearest") && !mode.equals("bilinear")) {
            throw c.refuse(n, "mode nearest or bilinear", "mode " + mode, "Fix the model.");
        }
        NodeProto.Builder b = Attrs.without(n.toBuilder(), "height_scale", "width_scale", "mode");
        b.addAttribute(Attrs.ofFloats("scales", 1f, 1f, Attrs.f(n, "height_scale", 1f), Attrs.f(n, "width_scale", 1f)));
        b.addAttribute(Attrs.of("mode", mode.equals("bilinear") ? "linear" : "nearest"));
        return List.of(b.build());
    }

    static List<NodeProto> upsampleToResize(NodeProto n, StepContext c) {
        if (n.getInputCount() != 2 || n.getInput(1).isEmpty()) {
            throw c.refuse(n, "inputs X and scales", n.getInputCount() + " inputs", "The node is not a valid Upsample-9; fix the model.");
        }
        c.facts().atLeastOne(n.getInput(1));
        NodeProto.Builder b = n.toBuilder().setOpType("Resize").clearAttribute();
        b.addAttribute(Attrs.of("mode", Attrs.s(n, "mode", "nearest")));
        return List.of(b.build());
    }

    static List<NodeProto> resize11(NodeProto n, StepContext c) {
        if (n.getInputCount() != 2 || n.getInput(1).isEmpty()) {
            throw c.refuse(n, "inputs X and scales", n.getInputCount() + " inputs", "The node is not a valid Resize-10; fix the model.");
        }
        String mode = Attrs.s(n, "mode", "nearest");
        String scales = n.getInput(1);
        NodeProto.Builder b = n.toBuilder().clearInput().addInput(n.getInput(0));
        b.addInput(c.add(Tensors.floats(c.fresh(n, "roi"), new float[0], 0)));
        b.addInput(scales);
        Attrs.with(b, Attrs.of("coordinate_transformation_mode", "asymmetric"));
        if (mode.equals("nearest")) {
            Attrs.with(b, Attrs.of("nearest_mode", nearestMode(n, c, scales)));
        }
        return List.of(b.build());
    }

    private static String nearestMode(NodeProto n, StepContext c, String scales) {
        if (c.facts().isAtLeastOne(scales)) {
            return "floor";
        }
        double[] v = c.facts().constantValues(scales);
        if (v == null) {
            throw c.refuse(n, "constant scales (to tell upsampling, where Resize-10 nearest floors, from downsampling, where it rounds up)",
                    "scales '" + scales + "' computed in the graph",
                    "Re-export the model at opset 11 or newer, or make the scales an initializer.");
        }
        boolean up = true;
        boolean down = true;
        for (double s : v) {
            up &= s >= 1;
            down &= s <= 1;
        }
        if (up) {
            return "floor";
        }
        if (down) {
            return "ceil";
        }
        throw c.refuse(n, "scales all >= 1 or all <= 1 (Resize-10 nearest floors upsampled and rounds up downsampled axes)",
                "scales " + java.util.Arrays.toString(v), "Split the resize into an upsampling and a downsampling one, or re-export at opset 11 or newer.");
    }

    static List<NodeProto> roiAlign16(NodeProto n, StepContext c) {
        return List.of(Attrs.with(n.toBuilder(), Attrs.of("coordinate_transformation_mode", "output_half_pixel")).build());
    }
}
