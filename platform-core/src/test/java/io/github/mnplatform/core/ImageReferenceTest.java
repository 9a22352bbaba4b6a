package io.github.mnplatform.core;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Optional;
import org.junit.jupiter.api.Test;

class ImageReferenceTest {

    private static final String DIGEST = "sha256:" + "ab".repeat(32);

    @Test
    void imageReferencesSplitLikeDockerDoes() {
        assertEquals(new ImageReference(Optional.of("localhost:5000"), "a/b", Optional.of("1.0"), Optional.empty()),
                ImageReference.parse("localhost:5000/a/b:1.0"));
        assertEquals(new ImageReference(Optional.of("localhost:5000"), "a/b", Optional.empty(), Optional.of(DIGEST)),
                ImageReference.parse("localhost:5000/a/b@" + DIGEST));
        assertEquals(new ImageReference(Optional.of("ghcr.io"), "o/b", Optional.of("1"), Optional.of(DIGEST)),
                ImageReference.parse("ghcr.io/o/b:1@" + DIGEST));
        assertEquals(new ImageReference(Optional.of("localhost:5000"), "b", Optional.empty(), Optional.empty()),
                ImageReference.parse("localhost:5000/b"));
        // Without a registry (Docker Hub's form): the first component is part of the repository.
        assertEquals(new ImageReference(Optional.empty(), "acme/micronaut-base", Optional.of("1.0"), Optional.empty()),
                ImageReference.parse("acme/micronaut-base:1.0"));
        assertEquals(new ImageReference(Optional.of("localhost"), "acme/b", Optional.empty(), Optional.empty()),
                ImageReference.parse("localhost/acme/b"));
    }

    @Test
    void aReferenceNamesItsImageAndWhatTheManifestEndpointTakes() {
        ImageReference tagged = ImageReference.parse("127.0.0.1:5000/acme/micronaut-base:1.0");
        assertEquals("127.0.0.1:5000/acme/micronaut-base", tagged.name());
        assertEquals("1.0", tagged.manifestReference());
        assertEquals("127.0.0.1:5000/acme/micronaut-base@" + DIGEST, tagged.withDigest(DIGEST).toString());
        assertEquals(DIGEST, ImageReference.parse("ghcr.io/acme/b:1.0@" + DIGEST).manifestReference());
        assertEquals("latest", ImageReference.parse("ghcr.io/acme/b").manifestReference());
        assertEquals("ghcr.io/acme/b:1.0@" + DIGEST, ImageReference.parse("ghcr.io/acme/b:1.0@" + DIGEST).toString());
    }
}
