package io.quant4j.data;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Finds a dataset's folder. Lookup order (first folder holding all four files wins; each file may
 * be gzip-compressed or not):
 * <ol>
 *   <li>{@code $QUANT4J_DATA/<dir>} (the system property {@code quant4j.data} overrides the variable)</li>
 *   <li>{@code ~/.quant4j/datasets/<dir>}</li>
 *   <li>{@code /usr/share/datasets/<dir>} (Debian packages such as {@code dataset-fashion-mnist})</li>
 *   <li>download from the official location (or {@code -Dquant4j.data.url=BASE}) into
 *       {@code ~/.quant4j/datasets/<dir>}, checksums verified; {@code -Dquant4j.download=false}
 *       turns this off</li>
 * </ol>
 * Failing all, one {@link DatasetNotFoundException} names the folders searched and the ways to
 * provide the files. The roots, download folder and base URL are injectable for tests.
 */
public final class DatasetLocator {
    /**
     * A lookup root and how a user puts data there.
     *
     * @param path folder holding one sub-folder per dataset, or null when not configured
     * @param origin how this root is set ({@code $QUANT4J_DATA}, ...), for messages
     * @param required the user pointed here explicitly: a dataset missing from it is an error,
     *     never a silent fall-back to the next root
     */
    public record Root(Path path, String origin, boolean required) {
        public Root {
            Objects.requireNonNull(origin, "origin");
        }

        /** A root the lookup may pass over. */
        public Root(Path path, String origin) {
            this(path, origin, false);
        }
    }

    private final List<Root> roots;
    private final Path downloadRoot;
    private final URI baseUrl;

    /**
     * @param roots lookup roots in order
     * @param downloadRoot where downloads go (a sub-folder per dataset), or null to never download
     * @param baseUrl download base replacing the dataset's official location, or null for the official one
     */
    public DatasetLocator(List<Root> roots, Path downloadRoot, URI baseUrl) {
        this.roots = List.copyOf(roots);
        this.downloadRoot = downloadRoot;
        if (baseUrl != null && !baseUrl.toString().endsWith("/")) {
            baseUrl = URI.create(baseUrl + "/");
        }
        this.baseUrl = baseUrl;
    }

    /** The standard lookup order, from the environment and system properties. */
    public static DatasetLocator defaults() {
        String data = System.getProperty("quant4j.data");
        if (data == null || data.isBlank()) {
            data = System.getenv("QUANT4J_DATA");
        }
        Path home = Path.of(System.getProperty("user.home"), ".quant4j", "datasets");
        List<Root> roots = List.of(
                new Root(data == null || data.isBlank() ? null : Path.of(data), "$QUANT4J_DATA", true),
                new Root(home, "~/.quant4j/datasets"),
                new Root(Path.of("/usr/share/datasets"), "/usr/share/datasets (Debian dataset packages)"));
        boolean download = !"false".equalsIgnoreCase(System.getProperty("quant4j.download", "true"));
        String url = System.getProperty("quant4j.data.url");
        return new DatasetLocator(roots, download ? home : null, url == null || url.isBlank() ? null : URI.create(url));
    }

    /** The lookup roots in order. */
    public List<Root> roots() {
        return roots;
    }

    /** The folder holding all files of {@code spec}, downloading them if needed and allowed. */
    public Path locate(IdxDatasetSpec spec) {
        List<String> looked = new ArrayList<>();
        for (Root r : roots) {
            if (r.path() == null) {
                looked.add(r.origin() + " (not set)");
                continue;
            }
            Path dir = r.path().resolve(spec.dirName());
            List<String> missing = missing(spec, dir);
            if (missing.isEmpty()) {
                return dir;
            }
            String state = Files.isDirectory(dir) ? " (missing " + String.join(", ", missing) + ")" : " (no such folder)";
            if (r.required()) {
                throw new DatasetNotFoundException(spec.title() + " not found where " + r.origin() + " points: " + dir + state,
                        dir.toString(), "Put the files " + String.join(", ", spec.files().stream().map(DatasetFile::name).toList())
                                + " in " + dir + ", or stop pointing " + r.origin() + " there to use the other places.", null);
            }
            looked.add(dir + state);
        }
        URI base = baseUrl != null ? baseUrl : spec.officialBase();
        String downloadNote;
        if (downloadRoot == null) {
            downloadNote = "download is off (-Dquant4j.download=false)";
        } else {
            Path dir = downloadRoot.resolve(spec.dirName());
            try {
                for (DatasetFile f : spec.files()) {
                    if (find(dir, f) == null) {
                        Downloader.fetch(base, f, dir);
                    }
                }
                return dir;
            } catch (IOException e) {
                downloadNote = "download from " + base + " failed: " + e;
            }
        }
        String files = String.join(", ", spec.files().stream().map(DatasetFile::name).toList());
        String debian = spec.debianPackage() == null ? "" : " (3) install the Debian package " + spec.debianPackage()
                + " (apt-get install " + spec.debianPackage() + "), which puts them in /usr/share/datasets/" + spec.dirName() + ";";
        throw new DatasetNotFoundException(spec.title() + " not found: looked in " + String.join("; ", looked)
                + "; " + downloadNote, spec.dirName(),
                "Provide the files " + files + " (gzip or not) one of these ways: (1) set QUANT4J_DATA=/some/dir"
                        + " (or -Dquant4j.data=/some/dir) and put them in /some/dir/" + spec.dirName() + ";"
                        + " (2) put them in ~/.quant4j/datasets/" + spec.dirName() + ";" + debian
                        + " or allow network access so that quant4j downloads them from " + base + ".", null);
    }

    /** The file of {@code f} in {@code dir}, compressed or not, or null. */
    static Path find(Path dir, DatasetFile f) {
        Path gz = dir.resolve(f.name());
        if (Files.isRegularFile(gz)) {
            return gz;
        }
        Path raw = dir.resolve(f.uncompressedName());
        return Files.isRegularFile(raw) ? raw : null;
    }

    private static List<String> missing(IdxDatasetSpec spec, Path dir) {
        List<String> out = new ArrayList<>();
        for (DatasetFile f : spec.files()) {
            if (find(dir, f) == null) {
                out.add(f.name());
            }
        }
        return out;
    }
}
