package io.quant4j.quantization.selective;

import io.quant4j.nn.Linear;
import io.quant4j.nn.Module;
import io.quant4j.nn.ReLU;
import io.quant4j.nn.Residual;
import io.quant4j.quantization.QuantDescriptor;
import io.quant4j.quantization.TensorQuantizer;
import io.quant4j.tensor.Tensor;

/** A user's float block with a residual, and quantized counterparts built in different ways. */
final class TestBlocks {
    private TestBlocks() {}

    /** {@code y = relu(linear2(relu(linear1(x)))) + residual(x)}. */
    public static class MyBlock extends Module {
        private final int nFeatures;

        public MyBlock(int nFeatures) {
            this.nFeatures = nFeatures;
            register("linear1", new Linear(nFeatures, nFeatures));
            register("relu", new ReLU());
            register("linear2", new Linear(nFeatures, nFeatures));
            register("residual", new Residual());
        }

        public int nFeatures() {
            return nFeatures;
        }

        @Override
        protected Tensor forwardImpl(Tensor x) {
            Module r = children().get("relu");
            Tensor y = r.forward(children().get("linear2").forward(r.forward(children().get("linear1").forward(x))));
            return y.add(children().get("residual").forward(x));
        }
    }

    /**
     * Built by constructor from MyBlock's {@code nFeatures}; quantizes its output with the input
     * descriptor; records whether linear1 was already quantized when it was built.
     */
    public static class MyQuantBlock extends MyBlock {
        final boolean builtFromQuantizedChildren;
        final QuantDescriptor seenInput;

        public MyQuantBlock(int nFeatures, QuantDescriptor inputDesc) {
            super(nFeatures);
            this.builtFromQuantizedChildren = false;
            this.seenInput = inputDesc;
            register("output_quantizer", new TensorQuantizer(inputDesc));
        }

        @Override
        protected Tensor forwardImpl(Tensor x) {
            return children().get("output_quantizer").forward(super.forwardImpl(x));
        }
    }

    /** Adopts the float block's children in fromFloat and records what it saw. */
    public static class AdoptingQuantBlock extends MyBlock {
        final boolean sawQuantizedLinear;

        AdoptingQuantBlock(MyBlock f, boolean sawQuantizedLinear) {
            super(f.nFeatures());
            this.sawQuantizedLinear = sawQuantizedLinear;
            f.children().forEach(this::register);
        }

        public static AdoptingQuantBlock fromFloat(MyBlock f, QuantDescriptor in, QuantDescriptor w) {
            boolean q = f.children().get("linear1") instanceof io.quant4j.quantization.layers.QuantLinear;
            return new AdoptingQuantBlock(f, q);
        }
    }

    /** Needs a {@code width} that MyBlock does not have. */
    public static class NeedsWidth extends Module {
        public NeedsWidth(int width, QuantDescriptor inputDesc) {
            register("q", new TensorQuantizer(inputDesc));
        }

        @Override
        protected Tensor forwardImpl(Tensor x) {
            return x;
        }
    }

    /** A model: conv-free stack of a Linear and a block. */
    public static class Net extends Module {
        public Net(Module block) {
            register("fc_in", new Linear(4, 4));
            register("block", block);
            register("head", new Linear(4, 2));
        }

        @Override
        protected Tensor forwardImpl(Tensor x) {
            Tensor y = x;
            for (Module m : children().values()) {
                y = m.forward(y);
            }
            return y;
        }
    }
}
