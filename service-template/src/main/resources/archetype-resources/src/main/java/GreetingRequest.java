package ${package};

import io.micronaut.serde.annotation.Serdeable;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Size;

/** The body of POST /api/greetings; an invalid one is answered with 400 naming the field. */
@Serdeable
public record GreetingRequest(@NotBlank @Size(max = 40) String name) {
}
