package io.quant4j.cli;

import picocli.CommandLine;

/** The quant4j version, from the jar manifest (or "dev" when run from classes). */
public final class Version implements CommandLine.IVersionProvider {
    /** The version string. */
    public static String get() {
        String v = Version.class.getPackage().getImplementationVersion();
        return v != null ? v : "0.1.0-dev";
    }

    @Override
    public String[] getVersion() {
        return new String[] {"quant4j " + get()};
    }
}
