package io.quant4j.tensor;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Deque;
import java.util.List;

/**
 * PyTorch autograd on this thread.
 *
 * <pre>{@code
 * try (Scope step = Scope.open(); Autograd.Recording rec = Autograd.record()) {
 *     Tensor loss = model.forward(x).crossEntropy(y, 0f);
 *     rec.backward(loss);        // gradients accumulate into the parameters' .grad
 * }
 * }</pre>
 *
 * Gradients accumulate across {@code backward} calls: zero them each step with
 * {@link #zeroGrad}. Grad mode is thread-local in PyTorch; {@link #noGrad()} turns it off for
 * inference.
 */
public final class Autograd {
    private Autograd() {}

    /** Starts recording the graph for a backward pass (grad mode on). */
    public static Recording record() {
        Engines.engine();
        return new Recording(JniOps.gradMode(), true);
    }

    /** Turns grad mode off until closed (inference, optimizer updates). */
    public static Recording noGrad() {
        Engines.engine();
        return new Recording(JniOps.gradMode(), false);
    }

    /** Whether grad mode is on for this thread (PyTorch's default, outside {@link #noGrad()}). */
    public static boolean isRecording() {
        Engines.engine();
        return JniOps.gradMode();
    }

    /** Sets the gradients of these tensors to zero (those with no gradient yet are skipped). */
    public static void zeroGrad(Collection<Tensor> params) {
        for (Tensor p : params) {
            JniOps.zeroGrad(p.ndArray());
        }
    }

    /**
     * Grad mode on this thread, restored on close. A recording (grad mode on) also collects the
     * {@link StraightThrough} cuts made inside it and joins them in {@link #backward}.
     */
    public static final class Recording implements AutoCloseable {
        private static final ThreadLocal<Deque<Recording>> OPEN = ThreadLocal.withInitial(ArrayDeque::new);

        private final boolean previous;
        private final boolean on;
        private final List<StraightThrough.Cut> cuts = new ArrayList<>();

        private Recording(boolean previous, boolean on) {
            this.previous = previous;
            this.on = on;
            JniOps.gradMode(on);
            OPEN.get().push(this);
        }

        /** The innermost open block of this thread if it records, else null. */
        static Recording innermost() {
            Recording r = OPEN.get().peek();
            return r != null && r.on ? r : null;
        }

        void add(StraightThrough.Cut cut) {
            cuts.add(cut);
        }

        /** Back-propagates from a scalar: accumulates {@code d target / d leaf} into each leaf's grad. */
        public void backward(Tensor target) {
            if (target.size() != 1) {
                throw new IllegalArgumentException("backward needs a scalar target, found shape "
                        + java.util.Arrays.toString(target.shape()));
            }
            try (Scope s = Scope.open()) {
                Tensor seed = Tensor.ones(target.shape());
                backward(target, seed);
            }
        }

        /**
         * Back-propagates with an explicit upstream gradient of the target's shape, then through
         * the straight-through cuts of this recording that the gradient reached.
         */
        public void backward(Tensor target, Tensor upstream) {
            // the cuts' passes may run through ops this pass runs through too (a tensor read by a
            // cut and by the graph, or by two cuts): their saved tensors must outlive it
            JniOps.backward(target.ndArray(), upstream.ndArray(), !cuts.isEmpty());
            if (!cuts.isEmpty()) {
                StraightThrough.join(cuts);
            }
        }

        @Override
        public void close() {
            OPEN.get().remove(this);
            cuts.clear();
            JniOps.gradMode(previous);
        }
    }
}
