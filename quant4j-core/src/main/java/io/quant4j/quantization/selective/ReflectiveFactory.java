package io.quant4j.quantization.selective;

import io.quant4j.nn.LoadReport;
import io.quant4j.nn.Module;
import io.quant4j.nn.StateDict;
import io.quant4j.quantization.QuantDescriptor;
import java.lang.reflect.Constructor;
import java.lang.reflect.Field;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.lang.reflect.Parameter;
import java.util.Arrays;
import java.util.Comparator;
import java.util.Locale;

/**
 * Builds a user's quantized class from a float module, like SuperGradients' {@code from_float}:
 * <ol>
 *   <li>a static {@code fromFloat(F, QuantDescriptor input, QuantDescriptor weights)} (or
 *       {@code fromFloat(F)}) on the target is called when present;
 *   <li>otherwise the public constructor with the most parameters is called: a
 *       {@code QuantDescriptor} parameter gets the weight descriptor when its name contains
 *       "weight", else the input descriptor; every other parameter is read from the float module's
 *       accessor method, field or child of the same name. Then the float module's parameters and
 *       buffers are copied in by name (none may be lost).
 * </ol>
 * Constructor parameter names need {@code javac -parameters}.
 */
final class ReflectiveFactory implements QuantFactory {
    private final Class<? extends Module> target;

    ReflectiveFactory(Class<? extends Module> target) {
        this.target = target;
    }

    @Override
    public Module create(Module f, QuantDescriptor input, QuantDescriptor weights) {
        Method from = fromFloatMethod(f);
        try {
            if (from != null) {
                Object[] args = from.getParameterCount() == 3 ? new Object[] {f, input, weights} : new Object[] {f};
                return (Module) from.invoke(null, args);
            }
            Module q = construct(f, input, weights);
            LoadReport r = StateDict.load(q, f.stateTensors(), false, f.typeName());
            if (!r.unexpected().isEmpty() || !r.mismatched().isEmpty()) {
                throw new QuantizationMappingException(target.getSimpleName() + " built from " + f.typeName()
                        + " would lose weights: " + r.describe(), null,
                        "Give " + target.getSimpleName() + " the same parameter names as " + f.typeName()
                                + ", or a static fromFloat that copies them.");
            }
            q.train(f.isTraining());
            return q;
        } catch (InvocationTargetException e) {
            Throwable c = e.getCause();
            if (c instanceof RuntimeException re) {
                throw re;
            }
            throw new QuantizationMappingException("building " + target.getSimpleName() + " failed: " + c, null, null, c);
        } catch (IllegalAccessException | InstantiationException e) {
            throw new QuantizationMappingException("cannot build " + target.getSimpleName() + ": " + e.getMessage(), null,
                    "Make the class, its constructor or fromFloat public.", e);
        }
    }

    private Method fromFloatMethod(Module f) {
        for (Method m : target.getMethods()) {
            if (m.getName().equals("fromFloat") && Modifier.isStatic(m.getModifiers())
                    && Module.class.isAssignableFrom(m.getReturnType())
                    && (m.getParameterCount() == 1 || (m.getParameterCount() == 3
                    && m.getParameterTypes()[1] == QuantDescriptor.class && m.getParameterTypes()[2] == QuantDescriptor.class))) {
                if (!m.getParameterTypes()[0].isInstance(f)) {
                    throw new QuantizationMappingException(target.getSimpleName() + ".fromFloat takes "
                            + m.getParameterTypes()[0].getSimpleName() + ", found " + f.typeName(), null,
                            "Map " + target.getSimpleName() + " only to modules of type " + m.getParameterTypes()[0].getSimpleName() + ".");
                }
                return m;
            }
        }
        return null;
    }

    private Module construct(Module f, QuantDescriptor input, QuantDescriptor weights)
            throws InvocationTargetException, IllegalAccessException, InstantiationException {
        Constructor<?> ctor = Arrays.stream(target.getConstructors())
                .max(Comparator.comparingInt(Constructor::getParameterCount))
                .orElseThrow(() -> new QuantizationMappingException(target.getSimpleName() + " has no public constructor and no fromFloat",
                        null, "Add a public constructor or a static fromFloat(" + f.typeName() + ", QuantDescriptor, QuantDescriptor)."));
        Parameter[] ps = ctor.getParameters();
        Object[] args = new Object[ps.length];
        for (int i = 0; i < ps.length; i++) {
            Parameter p = ps[i];
            if (p.getType() == QuantDescriptor.class) {
                args[i] = p.getName().toLowerCase(Locale.ROOT).contains("weight") ? weights : input;
                continue;
            }
            if (!p.isNamePresent()) {
                throw new QuantizationMappingException("cannot match the constructor parameters of " + target.getSimpleName()
                        + " to fields of " + f.typeName() + ": parameter names were not compiled in", null,
                        "Compile with 'javac -parameters', or give " + target.getSimpleName() + " a static fromFloat.");
            }
            args[i] = lookup(f, p.getName(), p.getType());
        }
        return (Module) ctor.newInstance(args);
    }

    private Object lookup(Module f, String name, Class<?> type) throws IllegalAccessException, InvocationTargetException {
        for (Class<?> c = f.getClass(); c != null && c != Object.class; c = c.getSuperclass()) {
            try {
                Method m = c.getDeclaredMethod(name);
                if (box(type).isAssignableFrom(box(m.getReturnType()))) {
                    m.setAccessible(true);
                    return m.invoke(f);
                }
            } catch (NoSuchMethodException ignored) {
                // try a field next
            }
            try {
                Field fl = c.getDeclaredField(name);
                if (box(type).isAssignableFrom(box(fl.getType()))) {
                    fl.setAccessible(true);
                    return fl.get(f);
                }
            } catch (NoSuchFieldException ignored) {
                // try the superclass
            }
        }
        Module child = f.children().get(name);
        if (child != null && type.isInstance(child)) {
            return child;
        }
        throw new QuantizationMappingException(target.getSimpleName() + " cannot be built from " + f.typeName()
                + ": its constructor needs '" + name + "' (" + type.getSimpleName() + ") but " + f.typeName()
                + " has no accessor, field or child of that name", null,
                "Add '" + name + "' to " + f.typeName() + ", or give " + target.getSimpleName()
                        + " a static fromFloat(" + f.typeName() + ", QuantDescriptor, QuantDescriptor).");
    }

    private static Class<?> box(Class<?> c) {
        if (!c.isPrimitive()) {
            return c;
        }
        return switch (c.getName()) {
            case "int" -> Integer.class;
            case "long" -> Long.class;
            case "float" -> Float.class;
            case "double" -> Double.class;
            case "boolean" -> Boolean.class;
            case "short" -> Short.class;
            case "byte" -> Byte.class;
            default -> Character.class;
        };
    }
}
