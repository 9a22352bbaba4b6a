package it.consumer;

import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.runtime.Micronaut;

@Controller("/ping")
public class Application {

    public static void main(String[] args) {
        Micronaut.run(Application.class, args);
    }

    @Get
    public String ping() {
        return "pong";
    }
}
