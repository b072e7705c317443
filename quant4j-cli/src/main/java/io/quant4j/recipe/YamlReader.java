package io.quant4j.recipe;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.nio.charset.CharacterCodingException;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/** Reads YAML (Jackson's YAML parser) into {@link YamlNode}s that remember their line. */
public final class YamlReader {
    private static final YAMLFactory FACTORY = new YAMLFactory();

    private YamlReader() {}

    /** Parses a file. */
    public static YamlNode read(Path file) {
        if (Files.isDirectory(file)) {
            throw new RecipeException("", file.toString(), "the recipe is a directory: expected a YAML file",
                    "Give the recipe file itself, e.g. recipes/resnet_fmnist_qat.yaml.");
        }
        String text;
        try {
            text = Files.readString(file);
        } catch (NoSuchFileException e) {
            throw new RecipeException("", file.toString(), "recipe file not found", "Check the path (relative paths start at "
                    + Path.of("").toAbsolutePath() + ").");
        } catch (CharacterCodingException e) {
            throw new RecipeException("", file.toString(), "the recipe is not UTF-8 text (a binary file?)",
                    "Give a YAML recipe file.");
        } catch (AccessDeniedException e) {
            throw new RecipeException("", file.toString(), "cannot read the recipe: permission denied", "Check its permissions.");
        } catch (IOException e) {
            throw new RecipeException("", file.toString(), "cannot read the recipe: " + e.getMessage(), null);
        }
        if (text.indexOf('\0') >= 0) {
            throw new RecipeException("", file.toString(), "the recipe holds NUL bytes (a binary file?)", "Give a YAML recipe file.");
        }
        return parse(text, file.toString());
    }

    /** Parses text; {@code source} names it in errors. */
    public static YamlNode parse(String text, String source) {
        try (JsonParser p = FACTORY.createParser(text)) {
            JsonToken t = p.nextToken();
            if (t == null) {
                return new YamlNode.Mapping(Map.of(), Map.of(), source + " line 1");
            }
            return node(p, source);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            JsonLocation loc = e.getLocation();
            String where = source + (loc != null ? " line " + loc.getLineNr() : "");
            throw new RecipeException("", where, "invalid YAML: " + e.getOriginalMessage(), "Fix the YAML syntax at that line.");
        } catch (IOException e) {
            throw new RecipeException("", source, "cannot parse YAML: " + e.getMessage(), null);
        }
    }

    private static YamlNode node(JsonParser p, String source) throws IOException {
        String origin = source + " line " + p.currentTokenLocation().getLineNr();
        switch (p.currentToken()) {
            case START_OBJECT -> {
                Map<String, YamlNode> entries = new LinkedHashMap<>();
                Map<String, String> keyOrigins = new LinkedHashMap<>();
                while (p.nextToken() == JsonToken.FIELD_NAME) {
                    String key = p.currentName();
                    String keyOrigin = source + " line " + p.currentTokenLocation().getLineNr();
                    if (entries.containsKey(key)) {
                        throw new RecipeException(key, keyOrigin, "duplicate key", "Keep one definition of '" + key + "'.");
                    }
                    p.nextToken();
                    entries.put(key, node(p, source));
                    keyOrigins.put(key, keyOrigin);
                }
                return new YamlNode.Mapping(entries, keyOrigins, origin);
            }
            case START_ARRAY -> {
                List<YamlNode> items = new ArrayList<>();
                while (p.nextToken() != JsonToken.END_ARRAY) {
                    items.add(node(p, source));
                }
                return new YamlNode.Sequence(items, origin);
            }
            case VALUE_STRING -> {
                return new YamlNode.Scalar(p.getText(), p.getText(), origin);
            }
            case VALUE_NUMBER_INT -> {
                return new YamlNode.Scalar(p.getLongValue(), p.getText(), origin);
            }
            case VALUE_NUMBER_FLOAT -> {
                Optional<Double> special = special(p.getText());
                return new YamlNode.Scalar(special.isPresent() ? special.get() : p.getDoubleValue(), p.getText(), origin);
            }
            case VALUE_TRUE, VALUE_FALSE -> {
                return new YamlNode.Scalar(p.getBooleanValue(), p.getText(), origin);
            }
            case VALUE_NULL -> {
                return new YamlNode.Scalar(null, "null", origin);
            }
            default -> throw new RecipeException("", origin, "unsupported YAML token " + p.currentToken(), null);
        }
    }

    /** YAML's {@code .nan}, {@code .inf} and {@code -.inf} (any case), which Jackson cannot read as numbers. */
    private static Optional<Double> special(String text) {
        String t = text.trim().toLowerCase(Locale.ROOT);
        return switch (t) {
            case ".nan" -> Optional.of(Double.NaN);
            case ".inf", "+.inf" -> Optional.of(Double.POSITIVE_INFINITY);
            case "-.inf" -> Optional.of(Double.NEGATIVE_INFINITY);
            default -> Optional.empty();
        };
    }
}
