package io.quant4j.recipe;

import io.quant4j.errors.Quant4jException;
import io.quant4j.nn.EditDistance;
import java.lang.reflect.Constructor;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.RecordComponent;
import java.lang.reflect.Type;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Binds {@link YamlNode}s to records: keys are the components' names in snake_case
 * ({@code maxEpochs} <- {@code max_epochs}); absent keys take the value of a defaults instance
 * (the record's static {@code defaults()} when none is given). Supported component types:
 * String, int/long/float/double/boolean and boxes, enums (case-insensitive), Path, nested
 * records, {@code List<T>} (a single value binds as a list of one: {@code axis: 0} as
 * {@code axis: [0]}), {@code Map<String, T>}, raw {@link YamlNode}, and any type with a
 * static {@code parse(String)} factory (e.g. a quantization target by id). Unknown keys, wrong
 * types and values rejected by a record's constructor are {@link RecipeException}s with the YAML
 * path and line.
 */
public final class RecordBinder {
    private RecordBinder() {}

    /** Binds a node to a record class, starting from the record's {@code defaults()}. */
    public static <R extends Record> R bind(YamlNode node, Class<R> type, String path) {
        return type.cast(bindRecord(node, type, defaultsOf(type), path));
    }

    /** Binds a node onto the given defaults (absent keys keep their default). */
    public static <R extends Record> R bind(YamlNode node, Class<R> type, R defaults, String path) {
        return type.cast(bindRecord(node, type, defaults, path));
    }

    /** The snake_case YAML key of a component name. */
    public static String key(String component) {
        return component.replaceAll("([a-z0-9])([A-Z])", "$1_$2").toLowerCase(Locale.ROOT);
    }

    private static Object defaultsOf(Class<?> type) {
        try {
            Method m = type.getDeclaredMethod("defaults");
            m.setAccessible(true);
            return m.invoke(null);
        } catch (NoSuchMethodException e) {
            return null;
        } catch (IllegalAccessException | InvocationTargetException e) {
            throw new IllegalStateException("defaults() of " + type.getSimpleName() + " failed", e);
        }
    }

    private static Object bindRecord(YamlNode node, Class<?> type, Object defaults, String path) {
        if (node instanceof YamlNode.Scalar s && s.value() == null) {
            return null;
        }
        if (!(node instanceof YamlNode.Mapping map)) {
            throw new RecipeException(path, node.origin(), "expected a mapping of " + describe(type) + ", found " + found(node),
                    "Write it as 'key: value' lines indented under '" + leaf(path) + "'.");
        }
        RecordComponent[] comps = type.getRecordComponents();
        Map<String, RecordComponent> byKey = new LinkedHashMap<>();
        for (RecordComponent c : comps) {
            byKey.put(key(c.getName()), c);
        }
        for (String k : map.entries().keySet()) {
            if (!byKey.containsKey(k)) {
                String closest = byKey.keySet().stream()
                        .min(Comparator.comparingInt(known -> EditDistance.between(k, known))).orElse("");
                throw new RecipeException(join(path, k), map.keyOrigins().get(k), "unknown key '" + k + "'",
                        "Known keys here: " + String.join(", ", byKey.keySet()) + ". Did you mean '" + closest + "'?");
            }
        }
        Object[] args = new Object[comps.length];
        Class<?>[] types = new Class<?>[comps.length];
        for (int i = 0; i < comps.length; i++) {
            RecordComponent c = comps[i];
            types[i] = c.getType();
            String k = key(c.getName());
            Object dflt = defaults == null ? null : accessor(c, defaults);
            YamlNode v = map.entries().get(k);
            if (v == null) {
                if (dflt == null && c.getType().isPrimitive()) {
                    throw new RecipeException(join(path, k), map.origin(), "required key '" + k + "' is missing",
                            "Add '" + k + ": <" + describe(c.getGenericType()) + ">'.");
                }
                args[i] = dflt;
            } else {
                args[i] = value(v, c.getGenericType(), dflt, join(path, k));
            }
        }
        try {
            Constructor<?> ctor = type.getDeclaredConstructor(types);
            ctor.setAccessible(true);
            return ctor.newInstance(args);
        } catch (InvocationTargetException e) {
            Throwable cause = e.getCause();
            if (cause instanceof RecipeException re) {
                throw re;
            }
            String msg = cause instanceof Quant4jException q ? q.problem() : cause.getMessage();
            String named = namedKey(msg, map);
            if (named != null) {
                throw new RecipeException(join(path, named), map.keyOrigins().get(named), "invalid " + named + ": " + msg,
                        "Fix '" + named + "'.");
            }
            throw new RecipeException(path, map.origin(), "invalid " + leaf(path) + ": " + msg,
                    "Fix the values under '" + leaf(path) + "'.");
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("cannot construct " + type.getName(), e);
        }
    }

    /** The key of {@code map} that a constructor's message names (longest first), or null. */
    private static String namedKey(String message, YamlNode.Mapping map) {
        if (message == null) {
            return null;
        }
        return map.entries().keySet().stream().filter(k -> message.matches("(?s).*\\b" + java.util.regex.Pattern.quote(k) + "\\b.*"))
                .max(Comparator.comparingInt(String::length)).orElse(null);
    }

    private static Object accessor(RecordComponent c, Object instance) {
        try {
            Method m = c.getAccessor();
            m.setAccessible(true);
            return m.invoke(instance);
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException(e);
        }
    }

    static Object value(YamlNode node, Type type, Object dflt, String path) {
        if (type == YamlNode.class) {
            return node;
        }
        if (type instanceof ParameterizedType pt) {
            Class<?> raw = (Class<?>) pt.getRawType();
            if (node instanceof YamlNode.Scalar s && s.value() == null) {
                return null;
            }
            if (raw == List.class) {
                if (node instanceof YamlNode.Scalar one) { // a single value where a list is expected: a list of one
                    return List.of(value(one, pt.getActualTypeArguments()[0], null, path));
                }
                if (!(node instanceof YamlNode.Sequence seq)) {
                    throw new RecipeException(path, node.origin(), "expected a list, found " + found(node),
                            "Write a YAML list: [a, b] or '- item' lines.");
                }
                List<Object> out = new ArrayList<>();
                for (int i = 0; i < seq.items().size(); i++) {
                    out.add(value(seq.items().get(i), pt.getActualTypeArguments()[0], null, path + "[" + i + "]"));
                }
                return List.copyOf(out);
            }
            if (raw == Map.class) {
                if (!(node instanceof YamlNode.Mapping m)) {
                    throw new RecipeException(path, node.origin(), "expected a mapping, found " + found(node), null);
                }
                Map<String, Object> out = new LinkedHashMap<>();
                m.entries().forEach((k, v) -> out.put(k, value(v, pt.getActualTypeArguments()[1], null, join(path, k))));
                return out;
            }
            throw new IllegalStateException("unsupported type " + type);
        }
        Class<?> c = (Class<?>) type;
        if (c.isRecord()) {
            return bindRecord(node, c, dflt != null ? dflt : defaultsOf(c), path);
        }
        if (!(node instanceof YamlNode.Scalar s)) {
            throw new RecipeException(path, node.origin(), "expected " + describe(c) + ", found " + found(node), null);
        }
        return scalar(s, c, path);
    }

    private static Object scalar(YamlNode.Scalar s, Class<?> c, String path) {
        Object v = s.value();
        if (v == null) {
            if (c.isPrimitive()) {
                throw new RecipeException(path, s.origin(), "expected " + describe(c) + ", found null", "Give a value.");
            }
            return null;
        }
        try {
            if (c == String.class) {
                return s.text();
            }
            if (c == Path.class) {
                return Path.of(s.text());
            }
            if (c == boolean.class || c == Boolean.class) {
                if (v instanceof Boolean b) {
                    return b;
                }
                throw new NumberFormatException();
            }
            if (c == int.class || c == Integer.class) {
                long l = integral(v);
                if (l != (int) l) {
                    throw new RecipeException(path, s.origin(), "expected an integer in [" + Integer.MIN_VALUE + ", " + Integer.MAX_VALUE
                            + "], found '" + s.text() + "'", "Give a smaller value.");
                }
                return (int) l;
            }
            if (c == long.class || c == Long.class) {
                return integral(v);
            }
            if (c == double.class || c == Double.class || c == float.class || c == Float.class) {
                double d = number(v);
                boolean isFloat = c == float.class || c == Float.class;
                if (!Double.isFinite(d) || isFloat && Float.isInfinite((float) d)) {
                    throw new RecipeException(path, s.origin(), "expected a finite number, found '" + s.text() + "'"
                            + (Double.isNaN(d) ? " (not a number)" : " (infinite" + (Double.isFinite(d) ? " as a float32" : "") + ")"),
                            "Give a finite value such as 0.1 or 1.0e-4.");
                }
                return isFloat ? (Object) (float) d : (Object) d;
            }
            Method parse = parser(c);
            if (parse != null) {
                try {
                    return parse.invoke(null, s.text());
                } catch (InvocationTargetException e) {
                    String msg = e.getCause() instanceof Quant4jException q ? q.problem() : e.getCause().getMessage();
                    throw new RecipeException(path, s.origin(), msg, "Use one of the values the message lists.");
                } catch (IllegalAccessException e) {
                    throw new IllegalStateException(e);
                }
            }
            if (c.isEnum()) {
                String want = s.text().replace('-', '_').toLowerCase(Locale.ROOT);
                for (Object e : c.getEnumConstants()) {
                    if (((Enum<?>) e).name().toLowerCase(Locale.ROOT).equals(want)) {
                        return e;
                    }
                }
                List<String> names = new ArrayList<>();
                for (Object e : c.getEnumConstants()) {
                    names.add(((Enum<?>) e).name().toLowerCase(Locale.ROOT));
                }
                throw new RecipeException(path, s.origin(), "unknown value '" + s.text() + "'",
                        "Use one of: " + String.join(", ", names) + ".");
            }
        } catch (NumberFormatException | ArithmeticException e) {
            throw new RecipeException(path, s.origin(), "expected " + describe(c) + ", found '" + s.text() + "'",
                    "Write " + describe(c) + ".");
        }
        throw new IllegalStateException("unsupported type " + c);
    }

    /** A public static {@code parse(String)} returning the type, or null. */
    private static Method parser(Class<?> c) {
        if (c.isEnum() || c.isPrimitive() || c.getName().startsWith("java.")) {
            return null;
        }
        try {
            Method m = c.getMethod("parse", String.class);
            return java.lang.reflect.Modifier.isStatic(m.getModifiers()) && c.isAssignableFrom(m.getReturnType()) ? m : null;
        } catch (NoSuchMethodException e) {
            return null;
        }
    }

    private static long integral(Object v) {
        if (v instanceof Long l) {
            return l;
        }
        if (v instanceof Double d && d == Math.rint(d) && !d.isInfinite()) {
            return d.longValue();
        }
        if (v instanceof String str) {
            return Long.parseLong(str.trim());
        }
        throw new NumberFormatException();
    }

    private static double number(Object v) {
        if (v instanceof Number n) {
            return n.doubleValue();
        }
        if (v instanceof String str) {
            return Double.parseDouble(str.trim());
        }
        throw new NumberFormatException();
    }

    private static String describe(Type t) {
        if (t instanceof Class<?> c) {
            if (c.isRecord()) {
                return "a mapping (" + c.getSimpleName() + ")";
            }
            if (c.isEnum()) {
                return "one of " + java.util.Arrays.stream(c.getEnumConstants())
                        .map(e -> ((Enum<?>) e).name().toLowerCase(Locale.ROOT)).toList();
            }
            return switch (c.getSimpleName()) {
                case "int", "Integer", "long", "Long" -> "an integer";
                case "float", "Float", "double", "Double" -> "a number";
                case "boolean", "Boolean" -> "true or false";
                default -> "a " + c.getSimpleName().toLowerCase(Locale.ROOT);
            };
        }
        return t.getTypeName();
    }

    private static String found(YamlNode n) {
        if (n instanceof YamlNode.Mapping) {
            return "a mapping";
        }
        if (n instanceof YamlNode.Sequence) {
            return "a list";
        }
        return "'" + ((YamlNode.Scalar) n).text() + "'";
    }

    private static String join(String path, String key) {
        return path.isEmpty() ? key : path + "." + key;
    }

    private static String leaf(String path) {
        int i = path.lastIndexOf('.');
        return path.isEmpty() ? "the recipe" : path.substring(i + 1);
    }
}
