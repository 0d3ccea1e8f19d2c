package org.xrayportal.security;

import java.time.Clock;
import org.springframework.boot.security.autoconfigure.web.servlet.PathRequest;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.security.authentication.ProviderManager;
import org.springframework.security.config.annotation.method.configuration.EnableMethodSecurity;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.core.userdetails.UserDetailsService;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.context.SecurityContextHolderFilter;
import org.springframework.security.web.header.writers.ReferrerPolicyHeaderWriter.ReferrerPolicy;
import org.xrayportal.account.SignInThrottle;

/** The one filter chain: form sign-in, role-based URL rules, and the headers of DESIGN.md invariant 6. */
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

    @Bean
    SecurityFilterChain securityFilterChain(
            HttpSecurity http,
            AuthenticationAudit audit,
            SessionProperties sessionProperties,
            Clock clock,
            UserDetailsService userDetails,
            PasswordEncoder passwordEncoder,
            SignInThrottle throttle)
            throws Exception {
        // The only authentication manager of the chain: the throttled password check, with no parent to fall back to.
        http.authenticationManager(
                new ProviderManager(new ThrottledAuthenticationProvider(userDetails, passwordEncoder, throttle)));
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
                        // Password given, second factor not yet (issue 4): these pages and nothing else.
                        .requestMatchers(MfaController.VERIFY, MfaController.ENROL)
                        .hasAuthority(MfaPendingAuthentication.AUTHORITY)
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
                        .successHandler(audit)
                        .failureHandler(audit)
                        .permitAll())
                .logout(logout -> logout.logoutUrl("/logout")
                        .addLogoutHandler(audit)
                        .logoutSuccessUrl("/login?signedOut")
                        .invalidateHttpSession(true)
                        .deleteCookies("PORTALSESSION"))
                .sessionManagement(session -> session.sessionFixation(fixation -> fixation.changeSessionId()))
                .headers(headers -> headers.contentSecurityPolicy(csp -> csp.policyDirectives(CONTENT_SECURITY_POLICY))
                        .referrerPolicy(referrer -> referrer.policy(ReferrerPolicy.NO_REFERRER))
                        .frameOptions(frame -> frame.deny())
                        .permissionsPolicyHeader(
                                permissions -> permissions.policy("camera=(), microphone=(), geolocation=()")));
        return http.build();
    }
}
