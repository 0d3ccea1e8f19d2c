package org.xrayportal.system;

import java.util.ArrayList;
import java.util.List;
import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.MethodParameter;
import org.springframework.validation.AbstractBindingResult;
import org.springframework.validation.BindingResult;
import org.springframework.web.bind.MethodArgumentNotValidException;
import org.springframework.web.bind.support.WebDataBinderFactory;
import org.springframework.web.context.request.NativeWebRequest;
import org.springframework.web.method.annotation.ModelAttributeMethodProcessor;
import org.springframework.web.method.annotation.ModelFactory;
import org.springframework.web.method.support.HandlerMethodArgumentResolver;
import org.springframework.web.method.support.ModelAndViewContainer;
import org.springframework.web.servlet.mvc.method.annotation.RequestMappingHandlerAdapter;

/**
 * A form record that could not be constructed (a value of the wrong type: a date like {@code 0000-00-00}, an unknown
 * choice) keeps its field errors, but a controller's own {@code rejectValue} on it no longer fails for want of a target
 * (a 500, issue 12): the errors move to a binding result that reads field values from the request. Where Spring hands
 * over no form at all, the request is a 400 with the portal's page.
 */
@Configuration(proxyBeanMethods = false)
class FailedFormBinding {

    @Bean
    static BeanPostProcessor failedFormBindingIsBadRequest() {
        return new BeanPostProcessor() {
            @Override
            public Object postProcessAfterInitialization(Object bean, String beanName) {
                if (bean instanceof RequestMappingHandlerAdapter adapter && adapter.getArgumentResolvers() != null) {
                    List<HandlerMethodArgumentResolver> resolvers = new ArrayList<>();
                    for (HandlerMethodArgumentResolver resolver : adapter.getArgumentResolvers()) {
                        resolvers.add(
                                resolver instanceof ModelAttributeMethodProcessor processor
                                        ? new NullFormIsBadRequest(processor)
                                        : resolver);
                    }
                    adapter.setArgumentResolvers(resolvers);
                }
                return bean;
            }
        };
    }

    /** The errors of a failed construction, with field values as the request sent them. */
    static final class RequestBackedBindingResult extends AbstractBindingResult {

        private static final long serialVersionUID = 1L;

        private final transient NativeWebRequest request;

        RequestBackedBindingResult(BindingResult failed, NativeWebRequest request) {
            super(failed.getObjectName());
            this.request = request;
            addAllErrors(failed);
        }

        @Override
        public Object getTarget() {
            return null;
        }

        @Override
        protected Object getActualFieldValue(String field) {
            return request.getParameter(field);
        }
    }

    private record NullFormIsBadRequest(ModelAttributeMethodProcessor delegate)
            implements HandlerMethodArgumentResolver {

        @Override
        public boolean supportsParameter(MethodParameter parameter) {
            return delegate.supportsParameter(parameter);
        }

        @Override
        public Object resolveArgument(
                MethodParameter parameter,
                ModelAndViewContainer container,
                NativeWebRequest request,
                WebDataBinderFactory binderFactory)
                throws Exception {
            Object form = delegate.resolveArgument(parameter, container, request, binderFactory);
            if (container == null || !parameter.getParameterType().isRecord()) {
                return form;
            }
            String key = BindingResult.MODEL_KEY_PREFIX + ModelFactory.getNameForParameter(parameter);
            if (container.getModel().get(key) instanceof BindingResult result
                    && result.hasErrors()
                    && result.getTarget() == null) {
                if (form == null) {
                    throw new MethodArgumentNotValidException(parameter, result);
                }
                // The record was never built: a controller's own rejectValue would fail on the missing target, so
                // the errors move to a binding result that reads field values from the request instead.
                container.getModel().put(key, new RequestBackedBindingResult(result, request));
            }
            return form;
        }
    }
}
