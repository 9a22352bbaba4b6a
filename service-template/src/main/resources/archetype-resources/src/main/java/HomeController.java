package ${package};

import io.micronaut.context.annotation.Value;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.views.View;
import java.util.Map;

/** The HTML home page, rendered by Thymeleaf from views/home.html. */
@Controller
public class HomeController {

    private final String serviceName;

    public HomeController(@Value("${service.name}") String serviceName) {
        this.serviceName = serviceName;
    }

    @View("home")
    @Get
    public Map<String, Object> home() {
        return Map.of("serviceName", serviceName);
    }
}
