package org.xrayportal.security;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.List;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.annotation.Order;
import org.springframework.security.authentication.AuthenticationProvider;
import org.springframework.security.authentication.BadCredentialsException;
import org.springframework.security.authentication.ProviderManager;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.authority.SimpleGrantedAuthority;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.authentication.www.BasicAuthenticationEntryPoint;

/**
 * {@code /actuator/prometheus} for a Prometheus server: HTTP Basic with the scraper's own credential
 * ({@code portal.metrics.scrape-username}/{@code -password}), stateless, and a plain 401 with
 * {@code WWW-Authenticate} for anything else, never a redirect to the sign-in page. Without a configured password
 * every scrape gets 401. The credential is no portal account and reaches nothing but this endpoint.
 */
@Configuration(proxyBeanMethods = false)
class MetricsScrapeSecurity {

    static final String SCRAPER = "ROLE_METRICS_SCRAPER";

    /**
     * @param scrapeUsername the user name Prometheus sends
     * @param scrapePassword its password; empty disables scraping (every request gets 401)
     */
    @ConfigurationProperties("portal.metrics")
    record Properties(String scrapeUsername, String scrapePassword) {
        Properties {
            scrapeUsername = scrapeUsername == null || scrapeUsername.isBlank() ? "prometheus" : scrapeUsername;
        }
    }

    @Bean
    @Order(1)
    SecurityFilterChain metricsScrapeChain(HttpSecurity http, Properties properties) throws Exception {
        BasicAuthenticationEntryPoint unauthorized = new BasicAuthenticationEntryPoint();
        unauthorized.setRealmName("portal metrics");
        unauthorized.afterPropertiesSet();
        http.securityMatcher("/actuator/prometheus")
                .authenticationManager(new ProviderManager(new ScraperAuthentication(properties)))
                .authorizeHttpRequests(requests -> requests.anyRequest().hasAuthority(SCRAPER))
                .httpBasic(basic -> basic.realmName("portal metrics").authenticationEntryPoint(unauthorized))
                .exceptionHandling(errors -> errors.authenticationEntryPoint(unauthorized))
                .sessionManagement(session -> session.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
                .requestCache(cache -> cache.disable())
                .csrf(csrf -> csrf.disable()); // GET only, no session, no cookies
        return http.build();
    }

    private record ScraperAuthentication(Properties properties) implements AuthenticationProvider {

        @Override
        public Authentication authenticate(Authentication authentication) {
            String password = properties.scrapePassword();
            Object given = authentication.getCredentials();
            if (password == null
                    || password.isEmpty()
                    || given == null
                    || !equal(properties.scrapeUsername(), authentication.getName())
                    || !equal(password, given.toString())) {
                throw new BadCredentialsException("Bad scraper credentials");
            }
            return UsernamePasswordAuthenticationToken.authenticated(
                    properties.scrapeUsername(), null, List.of(new SimpleGrantedAuthority(SCRAPER)));
        }

        @Override
        public boolean supports(Class<?> authentication) {
            return UsernamePasswordAuthenticationToken.class.isAssignableFrom(authentication);
        }

        private static boolean equal(String expected, String given) {
            return MessageDigest.isEqual(
                    expected.getBytes(StandardCharsets.UTF_8), given.getBytes(StandardCharsets.UTF_8));
        }
    }
}
