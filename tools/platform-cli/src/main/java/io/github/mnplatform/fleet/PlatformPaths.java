package io.github.mnplatform.fleet;

import java.io.IOException;
import java.io.InputStream;
import java.util.Properties;

/** Facts of the platform the report relies on, filtered from the root pom.xml into the tool. */
record PlatformPaths(String org, String baseSbom, String serviceSbom, String baseJarList) {

    static PlatformPaths load() {
        Properties properties = new Properties();
        try (InputStream in = PlatformPaths.class.getResourceAsStream("platform.properties")) {
            properties.load(in);
        } catch (IOException | NullPointerException e) {
            throw new IllegalStateException("platform.properties is missing from the fleet report's jar", e);
        }
        return new PlatformPaths(properties.getProperty("org"), properties.getProperty("sbom.base"),
                properties.getProperty("sbom.service"), properties.getProperty("base.jar.list"));
    }
}
