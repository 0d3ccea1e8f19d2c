package org.xrayportal.system;

import jakarta.servlet.Filter;
import jakarta.servlet.http.HttpServletRequest;
import java.io.IOException;
import java.util.List;
import java.util.Locale;
import org.apache.catalina.Container;
import org.apache.catalina.Lifecycle;
import org.apache.catalina.Valve;
import org.apache.catalina.core.StandardHost;
import org.apache.catalina.valves.ErrorReportValve;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.tomcat.servlet.TomcatServletWebServerFactory;
import org.springframework.boot.web.server.WebServerFactoryCustomizer;
import org.springframework.boot.webmvc.autoconfigure.error.ErrorViewResolver;
import org.springframework.boot.webmvc.error.ErrorAttributes;
import org.springframework.context.MessageSource;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.header.HeaderWriterFilter;
import org.springframework.web.util.HtmlUtils;

/**
 * Every error the servlet container produces is the portal's own page with the portal's headers (issue 12):
 * {@code /error} requested directly is a 404, and Tomcat's error report valve is replaced by one that writes the
 * portal's page and runs the filter chain's own {@link HeaderWriterFilter}, so the headers cannot drift from the
 * pages'.
 */
@Configuration(proxyBeanMethods = false)
class ContainerErrorPages {

    @Bean
    PortalErrorController portalErrorController(
            ErrorAttributes errorAttributes, ObjectProvider<ErrorViewResolver> resolvers) {
        return new PortalErrorController(
                errorAttributes, resolvers.orderedStream().toList());
    }

    @Bean
    WebServerFactoryCustomizer<TomcatServletWebServerFactory> portalErrorReportValve(
            MessageSource messages, ObjectProvider<SecurityFilterChain> chains) {
        PortalErrorReportValve.Headers headers = (request, response) -> {
            HeaderWriterFilter filter = chains.orderedStream()
                    .flatMap(chain -> chain.getFilters().stream())
                    .filter(HeaderWriterFilter.class::isInstance)
                    .map(HeaderWriterFilter.class::cast)
                    .findFirst()
                    .orElseThrow();
            runHeaderFilter(filter, request, response);
        };
        var valve = new PortalErrorReportValve(headers, (status, request) -> page(messages, status, request));
        // After Spring Boot's own customizer, which adds a plain ErrorReportValve: ours replaces it when the host
        // starts, and the host finds a valve of its configured class and adds no other.
        return factory -> factory.addContextCustomizers(context -> {
            Container parent = context.getParent();
            if (parent instanceof StandardHost host) {
                host.setErrorReportValveClass(PortalErrorReportValve.class.getName());
                host.addLifecycleListener(event -> {
                    if (Lifecycle.BEFORE_START_EVENT.equals(event.getType())) {
                        for (Valve existing : List.of(host.getPipeline().getValves())) {
                            if (existing instanceof ErrorReportValve && existing != valve) {
                                host.getPipeline().removeValve(existing);
                            }
                        }
                        if (!List.of(host.getPipeline().getValves()).contains(valve)) {
                            host.getPipeline().addValve(valve);
                        }
                    }
                });
            }
        });
    }

    private static void runHeaderFilter(
            Filter filter, jakarta.servlet.ServletRequest request, jakarta.servlet.ServletResponse response) {
        try {
            filter.doFilter(request, response, (req, res) -> {});
        } catch (IOException | jakarta.servlet.ServletException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The portal's error page, in the words of the message bundle; static because no servlet may be reached. */
    static String page(MessageSource messages, int status, HttpServletRequest request) {
        Locale locale = request == null ? Locale.ENGLISH : request.getLocale();
        String kind = status == 404 ? "404" : status >= 500 ? "5xx" : "4xx";
        String title = text(messages, "error." + kind + ".title", locale);
        return """
                <!DOCTYPE html>
                <html lang="%s">
                <head>
                  <meta charset="utf-8">
                  <meta name="viewport" content="width=device-width, initial-scale=1">
                  <title>%s</title>
                  <link rel="stylesheet" href="/css/portal.css">
                </head>
                <body>
                <a class="skip-link" href="#main">%s</a>
                <header class="site-header"><a class="brand" href="/">%s</a></header>
                <main id="main" class="narrow">
                  <h1>%s</h1>
                  <p>%s</p>
                  <p><a href="/">%s</a></p>
                </main>
                </body>
                </html>
                """.formatted(
                        HtmlUtils.htmlEscape(locale.getLanguage().isEmpty() ? "en" : locale.getLanguage()),
                        title,
                        text(messages, "layout.skipToContent", locale),
                        text(messages, "app.name", locale),
                        text(messages, "error." + kind + ".heading", locale),
                        text(messages, "error." + kind + ".body", locale),
                        text(messages, "error.backHome", locale));
    }

    private static String text(MessageSource messages, String code, Locale locale) {
        return HtmlUtils.htmlEscape(messages.getMessage(code, null, code, locale));
    }
}
