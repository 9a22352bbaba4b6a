package ${package};

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.micronaut.context.ApplicationContext;
import io.micronaut.context.annotation.Replaces;
import io.micronaut.context.annotation.Requires;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.client.HttpClient;
import io.micronaut.runtime.server.EmbeddedServer;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The declarative client against a fake upstream: a second embedded server, started first,
 * whose answer the service relays. Both take free ports (application-test.yml).
 */
class UpstreamClientTest {

    private static final String SPEC = "UpstreamClientTest";

    @Test
    void relayAnswersWithWhatTheUpstreamSays() {
        try (EmbeddedServer upstream = ApplicationContext.run(EmbeddedServer.class, Map.of("spec.name", SPEC));
             EmbeddedServer service = ApplicationContext.run(EmbeddedServer.class,
                     Map.of("micronaut.http.services.upstream.url", upstream.getURL().toString()));
             HttpClient client = HttpClient.create(service.getURL())) {
            ServiceInfo info = client.toBlocking().retrieve(HttpRequest.GET("/api/relay"), ServiceInfo.class);
            assertEquals(new ServiceInfo("fake upstream", "Hello from the fake upstream"), info);
        }
    }

    /** The upstream's GET /api/info, only in the server started with spec.name. */
    @Requires(property = "spec.name", value = SPEC)
    @Replaces(InfoController.class)
    @Controller("/api")
    static class FakeUpstream {

        @Get("/info")
        ServiceInfo info() {
            return new ServiceInfo("fake upstream", "Hello from the fake upstream");
        }
    }
}
