package io.quant4j.nn;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** The modules whose forward is running on this thread, outermost first. */
final class ModuleCallStack {
    private static final ThreadLocal<List<Module>> STACK = ThreadLocal.withInitial(ArrayList::new);

    private ModuleCallStack() {}

    static List<Module> get() {
        return STACK.get();
    }

    /**
     * Dotted path of the innermost running module relative to the outermost one
     * ({@code layer1.0.conv1}); a module called without being registered as a child shows as
     * {@code <Type>}.
     */
    static String currentPath() {
        List<Module> s = STACK.get();
        StringBuilder sb = new StringBuilder();
        for (int i = 1; i < s.size(); i++) {
            Module parent = s.get(i - 1);
            Module child = s.get(i);
            if (child == parent) {
                continue;
            }
            String name = null;
            for (Map.Entry<String, Module> e : parent.children().entrySet()) {
                if (e.getValue() == child) {
                    name = e.getKey();
                    break;
                }
            }
            if (sb.length() > 0) {
                sb.append('.');
            }
            sb.append(name != null ? name : "<" + child.typeName() + ">");
        }
        return sb.toString();
    }
}
