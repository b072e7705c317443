package io.quant4j.onnx.compare;

import ai.onnx.proto.OnnxMl.AttributeProto;
import ai.onnx.proto.OnnxMl.GraphProto;
import ai.onnx.proto.OnnxMl.ModelProto;
import ai.onnx.proto.OnnxMl.NodeProto;
import ai.onnx.proto.OnnxMl.OperatorSetIdProto;
import ai.onnx.proto.OnnxMl.TensorProto;
import ai.onnx.proto.OnnxMl.TensorShapeProto;
import ai.onnx.proto.OnnxMl.TypeProto;
import ai.onnx.proto.OnnxMl.ValueInfoProto;
import com.google.protobuf.ByteString;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;

/**
 * Small ONNX graphs written with the protos, so that the comparison tests control input names,
 * output kinds and Q/DQ placement: one 3x3 convolution (seeded weights, times {@code gain}) over an
 * input {@code [N, C, H, W]} (N symbolic), then a head.
 */
final class TinyModels {
    enum Head {
        /** GlobalAveragePool -> Flatten: logits [N, K]. */
        LOGITS,
        /** Sigmoid on one channel: a probability map [N, 1, H, W]. */
        MAP,
        /** Relu -> Conv -> Relu: a feature map [N, K, H, W], Q/DQ around both convolutions (uint8 activations, int8 weights). */
        QDQ_FEATURES,
        /** Relu -> Conv -> Relu, float: the float twin of QDQ_FEATURES. */
        FEATURES
    }

    private TinyModels() {}

    static Path write(Path file, String inputName, int channels, int h, int w, int outChannels, Head head, long seed, float gain)
            throws IOException {
        GraphProto.Builder g = GraphProto.newBuilder().setName("tiny");
        g.addInput(value(inputName, channels, h, w, -1));
        Random r = new Random(seed);
        int mid = head == Head.MAP ? 1 : outChannels;
        boolean qdq = head == Head.QDQ_FEATURES;
        String x = inputName;
        if (qdq) {
            x = qdq(g, x, "x", 0.02f, false);
        }
        g.addInitializer(floats("w1", weights(r, mid * channels * 9, gain), mid, channels, 3, 3));
        String w1 = qdq ? qdq(g, "w1", "w1", 0.01f, true) : "w1";
        g.addNode(conv("conv1", x, w1, "c1"));
        switch (head) {
            case LOGITS -> {
                g.addNode(NodeProto.newBuilder().setName("gap").setOpType("GlobalAveragePool").addInput("c1").addOutput("p"));
                g.addNode(NodeProto.newBuilder().setName("flatten").setOpType("Flatten").addInput("p").addOutput("y"));
                g.addOutput(ValueInfoProto.newBuilder().setName("y").setType(type(-1, outChannels)));
            }
            case MAP -> {
                g.addNode(NodeProto.newBuilder().setName("sigmoid").setOpType("Sigmoid").addInput("c1").addOutput("y"));
                g.addOutput(value("y", 1, h, w, -1));
            }
            case FEATURES, QDQ_FEATURES -> {
                g.addNode(NodeProto.newBuilder().setName("relu").setOpType("Relu").addInput("c1").addOutput("r1"));
                String in = qdq ? qdq(g, "r1", "r1", 0.05f, false, 0) : "r1";
                g.addInitializer(floats("w2", weights(r, outChannels * outChannels * 9, gain), outChannels, outChannels, 3, 3));
                String w2 = qdq ? qdq(g, "w2", "w2", 0.01f, true) : "w2";
                if (qdq) {
                    g.addNode(conv("conv2", in, w2, "c2"));
                    g.addNode(NodeProto.newBuilder().setName("relu2").setOpType("Relu").addInput("c2").addOutput("r2"));
                    g.addNode(NodeProto.newBuilder().setName("out").setOpType("Identity").addInput(qdq(g, "r2", "r2", 0.05f, false, 0))
                            .addOutput("y"));
                } else {
                    g.addNode(conv("conv2", in, w2, "c2"));
                    g.addNode(NodeProto.newBuilder().setName("relu2").setOpType("Relu").addInput("c2").addOutput("y"));
                }
                g.addOutput(value("y", outChannels, h, w, -1));
            }
        }
        ModelProto m = ModelProto.newBuilder().setIrVersion(8).setProducerName("quant4j-test").setGraph(g)
                .addOpsetImport(OperatorSetIdProto.newBuilder().setDomain("").setVersion(17)).build();
        Files.write(file, m.toByteArray());
        return file;
    }

