package org.xrayportal.system;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.util.Map;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.MethodParameter;
import org.springframework.http.HttpStatus;
import org.springframework.web.bind.WebDataBinder;
import org.springframework.web.bind.annotation.ControllerAdvice;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.InitBinder;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.method.HandlerMethod;
import org.springframework.web.multipart.MultipartException;
import org.springframework.web.server.ResponseStatusException;
import org.springframework.web.servlet.HandlerInterceptor;
import org.springframework.web.servlet.HandlerMapping;
import org.springframework.web.servlet.config.annotation.InterceptorRegistry;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;

/**
 * Input is validated at the edge, for every form and parameter (issue 12): forms get {@link FormInputValidator}'s
 * field errors; a request parameter or path variable a handler declares that holds a control character is a 400
 * before the handler runs; a multipart body the container cannot parse is a 400. All of them end on the portal's
 * error page, and none reaches a service.
 */
@Configuration(proxyBeanMethods = false)
@ControllerAdvice
class InputValidation implements WebMvcConfigurer {

    private static final FormInputValidator FORMS = new FormInputValidator();

    @InitBinder
    void formRules(WebDataBinder binder) {
        if (binder.getTarget() != null || binder.getTargetType() != null) {
            binder.addValidators(FORMS);
        }
    }

    @ExceptionHandler(MultipartException.class)
    String malformedMultipart(HttpServletResponse response) {
        response.setStatus(HttpStatus.BAD_REQUEST.value());
        return "error/4xx";
    }

    @Override
    public void addInterceptors(InterceptorRegistry registry) {
        registry.addInterceptor(new ParameterGuard());
    }

    /** Refuses control characters in the parameters and path variables a handler method declares. */
    static final class ParameterGuard implements HandlerInterceptor {

        @Override
        public boolean preHandle(HttpServletRequest request, HttpServletResponse response, Object handler) {
            if (!(handler instanceof HandlerMethod method)) {
                return true;
            }
            for (MethodParameter parameter : method.getMethodParameters()) {
                RequestParam requestParam = parameter.getParameterAnnotation(RequestParam.class);
                if (requestParam != null) {
                    String name = !requestParam.name().isEmpty() ? requestParam.name() : parameter.getParameterName();
                    String[] values = name == null ? null : request.getParameterValues(name);
                    if (values != null) {
                        for (String value : values) {
                            refuseControlCharacters(value);
                        }
                    }
                }
                PathVariable pathVariable = parameter.getParameterAnnotation(PathVariable.class);
                if (pathVariable != null
                        && request.getAttribute(HandlerMapping.URI_TEMPLATE_VARIABLES_ATTRIBUTE)
                                instanceof Map<?, ?> variables) {
                    String name = !pathVariable.name().isEmpty() ? pathVariable.name() : parameter.getParameterName();
                    if (variables.get(name) instanceof String value) {
                        refuseControlCharacters(value);
                    }
                }
            }
            return true;
        }

        private static void refuseControlCharacters(String value) {
            if (InputRules.hasControlCharacter(value, false)) {
                throw new ResponseStatusException(HttpStatus.BAD_REQUEST);
            }
        }
    }
}
