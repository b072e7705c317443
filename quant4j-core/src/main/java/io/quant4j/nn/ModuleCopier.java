package io.quant4j.nn;

import io.quant4j.tensor.Tensor;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.util.IdentityHashMap;
import java.util.Map;

/**
 * Deep copies of module trees: every module is cloned, every parameter and buffer gets its own
 * copy of the data, and every field of a cloned module that pointed at a module, parameter or
 * buffer of the original tree is redirected to its copy. Modules holding other mutable state
 * override {@link Module#afterCopy(Module)}.
 */
final class ModuleCopier {
    private final Map<Object, Object> copies = new IdentityHashMap<>();

    private ModuleCopier() {}

    static <M extends Module> M copy(M root) {
        ModuleCopier c = new ModuleCopier();
        @SuppressWarnings("unchecked")
        M out = (M) c.cloneTree(root);
        c.copies.forEach((orig, copy) -> {
            if (orig instanceof Module) {
                c.redirectFields(copy);
            }
        });
        c.copies.forEach((orig, copy) -> {
            if (orig instanceof Module om) {
                ((Module) copy).afterCopy(om);
            }
        });
        return out;
    }

    private Module cloneTree(Module m) {
        Object done = copies.get(m);
        if (done != null) {
            return (Module) done;
        }
        Module clone = m.shallowClone();
        copies.put(m, clone);
        m.ownParameters().forEach((n, p) -> copies.computeIfAbsent(p, k -> {
            Parameter q = new Parameter(copyOf(p.value()));
            q.freeze(p.frozen());
            return q;
        }));
        m.ownBuffers().forEach((n, b) -> copies.computeIfAbsent(b, k -> new Buffer(copyOf(b.value()))));
        m.children().values().forEach(this::cloneTree);
        clone.rebuildMaps(copies);
        return clone;
    }

    private static Tensor copyOf(Tensor t) {
        return Tensor.of(t.ndArray().duplicate());
    }

    private void redirectFields(Object obj) {
        for (Class<?> c = obj.getClass(); c != null && c != Object.class; c = c.getSuperclass()) {
            for (Field f : c.getDeclaredFields()) {
                if (Modifier.isStatic(f.getModifiers()) || f.getType().isPrimitive()) {
                    continue;
                }
                try {
                    f.setAccessible(true);
                    Object v = f.get(obj);
                    Object replacement = v == null ? null : copies.get(v);
                    if (replacement != null) {
                        f.set(obj, replacement);
                    }
                } catch (IllegalAccessException | RuntimeException e) {
                    throw new IllegalStateException("cannot copy field " + c.getSimpleName() + "." + f.getName()
                            + " of a module; override Module.afterCopy to copy it", e);
                }
            }
        }
    }
}
