package io.github.mnplatform.fleet;

import io.github.mnplatform.core.ImageReference;
import java.util.List;
import java.util.Optional;

/**
 * One service image of the fleet: one row of the report.
 *
 * @param base       the base it is built on, as its label io.github.mnplatform.base names it
 *                   (REFERENCE@DIGEST); empty for an image built before the label existed
 * @param behind     how many platform versions the newest base in the registry is ahead of it
 * @param aot        its label io.github.mnplatform.aot (base, off), empty when it has none
 * @param ownBytes   compressed bytes of its layers that its base does not have; empty when the
 *                   base is not in the registry
 * @param overrides  common jars the base holds in another version than the image runs
 * @param components what its SBOM lists; empty when the image carries no SBOM
 */
record ImageRow(String repository, String tag, String digest, String platformVersion, Optional<String> base,
        Optional<Integer> behind, Optional<String> aot, Optional<Long> ownBytes, List<OverriddenJar> overrides,
        Optional<List<Component>> components) {

    /** A common jar the image runs in another version than its base holds. */
    record OverriddenJar(String artifact, String baseVersion, String imageVersion) {
        @Override
        public String toString() {
            return artifact + " " + baseVersion + " -> " + imageVersion;
        }
    }

    Optional<String> baseDigest() {
        return base.flatMap(ref -> ImageReference.parse(ref).digest());
    }
}
