package io.quant4j.onnx.opset;

import ai.onnx.proto.OnnxMl.AttributeProto;
import ai.onnx.proto.OnnxMl.AttributeProto.AttributeType;
import ai.onnx.proto.OnnxMl.NodeProto;
import com.google.protobuf.ByteString;
import java.nio.charset.StandardCharsets;
import java.util.Optional;

/** Reading, setting and removing node attributes by name. */
final class Attrs {
    private Attrs() {}

    static Optional<AttributeProto> get(NodeProto n, String name) {
        for (AttributeProto a : n.getAttributeList()) {
            if (a.getName().equals(name)) {
                return Optional.of(a);
            }
        }
        return Optional.empty();
    }

    static boolean has(NodeProto n, String name) {
        return get(n, name).isPresent();
    }

    static long i(NodeProto n, String name, long fallback) {
        return get(n, name).map(AttributeProto::getI).orElse(fallback);
    }

    static float f(NodeProto n, String name, float fallback) {
        return get(n, name).map(AttributeProto::getF).orElse(fallback);
    }

    static String s(NodeProto n, String name, String fallback) {
        return get(n, name).map(a -> a.getS().toString(StandardCharsets.UTF_8)).orElse(fallback);
    }

    /** An INTS attribute, or null when absent. */
    static long[] ints(NodeProto n, String name) {
        return get(n, name).map(a -> a.getIntsList().stream().mapToLong(Long::longValue).toArray()).orElse(null);
    }

    /** A FLOATS attribute, or null when absent. */
    static float[] floats(NodeProto n, String name) {
        return get(n, name).map(a -> {
            float[] v = new float[a.getFloatsCount()];
            for (int k = 0; k < v.length; k++) {
                v[k] = a.getFloats(k);
            }
            return v;
        }).orElse(null);
    }

    /** The node without the named attributes. */
    static NodeProto.Builder without(NodeProto.Builder b, String... names) {
        for (String name : names) {
            for (int k = b.getAttributeCount() - 1; k >= 0; k--) {
                if (b.getAttribute(k).getName().equals(name)) {
                    b.removeAttribute(k);
                }
            }
        }
        return b;
    }

    /** The node with the attribute set (replacing one of the same name). */
    static NodeProto.Builder with(NodeProto.Builder b, AttributeProto a) {
        without(b, a.getName());
        return b.addAttribute(a);
    }

    static AttributeProto of(String name, long v) {
        return AttributeProto.newBuilder().setName(name).setType(AttributeType.INT).setI(v).build();
    }

    static AttributeProto of(String name, String v) {
        return AttributeProto.newBuilder().setName(name).setType(AttributeType.STRING)
                .setS(ByteString.copyFrom(v, StandardCharsets.UTF_8)).build();
    }

    static AttributeProto ofFloat(String name, float v) {
        return AttributeProto.newBuilder().setName(name).setType(AttributeType.FLOAT).setF(v).build();
    }

    static AttributeProto ofFloats(String name, float... v) {
        AttributeProto.Builder a = AttributeProto.newBuilder().setName(name).setType(AttributeType.FLOATS);
        for (float x : v) {
            a.addFloats(x);
        }
        return a.build();
    }

    static AttributeProto ofInts(String name, long... v) {
        AttributeProto.Builder a = AttributeProto.newBuilder().setName(name).setType(AttributeType.INTS);
        for (long x : v) {
            a.addInts(x);
        }
        return a.build();
    }
}
