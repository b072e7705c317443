package io.quant4j.quantization;

import static org.junit.jupiter.api.Assertions.fail;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParseException;
import com.google.gson.JsonParser;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Reads the reference vectors of pytorch-quantization. By default the files bundled with the tests
 * ({@link #BUNDLED}, classpath resources under {@value #RESOURCE_DIR}, described by the README
 * there); with {@code -Dquant4j.reference.file=PATH} that one file instead, which must follow the
 * same schema. Nothing outside the repository is looked up. A file that is missing, not a regular
 * file, empty, not a JSON object, has an unknown section or holds no case fails the test with a
 * message naming the file and the fix; it never skips.
 */
final class ReferenceFile {
    /** The system property naming a file to run instead of the bundled ones. */
    static final String PROPERTY = "quant4j.reference.file";
    /** Where the bundled files live on the test classpath. */
    static final String RESOURCE_DIR = "io/quant4j/quantization/reference/";
    /** The bundled files and the sections each must contain. */
    static final Map<String, Set<String>> BUNDLED = bundled();

    private static final String SOURCE_DIR = "quant4j-core/src/test/resources/" + RESOURCE_DIR;

    private ReferenceFile() {}

    private static Map<String, Set<String>> bundled() {
        Map<String, Set<String>> m = new LinkedHashMap<>();
        m.put("quantization_reference.json", Set.of("fake_quant", "per_channel", "gradients", "histogram"));
        m.put("histogram_growth_tails_reference.json", Set.of("histogram"));
        m.put("axis_reference.json", Set.of("axes"));
        return m;
    }

    /** The sets to run: the file named by {@value #PROPERTY} if set, else every bundled file. */
    static List<ReferenceSet> load() {
        String explicit = System.getProperty(PROPERTY);
        if (explicit != null && !explicit.isBlank()) {
            return List.of(readFile(Path.of(explicit.trim()).toAbsolutePath().normalize()));
        }
        List<ReferenceSet> sets = new ArrayList<>();
        for (Map.Entry<String, Set<String>> e : BUNDLED.entrySet()) {
            sets.add(readResource(e.getKey(), e.getValue()));
        }
        return sets;
    }

    private static ReferenceSet readFile(Path p) {
        String fix = "; pass -D" + PROPERTY + "=PATH with the absolute path of a reference file of the schema of "
                + SOURCE_DIR + "quantization_reference.json (relative paths resolve against the module folder), "
                + "or leave the property out to run the bundled files";
        if (!Files.exists(p)) {
            fail(PROPERTY + " names " + p + ", which does not exist" + fix);
        }
        if (!Files.isRegularFile(p)) {
            fail(PROPERTY + " names " + p + ", which is not a regular file" + fix);
        }
        String text;
        try {
            text = Files.readString(p, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new IllegalStateException("cannot read " + p + " (named by " + PROPERTY + "): " + e + fix, e);
        }
        return parse(p.toString(), text, Set.of(), fix);
    }

    private static ReferenceSet readResource(String name, Set<String> required) {
        String resource = RESOURCE_DIR + name;
        String fix = "; the file is part of the repository (" + SOURCE_DIR + name + "): restore it with"
                + " git checkout -- " + SOURCE_DIR + name;
        String text;
        try (InputStream in = ReferenceFile.class.getClassLoader().getResourceAsStream(resource)) {
            if (in == null) {
                fail("the bundled reference file " + resource + " is not on the test classpath" + fix);
            }
            text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new IllegalStateException("cannot read the bundled reference file " + resource + fix, e);
        }
        return parse("classpath:" + resource, text, required, fix);
    }

    private static ReferenceSet parse(String source, String text, Set<String> required, String fix) {
        if (text.isBlank()) {
            fail(source + " is empty: expected a JSON object with the sections " + ReferenceSet.SECTIONS + fix);
        }
        JsonElement root;
        try {
            root = JsonParser.parseString(text);
        } catch (JsonParseException e) {
            throw new AssertionError(source + " is not valid JSON (" + e.getMessage() + ")" + fix, e);
        }
        if (!root.isJsonObject()) {
            fail(source + ": expected a JSON object with the sections " + ReferenceSet.SECTIONS + ", found "
                    + abbreviate(root.toString()) + fix);
        }
        JsonObject json = root.getAsJsonObject();
        for (String key : json.keySet()) {
            if (!key.equals("generator") && !ReferenceSet.SECTIONS.contains(key)) {
                fail(source + ": unknown section \"" + key + "\"; expected \"generator\" and the sections "
                        + ReferenceSet.SECTIONS + fix);
            }
        }
        for (String section : required) {
            if (!json.has(section)) {
                fail(source + ": the section \"" + section + "\" is missing; expected " + required + fix);
            }
        }
        boolean anyCase = false;
        for (String section : ReferenceSet.SECTIONS) {
            JsonElement s = json.get(section);
            anyCase |= s != null && s.isJsonObject() && s.getAsJsonObject().size() > 0;
        }
        if (!anyCase) {
            fail(source + " holds no case: expected at least one of the sections " + ReferenceSet.SECTIONS
                    + " with cases, found the keys " + json.keySet() + fix);
        }
        return new ReferenceSet(source, json, required);
    }

    private static String abbreviate(String s) {
        return s.length() <= 60 ? s : s.substring(0, 57) + "...";
    }
}
