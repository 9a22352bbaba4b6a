package ${package};

import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;

/** Answers with what the upstream service says, through the declarative client. */
@Controller("/api/relay")
public class RelayController {

    private final UpstreamClient upstream;

    public RelayController(UpstreamClient upstream) {
        this.upstream = upstream;
    }

    // The client call blocks, so it runs off the Netty event loop.
    @Get
    @ExecuteOn(TaskExecutors.BLOCKING)
    public ServiceInfo relay() {
        return upstream.info();
    }
}
