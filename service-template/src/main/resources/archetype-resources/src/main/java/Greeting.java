package ${package};

import io.micronaut.serde.annotation.Serdeable;

/** What POST /api/greetings answers. */
@Serdeable
public record Greeting(String message, String service) {
}
