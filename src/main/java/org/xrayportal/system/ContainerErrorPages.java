package org.xrayportal.system;

import jakarta.servlet.DispatcherType;
import jakarta.servlet.http.HttpServletRequest;
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
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.boot.webmvc.autoconfigure.error.ErrorViewResolver;
import org.springframework.boot.webmvc.error.ErrorAttributes;
import org.springframework.context.MessageSource;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.web.util.HtmlUtils;

/**
 * Every error the servlet container produces is the portal's own page with the portal's headers (issue 12):
 * {@code /error} requested directly is a 404; error dispatches and Tomcat's error report valve (replaced by one that
 * writes the portal's page) get the headers from {@link PortalHeaders}; undecodable parameters are a 400.
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
    PortalHeaders portalHeaders(ObjectProvider<SecurityFilterChain> chains) {
        return new PortalHeaders(chains);
    }

    @Bean
    FilterRegistrationBean<ErrorDispatchHeaders> errorDispatchHeaders(PortalHeaders headers) {
        var registration = new FilterRegistrationBean<>(new ErrorDispatchHeaders(headers));
        registration.setDispatcherTypes(DispatcherType.ERROR);
        registration.setOrder(Ordered.HIGHEST_PRECEDENCE + 1);
        return registration;
    }

    @Bean
    FilterRegistrationBean<UndecodableParameters> undecodableParameters() {
        var registration = new FilterRegistrationBean<>(new UndecodableParameters());
        registration.setDispatcherTypes(DispatcherType.REQUEST);
        // Right after the character-encoding filter (highest precedence): parameters must be decoded as UTF-8.
        registration.setOrder(Ordered.HIGHEST_PRECEDENCE + 1);
        return registration;
    }

    @Bean
    WebServerFactoryCustomizer<TomcatServletWebServerFactory> portalErrorReportValve(
            MessageSource messages, PortalHeaders portalHeaders) {
        PortalErrorReportValve.Headers headers = portalHeaders::write;
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
