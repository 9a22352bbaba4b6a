package io.github.mnplatform.aot;

import io.micronaut.http.HttpResponse;
import io.micronaut.http.annotation.Body;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.Post;
import io.micronaut.views.View;
import jakarta.validation.Valid;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

/** What a service built from the template answers: JSON, validated JSON, an HTML view. */
@Controller("/training")
class TrainingController {

    private final AtomicInteger requests = new AtomicInteger();

    @Get("/info")
    TrainingInfo info() {
        return new TrainingInfo("training", requests.incrementAndGet());
    }

    @Post("/greetings")
    HttpResponse<TrainingInfo> greet(@Valid @Body TrainingRequest request) {
        return HttpResponse.created(new TrainingInfo("Hello, " + request.name() + "!", requests.incrementAndGet()));
    }

    @View("training")
    @Get("/page")
    Map<String, Object> page() {
        return Map.of("name", "training", "rounds", requests.get());
    }
}
