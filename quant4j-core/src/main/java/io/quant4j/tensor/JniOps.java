package io.quant4j.tensor;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.Shape;
import ai.djl.pytorch.engine.PtNDArray;
import ai.djl.pytorch.jni.JniUtils;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.lang.reflect.Field;
import java.lang.reflect.Method;

/** Direct calls into DJL's PyTorch bindings where the engine-neutral API differs from PyTorch. */
final class JniOps {
    private JniOps() {}

    /**
     * PyTorch's {@code is_contiguous}. DJL binds it ({@code PyTorchLibrary.torchIsContiguous}) but
     * keeps the binding package-private: reached once by reflection (class path, no module
     * boundary), then called through a method handle.
     */
    private static final class Contiguity {
        static final Object LIB;
        static final MethodHandle IS_CONTIGUOUS;
        static final MethodHandle TO_CONTIGUOUS;

        static {
            try {
                Class<?> lib = Class.forName("ai.djl.pytorch.jni.PyTorchLibrary");
                Field f = lib.getDeclaredField("LIB");
                f.setAccessible(true);
                Method m = lib.getDeclaredMethod("torchIsContiguous", long.class);
                m.setAccessible(true);
                LIB = f.get(null);
                IS_CONTIGUOUS = MethodHandles.lookup().unreflect(m)
                        .asType(MethodType.methodType(boolean.class, Object.class, long.class));
                Method c = lib.getDeclaredMethod("torchToContiguous", long.class);
                c.setAccessible(true);
                TO_CONTIGUOUS = MethodHandles.lookup().unreflect(c)
                        .asType(MethodType.methodType(long.class, Object.class, long.class));
            } catch (ReflectiveOperationException | RuntimeException e) {
                throw new ExceptionInInitializerError("DJL " + ai.djl.engine.Engine.class.getPackage().getImplementationVersion()
                        + " has no PyTorchLibrary.torchIsContiguous(long) or torchToContiguous(long): " + e);
            }
        }
    }

    static boolean isContiguous(NDArray x) {
        try {
            return (boolean) Contiguity.IS_CONTIGUOUS.invokeExact(Contiguity.LIB, (long) (Long) ((PtNDArray) x).getHandle());
        } catch (Throwable e) {
            throw new IllegalStateException("is_contiguous failed on " + x.getShape(), e);
        }
    }

    private static final long[] TO_NHWC = {0, 2, 3, 1};
    private static final long[] TO_NCHW = {0, 3, 1, 2};

    /** Whether a 4-D {@code x} lies in memory as {@code N x H x W x C} (its NHWC view is contiguous). */
    static boolean isChannelsLast(NDArray x) {
        if (x.getShape().dimension() != 4) {
            return false;
        }
        try (PtNDArray nhwc = JniUtils.permute((PtNDArray) x, TO_NHWC)) {
            return isContiguous(nhwc);
        }
    }

    /**
     * The row-major {@code N x H x W x C} view of a channels-last {@code x}: its elements in memory
     * order (a new handle on the same memory, in {@code x}'s manager).
     */
    static NDArray nhwcView(NDArray x) {
        return JniUtils.permute((PtNDArray) x, TO_NHWC);
    }

    /** The {@code N x C x H x W} view of a row-major {@code N x H x W x C} array: a channels-last tensor. */
    static NDArray nchwView(NDArray nhwc) {
        return JniUtils.permute((PtNDArray) nhwc, TO_NCHW);
    }

    /**
     * A channels-last copy of a 4-D {@code x} (recorded by autograd: permute, contiguous, permute),
     * in {@code x}'s manager.
     */
    static NDArray channelsLast(NDArray x) {
        try (PtNDArray nhwc = JniUtils.permute((PtNDArray) x, TO_NHWC)) {
            long h;
            try {
                h = (long) Contiguity.TO_CONTIGUOUS.invokeExact(Contiguity.LIB, (long) (Long) nhwc.getHandle());
            } catch (Throwable e) {
                throw new IllegalStateException("contiguous failed on " + nhwc.getShape(), e);
            }
            try (PtNDArray dense = new PtNDArray((ai.djl.pytorch.engine.PtNDManager) nhwc.getManager(), h)) {
                return JniUtils.permute(dense, TO_NCHW);
            }
        }
    }

    static NDArray conv2d(NDArray x, NDArray w, NDArray b, ConvSpec spec) {
        return JniUtils.convolution(
                (PtNDArray) x,
                (PtNDArray) w,
                (PtNDArray) b,
                new Shape(spec.stride().toLongs()),
                new Shape(spec.padding().toLongs()),
                new Shape(spec.dilation().toLongs()),
                spec.groups());
    }

    /** PyTorch's batch_norm with PyTorch's momentum convention (weight of the new statistic). */
    static NDArray batchNorm(NDArray x, NDArray mean, NDArray var, NDArray gamma, NDArray beta,
                             boolean training, float momentum, float eps) {
        // JniUtils names its parameters (gamma, beta, runningMean, runningVar) but passes them to
        // torch::batch_norm as (running_mean, running_var, weight, bias): pass in that order.
        return JniUtils.batchNorm(
                (PtNDArray) x, (PtNDArray) mean, (PtNDArray) var, (PtNDArray) gamma, (PtNDArray) beta,
                training, momentum, eps);
    }

    static NDArray adaptiveAvgPool(NDArray x, int h, int w) {
        return JniUtils.adaptiveAvgPool((PtNDArray) x, new Shape(h, w));
    }

    /**
     * {@code requires_grad} as DJL 0.36 reports it: right for leaves, but false for recorded
     * results (which have a grad_fn), so it cannot tell an activation from data.
     */
    static boolean requiresGrad(NDArray x) {
        return JniUtils.requiresGrad((PtNDArray) x);
    }

    /** The accumulated gradient of {@code x} (a new handle), or null when none is defined. */
    static NDArray grad(NDArray x) {
        return JniUtils.getGradient((PtNDArray) x);
    }

    /**
     * {@code torch::autograd::backward({target}, {upstream}, retain_graph = keepGraph)}: without
     * {@code keepGraph} the saved tensors of every op passed are freed, so a later pass through
     * the same ops fails.
     */
    static void backward(NDArray target, NDArray upstream, boolean keepGraph) {
        JniUtils.backward((PtNDArray) target, (PtNDArray) upstream, keepGraph, false);
    }

    static void zeroGrad(NDArray param) {
        JniUtils.zeroGrad((PtNDArray) param);
    }

    static boolean gradMode() {
        return JniUtils.isGradMode();
    }

    static void gradMode(boolean on) {
        JniUtils.setGradMode(on);
    }
}