    private static float[] weights(Random r, int n, float gain) {
        float[] v = new float[n];
        for (int i = 0; i < n; i++) {
            v[i] = (float) (r.nextGaussian() * 0.3 * gain);
        }
        return v;
    }

    /**
     * QuantizeLinear -> DequantizeLinear of {@code in}, per tensor; int8 with zero point 0 (weights)
     * or uint8 (activations) with zero point 128, or 0 after a Relu: ONNX Runtime drops a Relu
     * before a QuantizeLinear (and so forms QLinearConv) only when the zero point is the type's minimum.
     */
    private static String qdq(GraphProto.Builder g, String in, String tag, float scale, boolean signed) {
        return qdq(g, in, tag, scale, signed, signed ? 0 : 128);
    }

    private static String qdq(GraphProto.Builder g, String in, String tag, float scale, boolean signed, int zeroPoint) {
        g.addInitializer(floats(tag + ".scale", new float[] {scale}));
        TensorProto.Builder zp = TensorProto.newBuilder().setName(tag + ".zp")
                .setDataType((signed ? TensorProto.DataType.INT8 : TensorProto.DataType.UINT8).getNumber())
                .setRawData(ByteString.copyFrom(new byte[] {(byte) zeroPoint}));
        g.addInitializer(zp);
        g.addNode(NodeProto.newBuilder().setName(tag + "/QuantizeLinear").setOpType("QuantizeLinear").addInput(in)
                .addInput(tag + ".scale").addInput(tag + ".zp").addOutput(tag + ".q"));
        g.addNode(NodeProto.newBuilder().setName(tag + "/DequantizeLinear").setOpType("DequantizeLinear").addInput(tag + ".q")
                .addInput(tag + ".scale").addInput(tag + ".zp").addOutput(tag + ".dq"));
        return tag + ".dq";
    }

    private static NodeProto conv(String name, String x, String w, String y) {
        return NodeProto.newBuilder().setName(name).setOpType("Conv").addInput(x).addInput(w).addOutput(y)
                .addAttribute(AttributeProto.newBuilder().setName("pads").setType(AttributeProto.AttributeType.INTS)
                        .addInts(1).addInts(1).addInts(1).addInts(1))
                .build();
    }

    private static TensorProto floats(String name, float[] v, long... dims) {
        TensorProto.Builder t = TensorProto.newBuilder().setName(name).setDataType(TensorProto.DataType.FLOAT.getNumber());
        for (long d : dims) {
            t.addDims(d);
        }
        for (float f : v) {
            t.addFloatData(f);
        }
        return t.build();
    }

    private static ValueInfoProto value(String name, long c, long h, long w, long n) {
        return ValueInfoProto.newBuilder().setName(name).setType(type(n, c, h, w)).build();
    }

    private static TypeProto type(long... dims) {
        TensorShapeProto.Builder s = TensorShapeProto.newBuilder();
        for (long d : dims) {
            s.addDim(d < 0 ? TensorShapeProto.Dimension.newBuilder().setDimParam("N") : TensorShapeProto.Dimension.newBuilder().setDimValue(d));
        }
        return TypeProto.newBuilder().setTensorType(TypeProto.Tensor.newBuilder().setElemType(TensorProto.DataType.FLOAT.getNumber())
                .setShape(s)).build();
    }
}
