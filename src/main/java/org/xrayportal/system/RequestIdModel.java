package org.xrayportal.system;

import jakarta.servlet.http.HttpServletRequest;
import java.util.Map;
import org.springframework.boot.web.error.ErrorAttributeOptions;
import org.springframework.boot.webmvc.error.DefaultErrorAttributes;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.web.bind.annotation.ControllerAdvice;
import org.springframework.web.bind.annotation.ModelAttribute;
import org.springframework.web.context.request.RequestAttributes;
import org.springframework.web.context.request.WebRequest;

/** The request's reference ({@link RequestIdFilter}) in every page model, error pages included. */
@ControllerAdvice
@Configuration(proxyBeanMethods = false)
class RequestIdModel {

    @ModelAttribute(RequestIdFilter.ATTRIBUTE)
    String requestId(HttpServletRequest request) {
        Object id = request.getAttribute(RequestIdFilter.ATTRIBUTE);
        return id == null ? null : id.toString();
    }

    /** Boot's error attributes (no details, as configured) plus the reference, for the error/*.html pages. */
    @Bean
    DefaultErrorAttributes errorAttributes() {
        return new DefaultErrorAttributes() {
            @Override
            public Map<String, Object> getErrorAttributes(WebRequest request, ErrorAttributeOptions options) {
                Map<String, Object> attributes = super.getErrorAttributes(request, options);
                Object id = request.getAttribute(RequestIdFilter.ATTRIBUTE, RequestAttributes.SCOPE_REQUEST);
                if (id != null) {
                    attributes.put(RequestIdFilter.ATTRIBUTE, id.toString());
                }
                return attributes;
            }
        };
    }
}
