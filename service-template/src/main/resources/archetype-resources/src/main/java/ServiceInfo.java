package ${package};

import io.micronaut.serde.annotation.Serdeable;

/** What GET /api/info answers. */
@Serdeable
public record ServiceInfo(String service, String message) {
}
