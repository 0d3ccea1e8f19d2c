package org.xrayportal.security;

import java.time.Clock;
import org.springframework.boot.security.autoconfigure.web.servlet.PathRequest;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.security.authentication.AuthenticationProvider;
import org.springframework.security.authentication.ProviderManager;
import org.springframework.security.config.annotation.method.configuration.EnableMethodSecurity;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.observation.SecurityObservationSettings;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.authentication.AuthenticationFailureHandler;
import org.springframework.security.web.authentication.AuthenticationSuccessHandler;
import org.springframework.security.web.authentication.logout.LogoutHandler;
import org.springframework.security.web.context.SecurityContextHolderFilter;
import org.springframework.security.web.header.writers.ReferrerPolicyHeaderWriter.ReferrerPolicy;

/**
 * The one filter chain: form sign-in, role-based URL rules, and the headers of DESIGN.md invariant 6. What signing in
 * means for accounts (the throttled password check, the audit of each outcome, a second factor still to come) is
 * plugged in by the account module through Spring Security's own interfaces and {@link PendingSignIn}; this layer
 * names no domain type.
 */
@Configuration(proxyBeanMethods = false)
@EnableMethodSecurity
class SecurityConfiguration {

    static final String CONTENT_SECURITY_POLICY = String.join(
            "; ",
            "default-src 'self'",
            "script-src 'self'",
            "style-src 'self'",
            "img-src 'self' data: blob:",
            "font-src 'self'",
            "connect-src 'self'",
            "object-src 'none'",
            "base-uri 'none'",
            "form-action 'self'",
            "frame-ancestors 'none'");

    /**
     * No Micrometer observation around each security filter, authentication and authorization (issue 14): with an
     * observation registry present Spring Security wraps every one of the chain's filters in an observation with its
     * own timers on every request, frames included, for metrics nobody reads; {@code http.server.requests} and the
     * portal's own meters stay.
     */
    @Bean
    static SecurityObservationSettings securityObservations() {
        return SecurityObservationSettings.noObservations();
    }

    @Bean
    SecurityFilterChain securityFilterChain(
            HttpSecurity http,
            AuthenticationProvider passwordCheck,
            AuthenticationSuccessHandler signedIn,
            AuthenticationFailureHandler signInFailed,
            LogoutHandler signingOut,
            PendingSignIn pendingSignIn,
            SessionProperties sessionProperties,
            Clock clock)
            throws Exception {
        // The only authentication manager of the chain: the account module's (throttled) password check, with no
        // parent to fall back to.
        http.authenticationManager(new ProviderManager(passwordCheck));
        http.addFilterBefore(
                new AbsoluteSessionTimeoutFilter(sessionProperties.absoluteTimeout(), clock),
                SecurityContextHolderFilter.class);
        http.authorizeHttpRequests(requests -> requests.requestMatchers(
                                PathRequest.toStaticResources().atCommonLocations())
                        .permitAll()
                        .requestMatchers("/login", "/error", "/help/**", "/actuator/health", "/actuator/health/**")
                        .permitAll()
                        // Account onboarding and recovery (issue 4): reached before anyone is signed in.
                        .requestMatchers(
                                "/activate", "/register", "/register/**", "/password/reset", "/password/reset/**")
                        .permitAll()
                        // A share's recipient (issue 19) has no account: the link, its passcode and the share session
                        // are checked by the sharing module on every request.
                        .requestMatchers("/s/**")
                        .permitAll()
                        // A share's SMART Health Link (issue 19): the viewer page, the manifest and file requests of an
                        // app, and the share-scoped DICOMweb endpoint (bearer token), all checked by the sharing
                        // module.
                        .requestMatchers("/shl", "/shl/**")
                        .permitAll()
                        // Password given, second factor not yet (issue 4): these pages and nothing else.
                        .requestMatchers(pendingSignIn.pages().toArray(String[]::new))
                        .hasAuthority(pendingSignIn.authority())
                        .requestMatchers("/patient/**")
                        .hasRole(Role.PATIENT.name())
                        .requestMatchers("/staff/**")
                        .hasRole(Role.STAFF.name())
                        .requestMatchers("/admin/**", "/actuator/**")
                        .hasRole(Role.ADMIN.name())
                        .anyRequest()
                        .hasAnyRole(Role.PATIENT.name(), Role.STAFF.name(), Role.ADMIN.name()))
                .formLogin(form -> form.loginPage("/login")
                        .usernameParameter("email")
                        .successHandler(signedIn)
                        .failureHandler(signInFailed)
                        .permitAll())
                .logout(logout -> logout.logoutUrl("/logout")
                        .addLogoutHandler(signingOut)
                        .logoutSuccessUrl("/login?signedOut")
                        .invalidateHttpSession(true)
                        .deleteCookies("PORTALSESSION"))
                // An app's manifest request and DICOMweb calls carry no cookie: the link's secrets, the passcode and
                // the bearer token are their credentials, so there is no session a forged request could ride on.
                .csrf(csrf -> csrf.ignoringRequestMatchers("/shl/m/**", "/shl/f/**", "/shl/dicomweb/**"))
                .exceptionHandling(exceptions -> exceptions.accessDeniedHandler(new ExpiredFormHandler()))
                .sessionManagement(session -> session.sessionFixation(fixation -> fixation.changeSessionId()))
                .headers(headers -> headers.contentSecurityPolicy(csp -> csp.policyDirectives(CONTENT_SECURITY_POLICY))
                        .referrerPolicy(referrer -> referrer.policy(ReferrerPolicy.NO_REFERRER))
                        .frameOptions(frame -> frame.deny())
                        .permissionsPolicyHeader(
                                permissions -> permissions.policy("camera=(), microphone=(), geolocation=()")));
        return http.build();
    }
}
