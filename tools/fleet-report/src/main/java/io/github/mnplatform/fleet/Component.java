package io.github.mnplatform.fleet;

/** One component of a CycloneDX SBOM: a jar the image runs. */
record Component(String group, String name, String version) {

    String artifact() {
        return group + ":" + name;
    }

    @Override
    public String toString() {
        return artifact() + ":" + version;
    }
}
