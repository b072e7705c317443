package io.quant4j.onnx;

import java.io.IOException;
import java.io.InputStream;
import java.util.Properties;

/** The quant4j version written into ONNX files: from the jar's Maven metadata, else the manifest, else "dev". */
public final class Quant4jVersion {
    private static final String VERSION = find();

    private Quant4jVersion() {}

    public static String get() {
        return VERSION;
    }

    private static String find() {
        try (InputStream in = Quant4jVersion.class.getResourceAsStream(
                "/META-INF/maven/io.quant4j/quant4j-onnx/pom.properties")) {
            if (in != null) {
                Properties p = new Properties();
                p.load(in);
                String v = p.getProperty("version");
                if (v != null && !v.isBlank()) {
                    return v;
                }
            }
        } catch (IOException e) {
            // fall through to the manifest
        }
        String v = Quant4jVersion.class.getPackage().getImplementationVersion();
        return v != null ? v : "0.1.0-dev";
    }
}
