package io.github.mnplatform.fleet;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.util.List;
import java.util.Optional;

/** What the report reads from a registry: the calls of the OCI distribution API it uses. */
interface RegistrySource {

    /** Reads the registry's JSON: manifests, configs, listings. */
    ObjectMapper JSON = new ObjectMapper();

    /** An image manifest with the digest the registry names it by. */
    record Manifest(String digest, JsonNode json) {
    }

    /** The registry, as the user named it (for messages and the report). */
    String name();

    /** GET /v2/_catalog, all pages. */
    List<String> repositories() throws IOException;

    /** GET /v2/REPOSITORY/tags/list; empty for a repository without tags. */
    List<String> tags(String repository) throws IOException;

    /** GET /v2/REPOSITORY/manifests/REFERENCE; empty when the registry does not know it. */
    Optional<Manifest> manifest(String repository, String reference) throws IOException;

    /** GET /v2/REPOSITORY/blobs/DIGEST. */
    InputStream blob(String repository, String digest) throws IOException;

    /** The config blob MANIFEST names, parsed. */
    default JsonNode config(String repository, Manifest manifest) throws IOException {
        try (InputStream in = blob(repository, manifest.json().path("config").path("digest").asText())) {
            return JSON.readTree(in);
        }
    }
}
