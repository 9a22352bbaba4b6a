package ${package};

import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.security.annotation.Secured;
import io.micronaut.security.rules.SecurityRule;
import java.security.Principal;
import java.util.Map;

/** GET /api/me: only with a valid JWT (feature security-jwt); answers who the token names. */
@Controller("/api/me")
@Secured(SecurityRule.IS_AUTHENTICATED)
public class MeController {

    @Get
    public Map<String, String> me(Principal principal) {
        return Map.of("username", principal.getName());
    }
}
