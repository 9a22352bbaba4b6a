package io.github.mnplatform.jib;

import java.util.Optional;

/**
 * The parts of an image reference the extension compares: repository, tag, digest.
 * Jib's own parser is not part of the extension API, so this small one follows the same
 * grammar: [registry/]repository[:tag][@digest].
 */
record ImageReference(String repository, Optional<String> tag, Optional<String> digest) {

    static ImageReference parse(String reference) {
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
        return new ImageReference(rest, tag, digest);
    }

    String withDigest(String imageDigest) {
        return repository + "@" + imageDigest;
    }

    @Override
    public String toString() {
        return repository + tag.map(t -> ":" + t).orElse("") + digest.map(d -> "@" + d).orElse("");
    }
}
