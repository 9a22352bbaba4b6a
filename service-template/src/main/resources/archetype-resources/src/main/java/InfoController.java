package ${package};

import io.micronaut.context.annotation.Value;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.annotation.Body;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.Post;
import io.micronaut.http.annotation.Status;
import jakarta.validation.Valid;

/** The service's JSON API. */
@Controller("/api")
public class InfoController {

    private final String serviceName;

    public InfoController(@Value("${service.name}") String serviceName) {
        this.serviceName = serviceName;
    }

    @Get("/info")
    public ServiceInfo info() {
        return new ServiceInfo(serviceName, "Hello from " + serviceName);
    }

    @Post("/greetings")
    @Status(HttpStatus.CREATED)
    public Greeting greet(@Body @Valid GreetingRequest request) {
        return new Greeting("Hello, " + request.name() + "!", serviceName);
    }
}
