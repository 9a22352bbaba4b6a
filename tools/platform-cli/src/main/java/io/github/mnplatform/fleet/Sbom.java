package io.github.mnplatform.fleet;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.mnplatform.core.BaseJarList;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.zip.GZIPInputStream;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;

/**
 * Reads a CycloneDX JSON SBOM, finds a file in an image layer (a tar, mostly gzipped), and lists
 * the jars a layer holds.
 */
final class Sbom {

    private static final ObjectMapper JSON = new ObjectMapper();

    private Sbom() {
    }

    /**
     * The SBOM component of the base's jar at this path. By SHA-256 first: the list and the SBOM both
     * name each jar's SHA-256, which holds where a file name does not (Jib renames a jar whose
     * file name clashes with another's, and a classifier or a version with dashes makes a file
     * name ambiguous); by the file name NAME-VERSION.jar only when the SBOM carries no hashes.
     */
    static Optional<Component> componentAt(BaseJarList base, String path, List<Component> sbom) {
        String sha256 = base.sha256At(path).orElse("");
        String fileName = path.substring(path.lastIndexOf('/') + 1);
        return sbom.stream().filter(c -> !sha256.isEmpty() && c.sha256().equals(sha256)).findFirst()
                .or(() -> sbom.stream().filter(c -> c.sha256().isEmpty() && c.fileName().equals(fileName)).findFirst());
    }

    /** The components of the SBOM, nested ones included, in the SBOM's order. */
    static List<Component> components(byte[] json) throws IOException {
        List<Component> components = new ArrayList<>();
        collect(JSON.readTree(json).path("components"), components);
        return components;
    }

    private static void collect(JsonNode nodes, List<Component> into) {
        for (JsonNode node : nodes) {
            String sha256 = "";
            for (JsonNode hash : node.path("hashes")) {
                if (hash.path("alg").asText("").equals("SHA-256")) {
                    sha256 = hash.path("content").asText("").toLowerCase(Locale.ROOT);
                }
            }
            into.add(new Component(node.path("group").asText(""), node.path("name").asText(""),
                    node.path("version").asText(""), sha256));
            collect(node.path("components"), into);
        }
    }

    /** A jar file in a layer: its path in the image, its size in bytes and its SHA-256 (hex). */
    record LayerJar(String path, long size, String sha256) {
        String fileName() {
            return path.substring(path.lastIndexOf('/') + 1);
        }
    }

    /** The jars directly in directory (absolute, ending in /) that the layer holds, in its order. */
    static List<LayerJar> jarsInLayer(InputStream blob, String directory) throws IOException {
        String wanted = directory.replaceFirst("^/+", "");
        List<LayerJar> jars = new ArrayList<>();
        try (TarArchiveInputStream tar = tar(blob)) {
            for (TarArchiveEntry entry = tar.getNextEntry(); entry != null; entry = tar.getNextEntry()) {
                String name = entry.getName().replaceFirst("^(\\./|/)+", "");
                if (entry.isFile() && name.startsWith(wanted) && name.endsWith(".jar")
                        && name.indexOf('/', wanted.length()) < 0) {
                    MessageDigest sha256 = sha256();
                    long size = 0;
                    byte[] buffer = new byte[64 * 1024];
                    for (int read = tar.read(buffer); read >= 0; read = tar.read(buffer)) {
                        sha256.update(buffer, 0, read);
                        size += read;
                    }
                    jars.add(new LayerJar("/" + name, size, HexFormat.of().formatHex(sha256.digest())));
                }
            }
        }
        return jars;
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime has SHA-256", e);
        }
    }

    private static TarArchiveInputStream tar(InputStream blob) throws IOException {
        InputStream in = new BufferedInputStream(blob);
        in.mark(2);
        boolean gzipped = in.read() == 0x1f && in.read() == 0x8b;
        in.reset();
        return new TarArchiveInputStream(gzipped ? new GZIPInputStream(in) : in);
    }

    /** The bytes of the file at pathInImage (absolute) in a layer blob, if the layer has it. */
    static Optional<byte[]> fileInLayer(InputStream blob, String pathInImage) throws IOException {
        String wanted = pathInImage.replaceFirst("^/+", "");
        try (TarArchiveInputStream tar = tar(blob)) {
            for (TarArchiveEntry entry = tar.getNextEntry(); entry != null; entry = tar.getNextEntry()) {
                if (entry.isFile() && entry.getName().replaceFirst("^(\\./|/)+", "").equals(wanted)) {
                    return Optional.of(tar.readAllBytes());
                }
            }
        }
        return Optional.empty();
    }
}
