package io.github.mnplatform.core;

import java.util.Optional;

/**
 * An image reference, {@code [registry/]repository[:tag][@digest]}, split as Docker does: the
 * first component is the registry when it holds a '.' or a ':' or is {@code localhost}. Jib's own
 * parser is not part of its extension API, which the Jib extension may use only.
 */
public record ImageReference(Optional<String> registry, String repository, Optional<String> tag,
        Optional<String> digest) {

    public static ImageReference parse(String reference) {
        String rest = reference.trim();
        Optional<String> digest = Optional.empty();
        int at = rest.indexOf('@');
        if (at >= 0) {
            digest = Optional.of(rest.substring(at + 1));
            rest = rest.substring(0, at);
        }
        Optional<String> tag = Optional.empty();
        int colon = rest.lastIndexOf(':');
        if (colon > rest.lastIndexOf('/')) {
            tag = Optional.of(rest.substring(colon + 1));
            rest = rest.substring(0, colon);
        }
        Optional<String> registry = Optional.empty();
        int slash = rest.indexOf('/');
        if (slash > 0) {
            String first = rest.substring(0, slash);
            if (first.contains(".") || first.contains(":") || first.equals("localhost")) {
                registry = Optional.of(first);
                rest = rest.substring(slash + 1);
            }
        }
        return new ImageReference(registry, rest, tag, digest);
    }

    /** The registry and the repository: what the reference names without its tag and digest. */
    public String name() {
        return registry.map(r -> r + "/").orElse("") + repository;
    }

    /** What a registry's manifest endpoint takes: the digest, else the tag, else latest. */
    public String manifestReference() {
        return digest.or(() -> tag).orElse("latest");
    }

    /** The same image pinned by digest: NAME@DIGEST. */
    public ImageReference withDigest(String imageDigest) {
        return new ImageReference(registry, repository, Optional.empty(), Optional.of(imageDigest));
    }

    @Override
    public String toString() {
        return name() + tag.map(t -> ":" + t).orElse("") + digest.map(d -> "@" + d).orElse("");
    }
}
