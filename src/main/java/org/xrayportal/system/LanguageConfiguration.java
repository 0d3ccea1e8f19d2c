package org.xrayportal.system;

import java.util.List;
import java.util.Locale;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.web.servlet.LocaleResolver;
import org.springframework.web.servlet.i18n.AcceptHeaderLocaleResolver;

/**
 * The language a page is rendered in is one the portal has texts for, and the page says so: {@code <html lang>} and
 * {@code Content-Language} follow the resolved locale, so a German or malformed {@code Accept-Language} must not
 * label English text as German. Languages are added here when their message bundle exists.
 */
@Configuration(proxyBeanMethods = false)
class LanguageConfiguration {

    /** The languages with a complete message bundle; the first is the fallback. */
    static final List<Locale> SUPPORTED = List.of(Locale.ENGLISH);

    @Bean
    LocaleResolver localeResolver() {
        var resolver = new AcceptHeaderLocaleResolver();
        resolver.setSupportedLocales(SUPPORTED);
        resolver.setDefaultLocale(SUPPORTED.getFirst());
        return resolver;
    }
}
