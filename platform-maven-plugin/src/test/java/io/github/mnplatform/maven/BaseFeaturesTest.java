package io.github.mnplatform.maven;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.mnplatform.core.BaseJarList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class BaseFeaturesTest {

    private static final Set<String> COMMON = Set.of("io.micronaut:micronaut-core", "com.fasterxml.jackson.core:jackson-core");

    private static Map<String, Set<String>> features() {
        Map<String, Set<String>> features = new LinkedHashMap<>();
        features.put("data-jdbc", Set.of("io.micronaut.data:micronaut-data-jdbc", "com.zaxxer:HikariCP",
                "io.micronaut:micronaut-core"));
        features.put("security-jwt", Set.of("com.nimbusds:nimbus-jose-jwt", "com.zaxxer:HikariCP",
                "com.fasterxml.jackson.core:jackson-core"));
        return features;
    }

    @Test
    void aJarTheCommonSetNeedsIsCommonEvenWhenAFeatureNeedsItToo() {
        assertTrue(BaseFeatures.featureOf("com.fasterxml.jackson.core:jackson-core", COMMON, features()).isEmpty());
    }

    @Test
    void aJarOfTwoFeaturesBelongsToTheFirstInTheTilesOrder() {
        assertEquals("data-jdbc", BaseFeatures.featureOf("com.zaxxer:HikariCP", COMMON, features()).orElseThrow());
        assertEquals("security-jwt", BaseFeatures.featureOf("com.nimbusds:nimbus-jose-jwt", COMMON, features()).orElseThrow());
    }

    @Test
    void featuresListsTheFeatureJarsInTheJarsOrder() {
        assertEquals(List.of("com.nimbusds:nimbus-jose-jwt", "com.zaxxer:HikariCP"), List.copyOf(BaseFeatures.features(
                List.of("io.micronaut:micronaut-core", "com.nimbusds:nimbus-jose-jwt", "com.zaxxer:HikariCP"),
                COMMON, features()).keySet()));
    }

    @Test
    void aJarOnlyTheBaseItselfDeclaresIsSharedAfterTheFeatures() {
        Map<String, Set<String>> groups = features();
        groups.put(BaseJarList.SHARED, Set.of("org.postgresql:postgresql", "com.zaxxer:HikariCP"));
        assertEquals("shared", BaseFeatures.featureOf("org.postgresql:postgresql", COMMON, groups).orElseThrow());
        assertEquals("data-jdbc", BaseFeatures.featureOf("com.zaxxer:HikariCP", COMMON, groups).orElseThrow());
    }

    @Test
    void aJarNothingNeedsIsRefused() {
        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> BaseFeatures.featureOf("org.example:stray", COMMON, features()));
        assertTrue(e.getMessage().startsWith("org.example:stray is on the base's class path, but neither"), e.getMessage());
    }

    @Test
    void aFeatureIsNamedAfterItsTile() {
        assertEquals("data-jdbc", BaseFeatures.featureName("data-jdbc-tile"));
        assertEquals("extras", BaseFeatures.featureName("extras"));
    }
}
