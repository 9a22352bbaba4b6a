package io.github.mnplatform.fleet;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.zip.GZIPInputStream;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;

/** Reads a CycloneDX JSON SBOM, and finds a file in an image layer (a tar, mostly gzipped). */
final class Sbom {

    private static final ObjectMapper JSON = new ObjectMapper();

    private Sbom() {
    }

    /** The components of the SBOM, nested ones included, in the SBOM's order. */
    static List<Component> components(byte[] json) throws IOException {
        List<Component> components = new ArrayList<>();
        collect(JSON.readTree(json).path("components"), components);
        return components;
    }

    private static void collect(JsonNode nodes, List<Component> into) {
        for (JsonNode node : nodes) {
            into.add(new Component(node.path("group").asText(""), node.path("name").asText(""),
                    node.path("version").asText("")));
            collect(node.path("components"), into);
        }
    }

    /** The bytes of the file at pathInImage (absolute) in a layer blob, if the layer has it. */
    static Optional<byte[]> fileInLayer(InputStream blob, String pathInImage) throws IOException {
        String wanted = pathInImage.replaceFirst("^/+", "");
        InputStream in = new BufferedInputStream(blob);
        in.mark(2);
        boolean gzipped = in.read() == 0x1f && in.read() == 0x8b;
        in.reset();
        try (TarArchiveInputStream tar = new TarArchiveInputStream(gzipped ? new GZIPInputStream(in) : in)) {
            for (TarArchiveEntry entry = tar.getNextEntry(); entry != null; entry = tar.getNextEntry()) {
                if (entry.isFile() && entry.getName().replaceFirst("^(\\./|/)+", "").equals(wanted)) {
                    return Optional.of(tar.readAllBytes());
                }
            }
        }
        return Optional.empty();
    }
}
