package io.quant4j.quantization;

import io.quant4j.tensor.Tensor;
import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.Iterator;
import java.util.Objects;

/**
 * Reuses the result of fake-quantizing the same tensor with the same amax, axis and grid on this
 * thread, as long as that result is alive (its step's scope is open). Two quantizers reading one
 * tensor with equal calibration — a block input feeding both {@code conv1} and the shortcut, or
 * {@code conv1} and the downsample conv — then cost one fake quantization; autograd sums the two
 * consumers' gradients into the shared result, which equals what two separate straight-through
 * estimators with the same mask would give. Not used while tracing (each quantizer exports its own
 * Q/DQ) nor for learned clips.
 */
final class FakeQuantMemo {
    private static final int SIZE = 8;

    private record Entry(long inputId, float[] amax, int[] axis, QuantGrid grid, boolean fake, boolean grad, Tensor out) {
        boolean matches(long id, float[] a, int[] ax, QuantGrid g, boolean f, boolean gr) {
            return inputId == id && fake == f && grad == gr && Arrays.equals(axis, ax) && grid.equals(g) && Arrays.equals(amax, a);
        }
    }

    private static final ThreadLocal<ArrayDeque<Entry>> RECENT = ThreadLocal.withInitial(ArrayDeque::new);

    private FakeQuantMemo() {}

    /** A live result for these arguments, or null. */
    static Tensor lookup(Tensor x, float[] amax, int[] axis, QuantGrid grid, boolean fake, boolean grad) {
        Iterator<Entry> it = RECENT.get().iterator();
        while (it.hasNext()) {
            Entry e = it.next();
            if (e.out().ndArray().isReleased()) {
                it.remove();
            } else if (e.matches(x.id(), amax, axis, grid, fake, grad)) {
                return e.out();
            }
        }
        return null;
    }

    /** Remembers a result. */
    static void store(Tensor x, float[] amax, int[] axis, QuantGrid grid, boolean fake, boolean grad, Tensor out) {
        ArrayDeque<Entry> recent = RECENT.get();
        recent.addFirst(new Entry(x.id(), amax, axis, grid, fake, grad, out));
        while (recent.size() > SIZE) {
            recent.removeLast();
        }
    }
}
