package io.quant4j.tensor;

import ai.djl.ndarray.NDManager;
import java.util.ArrayDeque;
import java.util.Deque;

/**
 * A step's memory scope: a sub-{@link NDManager} that collects every tensor created while it is
 * the innermost open scope on this thread, and frees them all on {@link #close()}.
 *
 * <pre>{@code
 * try (Scope step = Scope.open()) {
 *     Tensor loss = model.forward(batch).crossEntropy(labels, 0f);
 *     ...
 * }   // every intermediate of the step is freed here
 * }</pre>
 *
 * Without an open scope, results stay with the manager of their first operand.
 */
public final class Scope implements AutoCloseable {
    private static final ThreadLocal<Deque<Scope>> STACK = ThreadLocal.withInitial(ArrayDeque::new);

    private final NDManager manager;
    private boolean closed;

    private Scope(NDManager manager) {
        this.manager = manager;
    }

    /** Opens a scope nested in the current one (or in the engine's root manager). */
    public static Scope open() {
        Scope parent = STACK.get().peek();
        NDManager base = parent != null ? parent.manager : Engines.root();
        Scope s = new Scope(base.newSubManager());
        STACK.get().push(s);
        return s;
    }

    /** The innermost open scope's manager on this thread, or null. */
    static NDManager currentManager() {
        Scope s = STACK.get().peek();
        return s == null ? null : s.manager;
    }

    /** Manager to create new arrays in: the current scope's, else the root manager. */
    public static NDManager creationManager() {
        NDManager m = currentManager();
        return m != null ? m : Engines.root();
    }

    /** This scope's manager. */
    public NDManager manager() {
        return manager;
    }

    /** Moves a tensor out of this scope into the parent scope (or the root manager). */
    public Tensor keep(Tensor t) {
        Deque<Scope> stack = STACK.get();
        NDManager target = Engines.root();
        boolean seen = false;
        for (Scope s : stack) {
            if (seen) {
                target = s.manager;
                break;
            }
            seen = s == this;
        }
        t.ndArray().attach(target);
        return t;
    }

    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        Deque<Scope> stack = STACK.get();
        stack.remove(this);
        manager.close();
    }
}
