package org.xrayportal.security;

import java.time.Clock;
import java.util.List;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.security.authentication.AuthenticationProvider;
import org.springframework.security.authentication.BadCredentialsException;
import org.springframework.security.web.authentication.AuthenticationFailureHandler;
import org.springframework.security.web.authentication.AuthenticationSuccessHandler;
import org.springframework.security.web.authentication.logout.LogoutHandler;

/**
 * The portal's filter chain for web slices, with the sign-in pieces the account module normally plugs in replaced by
 * inert ones: slices test controllers with an already signed-in user ({@code with(user(...))}), never the sign-in.
 */
@TestConfiguration(proxyBeanMethods = false)
@Import({SecurityConfiguration.class, SignedIn.class})
@EnableConfigurationProperties(SessionProperties.class)
public class WebSliceSecurity {

    @Bean
    Clock clock() {
        return Clock.systemUTC();
    }

    @Bean
    AuthenticationProvider passwordCheck() {
        return new AuthenticationProvider() {
            @Override
            public org.springframework.security.core.Authentication authenticate(
                    org.springframework.security.core.Authentication authentication) {
                throw new BadCredentialsException("web slices do not sign in");
            }

            @Override
            public boolean supports(Class<?> authentication) {
                return true;
            }
        };
    }

    @Bean
    AuthenticationSuccessHandler signedIn() {
        return (request, response, authentication) -> response.sendRedirect("/");
    }

    @Bean
    AuthenticationFailureHandler signInFailed() {
        return (request, response, exception) -> response.sendRedirect("/login?error");
    }

    @Bean
    LogoutHandler signingOut() {
        return (request, response, authentication) -> {};
    }

    @Bean
    PendingSignIn pendingSignIn() {
        return new PendingSignIn() {
            @Override
            public String authority() {
                return "SIGN_IN_PENDING";
            }

            @Override
            public List<String> pages() {
                return List.of();
            }
        };
    }
}
