package io.github.mnplatform.fleet;

/**
 * One component of a CycloneDX SBOM: a jar the image runs.
 *
 * @param sha256 the SHA-256 of the jar as the SBOM lists it (lower-case hex); empty when it has none
 */
record Component(String group, String name, String version, String sha256) {

    Component(String group, String name, String version) {
        this(group, name, version, "");
    }

    String artifact() {
        return group + ":" + name;
    }

    /** The same group, artifact and version, and the same bytes where both name their SHA-256. */
    boolean sameJar(Component other) {
        return artifact().equals(other.artifact()) && version.equals(other.version())
                && (sha256.isEmpty() || other.sha256().isEmpty() || sha256.equals(other.sha256()));
    }

    /** The file name Maven and Jib give the jar when nothing clashes: NAME-VERSION.jar. */
    String fileName() {
        return name + "-" + version + ".jar";
    }

    @Override
    public String toString() {
        return artifact() + ":" + version;
    }
}
