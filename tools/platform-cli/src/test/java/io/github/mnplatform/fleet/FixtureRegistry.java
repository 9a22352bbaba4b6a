package io.github.mnplatform.fleet;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.zip.GZIPOutputStream;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;

/** Registry content for the unit tests: manifests, configs and layers as a registry serves them. */
final class FixtureRegistry implements RegistrySource {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final Map<String, Map<String, Manifest>> manifests = new TreeMap<>();
    private final Map<String, byte[]> blobs = new LinkedHashMap<>();
    final List<String> blobsRead = new ArrayList<>();

    @Override
    public String name() {
        return "fixture:5000";
    }

    @Override
    public List<String> repositories() {
        return List.copyOf(manifests.keySet());
    }

    @Override
    public List<String> tags(String repository) {
        return manifests.getOrDefault(repository, Map.of()).keySet().stream()
                .filter(reference -> !reference.startsWith("sha256:")).toList();
    }

    @Override
    public Optional<Manifest> manifest(String repository, String reference) {
        return Optional.ofNullable(manifests.getOrDefault(repository, Map.of()).get(reference));
    }

    @Override
    public InputStream blob(String repository, String digest) throws IOException {
        byte[] blob = blobs.get(digest);
        if (blob == null) {
            throw new IOException("no blob " + digest);
        }
        blobsRead.add(digest);
        return new ByteArrayInputStream(blob);
    }

    /** A gzipped tar layer holding the files (path in the image -> content); returns its digest. */
    String layer(Map<String, String> files) throws IOException {
        return blob(tarGz(files));
    }

    /** A gzipped tar holding the files (path in the image -> content). */
    static byte[] tarGz(Map<String, String> files) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (TarArchiveOutputStream tar = new TarArchiveOutputStream(new GZIPOutputStream(bytes))) {
            for (Map.Entry<String, String> file : files.entrySet()) {
                byte[] content = file.getValue().getBytes(StandardCharsets.UTF_8);
                TarArchiveEntry entry = new TarArchiveEntry(file.getKey().substring(1));
                entry.setSize(content.length);
                tar.putArchiveEntry(entry);
                tar.write(content);
                tar.closeArchiveEntry();
            }
        }
        return bytes.toByteArray();
    }

    String blob(byte[] content) {
        String digest = digest(content);
        blobs.put(digest, content);
        return digest;
    }

    /** Pushes an image with these labels and layers under the tags; returns its digest. */
    String push(String repository, Map<String, String> labels, List<String> layers, String... tags) throws IOException {
        ObjectNode config = JSON.createObjectNode();
        ObjectNode labelNode = config.putObject("config").putObject("Labels");
        labels.forEach(labelNode::put);
        String configDigest = blob(JSON.writeValueAsBytes(config));
        ObjectNode manifest = JSON.createObjectNode();
        manifest.put("schemaVersion", 2);
        manifest.putObject("config").put("digest", configDigest);
        ArrayNode layerNodes = manifest.putArray("layers");
        for (String layer : layers) {
            layerNodes.addObject().put("digest", layer).put("size", blobs.get(layer).length);
        }
        byte[] bytes = JSON.writeValueAsBytes(manifest);
        Manifest pushed = new Manifest(digest(bytes), JSON.readTree(bytes));
        Map<String, Manifest> references = manifests.computeIfAbsent(repository, r -> new TreeMap<>());
        references.put(pushed.digest(), pushed);
        for (String tag : tags) {
            references.put(tag, pushed);
        }
        return pushed.digest();
    }

    long size(String blob) {
        return blobs.get(blob).length;
    }

    private static String digest(byte[] content) {
        try {
            return "sha256:" + HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(content));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
