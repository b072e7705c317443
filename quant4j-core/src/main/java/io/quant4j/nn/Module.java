package io.quant4j.nn;

import io.quant4j.errors.ForwardException;
import io.quant4j.errors.Quant4jException;
import io.quant4j.tensor.Autograd;
import io.quant4j.tensor.Engines;
import io.quant4j.tensor.Scope;
import io.quant4j.tensor.Tensor;
import io.quant4j.tensor.Tracer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Base of all layers and models, like {@code torch.nn.Module}: ordered named children,
 * parameters and buffers, dotted paths, train/eval mode.
 *
 * <p>{@link #forward(Tensor)} is a final template: it keeps the module call stack (so an error
 * names the module path where it happened, and a tracer records each op's module), then calls
 * {@link #forwardImpl(Tensor)}. Subclasses compute with {@link Tensor} operations only, so they
 * need no export code.
 */
public abstract class Module implements AutoCloseable, Cloneable {
    private static final ThreadLocal<List<ForwardListener>> LISTENERS = ThreadLocal.withInitial(ArrayList::new);

    private Map<String, Module> children = new LinkedHashMap<>();
    private Map<String, Parameter> parameters = new LinkedHashMap<>();
    private Map<String, Buffer> buffers = new LinkedHashMap<>();
    private boolean training = true;
    /** Inside a forward with nothing kept yet (no list allocated per call); null outside a forward. */
    private static final List<Tensor> NONE_KEPT = List.of();

    private List<Tensor> keptWithOutput;

    /** Runs the module: {@code forwardImpl(x)} with path tracking for errors and tracing. */
    public final Tensor forward(Tensor x) {
        List<Module> stack = ModuleCallStack.get();
        stack.add(this);
        Tracer tracer = Tracer.active();
        if (tracer != null) {
            tracer.enterModule(ModuleCallStack.currentPath(), typeName());
        }
        // without gradients nothing needs a module's intermediates once it returns: they live in a
        // scope of their own, closed here, and only the output moves to the caller's scope
        Scope own = tracer == null && Scope.creationManager() != Engines.root() && !Autograd.isRecording() ? Scope.open() : null;
        List<Tensor> outerKept = keptWithOutput;
        keptWithOutput = NONE_KEPT;
        try {
            Tensor y = forwardImpl(x);
            List<ForwardListener> ls = LISTENERS.get();
            if (!ls.isEmpty()) {
                String path = ModuleCallStack.currentPath();
                for (ForwardListener l : List.copyOf(ls)) {
                    l.afterForward(path, this, x, y);
                }
            }
            if (own != null) {
                for (Tensor t : keptWithOutput) {
                    if (t.ndArray().getManager() == own.manager()) {
                        own.keep(t);
                    }
                }
                if (y.ndArray().getManager() == own.manager()) {
                    own.keep(y);
                }
            }
            return y;
        } catch (Quant4jException e) {
            throw e.locateIfAbsent(location());
        } catch (RuntimeException e) {
            throw new ForwardException(location(), typeName(), Arrays.toString(x.shape()), e);
        } finally {
            keptWithOutput = outerKept;
            if (own != null) {
                own.close();
            }
            if (tracer != null) {
                tracer.exitModule();
            }
            stack.remove(stack.size() - 1);
        }
    }

    private String location() {
        String p = ModuleCallStack.currentPath();
        return (p.isEmpty() ? "<root>" : p) + " (" + typeName() + ")";
    }

    /** The computation; called by {@link #forward(Tensor)}. */
    protected abstract Tensor forwardImpl(Tensor x);

    /**
     * Keeps an intermediate of the running {@link #forwardImpl} alive after {@link #forward} returns,
     * as the output is (a module's intermediates are otherwise freed when it returns without
     * gradients). Outside a forward it does nothing.
     */
    protected final void keepWithOutput(Tensor t) {
        if (keptWithOutput == NONE_KEPT) {
            keptWithOutput = new ArrayList<>();
        }
        if (keptWithOutput != null) {
            keptWithOutput.add(t);
        }
    }

    /** Registers a listener for forwards on this thread until the returned handle is closed. */
    public static AutoCloseable listen(ForwardListener l) {
        LISTENERS.get().add(l);
        return () -> LISTENERS.get().remove(l);
    }

    // ------------------------------------------------------------------ registration

    /** Adds or replaces a child module under a name (no dots). */
    protected <M extends Module> M register(String name, M child) {
        checkName(name);
        children.put(name, child);
        return child;
    }

    /** Adds a trainable parameter. */
    protected Parameter parameter(String name, Tensor value) {
        checkName(name);
        Parameter p = new Parameter(value);
        parameters.put(name, p);
        return p;
    }

    /** Adds a buffer saved with the state dict. */
    protected Buffer buffer(String name, Tensor value) {
        checkName(name);
        Buffer b = new Buffer(value);
        buffers.put(name, b);
        return b;
    }

    /**
     * Names of state entries this module does not have yet but creates when a loaded state dict
     * holds them (a quantizer's {@code _amax}, which exists only once calibrated), as PyTorch
     * modules do in {@code _load_from_state_dict}. Default: none.
     */
    protected java.util.Set<String> lazyStateNames() {
        return java.util.Set.of();
    }

    /**
     * Creates the lazy entry {@code name} (one of {@link #lazyStateNames()}) with the loaded
     * value's shape; {@link StateDict#load} then copies the value into it.
     */
    protected void createLazyState(String name, Tensor loaded) {
        throw new IllegalStateException(typeName() + " declares no lazy state entry '" + name + "'");
    }

    /** Removes a parameter or buffer of this module and frees it (no-op when absent). */
    protected void removeState(String name) {
        StateEntry e = parameters.remove(name);
        if (e == null) {
            e = buffers.remove(name);
        }
        if (e != null) {
            e.release();
        }
    }

    private static void checkName(String name) {
        if (name == null || name.isEmpty() || name.contains(".")) {
            throw new IllegalArgumentException("expected a non-empty name without dots, found '" + name + "'");
        }
    }

    // ------------------------------------------------------------------ tree access

    /** Direct children in registration order. */
    public Map<String, Module> children() {
        return Collections.unmodifiableMap(children);
    }

    /** This module's own parameters. */
    public Map<String, Parameter> ownParameters() {
        return Collections.unmodifiableMap(parameters);
    }

    /** This module's own buffers. */
    public Map<String, Buffer> ownBuffers() {
        return Collections.unmodifiableMap(buffers);
    }

    /** Every module in pre-order with its dotted path; this module is {@code ""}. */
    public Map<String, Module> namedModules() {
        Map<String, Module> out = new LinkedHashMap<>();
        collectModules("", out);
        return out;
    }

    private void collectModules(String prefix, Map<String, Module> out) {
        out.put(prefix, this);
        children.forEach((n, c) -> c.collectModules(prefix.isEmpty() ? n : prefix + "." + n, out));
    }

    /** Every parameter with its dotted name, in PyTorch's order. */
    public Map<String, Parameter> namedParameters() {
        Map<String, Parameter> out = new LinkedHashMap<>();
        namedModules().forEach((path, m) -> m.parameters.forEach((n, p) -> out.put(join(path, n), p)));
        return out;
    }

    /** Every buffer with its dotted name. */
    public Map<String, Buffer> namedBuffers() {
        Map<String, Buffer> out = new LinkedHashMap<>();
        namedModules().forEach((path, m) -> m.buffers.forEach((n, b) -> out.put(join(path, n), b)));
        return out;
    }

    /** Parameters and buffers in PyTorch's {@code state_dict()} order (per module: params, buffers). */
    public Map<String, StateEntry> stateEntries() {
        Map<String, StateEntry> out = new LinkedHashMap<>();
        namedModules().forEach((path, m) -> {
            m.parameters.forEach((n, p) -> out.put(join(path, n), p));
            m.buffers.forEach((n, b) -> out.put(join(path, n), b));
        });
        return out;
    }

    /** The current values of {@link #stateEntries()}. */
    public Map<String, Tensor> stateTensors() {
        Map<String, Tensor> out = new LinkedHashMap<>();
        stateEntries().forEach((n, e) -> out.put(n, e.value()));
        return out;
    }

    /** Number of scalar parameters (buffers excluded), as {@code sum(p.numel())} in PyTorch. */
    public long parameterCount() {
        return namedParameters().values().stream().mapToLong(p -> p.value().size()).sum();
    }

    /** The module at a dotted path ({@code ""} is this one). */
    public Module get(String path) {
        if (path.isEmpty()) {
            return this;
        }
        Module m = namedModules().get(path);
        if (m == null) {
            throw new NoSuchModuleException(path, namedModules().keySet());
        }
        return m;
    }

    /** Replaces the module at a dotted path by another (the old one is not closed). */
    public void replace(String path, Module replacement) {
        int dot = path.lastIndexOf('.');
        Module parent = get(dot < 0 ? "" : path.substring(0, dot));
        String name = path.substring(dot + 1);
        if (!parent.children.containsKey(name)) {
            throw new NoSuchModuleException(path, namedModules().keySet());
        }
        parent.children.put(name, replacement);
    }

    private static String join(String prefix, String name) {
        return prefix.isEmpty() ? name : prefix + "." + name;
    }

    // ------------------------------------------------------------------ modes

    /** Training mode for this module and all children; returns this. */
    public Module train(boolean on) {
        namedModules().values().forEach(m -> m.training = on);
        return this;
    }

    /** Shorthand for {@code train(true)}. */
    public Module train() {
        return train(true);
    }

    /** Shorthand for {@code train(false)}. */
    public Module eval() {
        return train(false);
    }

    /** Whether this module is in training mode. */
    public boolean isTraining() {
        return training;
    }

    // ------------------------------------------------------------------ description

    /** The type shown in summaries ({@code Conv2d}, ...). */
    public String typeName() {
        return getClass().getSimpleName();
    }

    /** Constructor-like description of the configuration, e.g. {@code 16, 32, kernel=3}. */
    public String extraRepr() {
        return "";
    }

    /** A PyTorch-like multi-line description of the tree. */
    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder();
        describe(sb, "");
        return sb.toString();
    }

    private void describe(StringBuilder sb, String indent) {
        sb.append(typeName()).append('(').append(extraRepr());
        if (!children.isEmpty()) {
            sb.append('\n');
            children.forEach((n, c) -> {
                sb.append(indent).append("  (").append(n).append("): ");
                c.describe(sb, indent + "  ");
                sb.append('\n');
            });
            sb.append(indent);
        }
        sb.append(')');
    }

    // ------------------------------------------------------------------ copies

    /**
     * A deep copy: same structure, types and configuration, its own copies of every parameter and
     * buffer (in the root manager). The original is unchanged and independent of the copy.
     */
    @SuppressWarnings("unchecked")
    public <M extends Module> M deepCopy() {
        return (M) ModuleCopier.copy(this);
    }

    /**
     * Called on a fresh deep copy, after its module, parameter and buffer fields were redirected to
     * the copies; override to copy other mutable state of {@code original}.
     */
    protected void afterCopy(Module original) {}

    Module shallowClone() {
        try {
            return (Module) super.clone();
        } catch (CloneNotSupportedException e) {
            throw new IllegalStateException(e);
        }
    }

    void rebuildMaps(Map<Object, Object> copies) {
        Map<String, Module> c = new LinkedHashMap<>();
        children.forEach((n, m) -> c.put(n, (Module) copies.get(m)));
        Map<String, Parameter> p = new LinkedHashMap<>();
        parameters.forEach((n, x) -> p.put(n, (Parameter) copies.get(x)));
        Map<String, Buffer> b = new LinkedHashMap<>();
        buffers.forEach((n, x) -> b.put(n, (Buffer) copies.get(x)));
        children = c;
        parameters = p;
        buffers = b;
    }

    /** Frees every parameter and buffer of this module and its children. */
    @Override
    public void close() {
        stateEntries().values().forEach(StateEntry::release);
    }
}
