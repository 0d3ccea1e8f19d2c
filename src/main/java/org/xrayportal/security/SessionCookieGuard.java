package org.xrayportal.security;

import jakarta.servlet.http.HttpServletRequest;
import java.util.List;
import java.util.regex.Pattern;
import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.session.web.http.CookieSerializer;

/**
 * A session cookie that does not hold a session id the portal could have issued is no session at all. Spring Session
 * issues random UUIDs; anything else (a cookie that decodes to NUL bytes made PostgreSQL's session lookup fail with a
 * 500 on every URL, issue 12) is dropped before the lookup, so the request continues as an anonymous visitor's.
 */
@Configuration(proxyBeanMethods = false)
class SessionCookieGuard {

    private static final Pattern SESSION_ID =
            Pattern.compile("[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}");

    /** Wraps the cookie serializer that Spring Boot configures from {@code server.servlet.session.cookie.*}. */
    @Bean
    static BeanPostProcessor sessionCookieValidation() {
        return new BeanPostProcessor() {
            @Override
            public Object postProcessAfterInitialization(Object bean, String beanName) {
                return bean instanceof CookieSerializer serializer && !(bean instanceof ValidatingCookieSerializer)
                        ? new ValidatingCookieSerializer(serializer)
                        : bean;
            }
        };
    }

    static boolean isSessionId(String value) {
        return value != null && SESSION_ID.matcher(value).matches();
    }

    /** Reads only well-formed session ids; writes through unchanged. */
    record ValidatingCookieSerializer(CookieSerializer delegate) implements CookieSerializer {

        @Override
        public void writeCookieValue(CookieValue cookieValue) {
            delegate.writeCookieValue(cookieValue);
        }

        @Override
        public List<String> readCookieValues(HttpServletRequest request) {
            List<String> values;
            try {
                values = delegate.readCookieValues(request);
            } catch (RuntimeException e) {
                // A cookie header the container cannot parse is as good as none.
                return List.of();
            }
            return values.stream().filter(SessionCookieGuard::isSessionId).toList();
        }
    }
}
