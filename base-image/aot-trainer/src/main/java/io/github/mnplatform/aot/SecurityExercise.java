package io.github.mnplatform.aot;

import io.micronaut.context.annotation.Requires;
import io.micronaut.core.annotation.NonNull;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.client.BlockingHttpClient;
import io.micronaut.http.client.exceptions.HttpClientResponseException;
import io.micronaut.security.annotation.Secured;
import io.micronaut.security.authentication.AuthenticationFailureReason;
import io.micronaut.security.authentication.AuthenticationRequest;
import io.micronaut.security.authentication.AuthenticationResponse;
import io.micronaut.security.authentication.UsernamePasswordCredentials;
import io.micronaut.security.authentication.provider.HttpRequestAuthenticationProvider;
import io.micronaut.security.rules.SecurityRule;
import io.micronaut.security.token.render.BearerAccessRefreshToken;
import jakarta.inject.Singleton;
import java.security.Principal;

/** Feature security-jwt: a login that answers a signed JWT, a secured call with it and one without. */
@Singleton
@Requires(classes = BearerAccessRefreshToken.class)
class SecurityExercise implements TrainingExercise {

    private static final String USER = "trainer";
    private static final String PASSWORD = "training only";

    @Override
    public String feature() {
        return "security-jwt";
    }

    @Override
    public void exercise(BlockingHttpClient http, int round) {
        BearerAccessRefreshToken token = http.retrieve(
                HttpRequest.POST("/login", new UsernamePasswordCredentials(USER, PASSWORD)), BearerAccessRefreshToken.class);
        String me = http.retrieve(HttpRequest.GET("/training/secured").bearerAuth(token.getAccessToken()));
        if (!me.equals(USER)) {
            throw new IllegalStateException("the secured call with the login's token answered '" + me + "'");
        }
        try {
            http.exchange(HttpRequest.GET("/training/secured"), String.class);
            throw new IllegalStateException("the secured call without a token was answered");
        } catch (HttpClientResponseException e) {
            Trainer.expect(e.getStatus(), HttpStatus.UNAUTHORIZED, "GET /training/secured without a token");
        }
    }

    /** The one user of the training run. */
    @Singleton
    @Requires(classes = BearerAccessRefreshToken.class)
    static class TrainerAuthenticationProvider<B> implements HttpRequestAuthenticationProvider<B> {

        @Override
        public @NonNull AuthenticationResponse authenticate(@Nullable HttpRequest<B> request,
                @NonNull AuthenticationRequest<String, String> authRequest) {
            return USER.equals(authRequest.getIdentity()) && PASSWORD.equals(authRequest.getSecret())
                    ? AuthenticationResponse.success(USER)
                    : AuthenticationResponse.failure(AuthenticationFailureReason.CREDENTIALS_DO_NOT_MATCH);
        }
    }

    /** A controller that needs a token. */
    @Requires(classes = BearerAccessRefreshToken.class)
    @Secured(SecurityRule.IS_AUTHENTICATED)
    @Controller("/training/secured")
    static class SecuredController {

        @Get(produces = "text/plain")
        String me(Principal principal) {
            return principal.getName();
        }
    }
}
