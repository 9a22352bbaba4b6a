package ${package};

import io.micronaut.http.annotation.Get;
import io.micronaut.http.client.annotation.Client;

/** A declarative HTTP client; its URL is micronaut.http.services.upstream.url. */
@Client(id = "upstream")
public interface UpstreamClient {

    @Get("/api/info")
    ServiceInfo info();
}
