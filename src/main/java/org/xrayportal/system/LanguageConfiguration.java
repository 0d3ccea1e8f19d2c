package org.xrayportal.system;

import jakarta.servlet.http.Cookie;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.ResponseCookie;
import org.springframework.web.servlet.LocaleResolver;
import org.springframework.web.servlet.config.annotation.InterceptorRegistry;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;
import org.springframework.web.servlet.i18n.AcceptHeaderLocaleResolver;
import org.springframework.web.servlet.i18n.LocaleChangeInterceptor;

/**
 * The language a page is rendered in is one the portal has texts for, and the page says so: {@code <html lang>} and
 * {@code Content-Language} follow the resolved locale, so a German or malformed {@code Accept-Language} must not
 * label English text as German.
 *
 * <p>The language is, in this order: the one chosen with the switcher in the page header ({@code ?lang=es}, kept in a
 * cookie, so it holds before and after sign-in on this browser), else the best supported match of the browser's
 * {@code Accept-Language}, else English. Only supported languages are ever resolved; an unknown cookie or
 * {@code lang} value is ignored. To add a language: add {@code messages_xx.properties} with every key (
 * {@code MessageBundlesTest} checks), add its {@link Locale} to {@link #SUPPORTED}, and add {@code language.xx} to
 * every bundle (the switcher lists {@link #SUPPORTED}).
 */
@Configuration(proxyBeanMethods = false)
class LanguageConfiguration implements WebMvcConfigurer {

    /** The languages with a complete message bundle; the first is the fallback. */
    static final List<Locale> SUPPORTED = List.of(Locale.ENGLISH, Locale.forLanguageTag("es"));

    /** The request parameter the language switcher submits. */
    static final String PARAMETER = "lang";

    @Bean
    LocaleResolver localeResolver() {
        return new PortalLocaleResolver();
    }

    @Override
    public void addInterceptors(InterceptorRegistry registry) {
        var interceptor = new LocaleChangeInterceptor();
        interceptor.setParamName(PARAMETER);
        interceptor.setHttpMethods("GET");
        interceptor.setIgnoreInvalidLocale(true);
        registry.addInterceptor(interceptor);
    }

    /** The supported language whose code is {@code language}, or null. */
    static Locale supported(String language) {
        if (language == null) {
            return null;
        }
        return SUPPORTED.stream()
                .filter(locale -> locale.getLanguage().equalsIgnoreCase(language.strip()))
                .findFirst()
                .orElse(null);
    }

    /** Cookie first, then the browser's preference among the supported languages, then English. */
    static final class PortalLocaleResolver implements LocaleResolver {

        static final String COOKIE = "portal-language";
        private static final String CHOSEN = PortalLocaleResolver.class.getName() + ".CHOSEN";
        private static final Duration REMEMBERED = Duration.ofDays(365);

        private final AcceptHeaderLocaleResolver browser = new AcceptHeaderLocaleResolver();

        PortalLocaleResolver() {
            browser.setSupportedLocales(SUPPORTED);
            browser.setDefaultLocale(SUPPORTED.getFirst());
        }

        @Override
        public Locale resolveLocale(HttpServletRequest request) {
            if (request.getAttribute(CHOSEN) instanceof Locale chosen) {
                return chosen;
            }
            Cookie[] cookies = request.getCookies();
            if (cookies != null) {
                for (Cookie cookie : cookies) {
                    Locale remembered = COOKIE.equals(cookie.getName()) ? supported(cookie.getValue()) : null;
                    if (remembered != null) {
                        return remembered;
                    }
                }
            }
            Locale preferred = browser.resolveLocale(request);
            // AcceptHeaderLocaleResolver answers an unsupported language with the request's own locale when it has
            // no supported match for the first preference; only a supported language may label a page.
            Locale match = supported(preferred.getLanguage());
            return match != null ? match : SUPPORTED.getFirst();
        }

        @Override
        public void setLocale(HttpServletRequest request, HttpServletResponse response, Locale locale) {
            Locale chosen = locale == null ? null : supported(locale.getLanguage());
            if (chosen == null || response == null) {
                return;
            }
            request.setAttribute(CHOSEN, chosen);
            response.addHeader(
                    "Set-Cookie",
                    ResponseCookie.from(COOKIE, chosen.getLanguage())
                            .path("/")
                            .maxAge(REMEMBERED)
                            .httpOnly(true)
                            .secure(request.isSecure())
                            .sameSite("Lax")
                            .build()
                            .toString());
        }
    }
}
