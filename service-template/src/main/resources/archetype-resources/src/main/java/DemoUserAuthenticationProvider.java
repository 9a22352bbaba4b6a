#set( $D = '$' )
package ${package};

import io.micronaut.context.annotation.Value;
import io.micronaut.core.annotation.NonNull;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpRequest;
import io.micronaut.security.authentication.AuthenticationFailureReason;
import io.micronaut.security.authentication.AuthenticationRequest;
import io.micronaut.security.authentication.AuthenticationResponse;
import io.micronaut.security.authentication.provider.HttpRequestAuthenticationProvider;
import jakarta.inject.Singleton;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;

/**
 * Checks POST /login against one user from the configuration (feature security-jwt):
 * service.demo-user.username and service.demo-user.password, e.g. from the environment
 * (SERVICE_DEMO_USER_PASSWORD). Without a password nobody can log in. Replace it with your
 * user store (LDAP, a database, an OAuth 2.0 provider, ...).
 */
@Singleton
class DemoUserAuthenticationProvider<B> implements HttpRequestAuthenticationProvider<B> {

    private final String username;
    private final String password;

    DemoUserAuthenticationProvider(@Value("${D}{service.demo-user.username:}") String username,
                                   @Value("${D}{service.demo-user.password:}") String password) {
        this.username = username;
        this.password = password;
    }

    @Override
    public @NonNull AuthenticationResponse authenticate(@Nullable HttpRequest<B> request,
                                                        @NonNull AuthenticationRequest<String, String> authRequest) {
        boolean known = !username.isEmpty() && !password.isEmpty() && username.equals(authRequest.getIdentity())
                && MessageDigest.isEqual(password.getBytes(StandardCharsets.UTF_8),
                        authRequest.getSecret().getBytes(StandardCharsets.UTF_8));
        return known
                ? AuthenticationResponse.success(authRequest.getIdentity())
                : AuthenticationResponse.failure(AuthenticationFailureReason.CREDENTIALS_DO_NOT_MATCH);
    }
}
