package org.xrayportal.system;

import java.util.ArrayList;
import java.util.List;
import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.MethodParameter;
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
 * A form record that could not even be constructed (a value of the wrong type: a date like {@code 0000-00-00}, an
 * unknown choice) is a 400 with the portal's page. Spring would otherwise hand the controller a null form next to the
 * binding errors, and the form page then fails to render it (a 500, issue 12). Browsers never send such values: date
 * inputs and selects send valid ones, so this costs no user a field error.
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
            // Constructor binding failed: no form, or one the binding result does not hold, beside the errors.
            if (container != null && parameter.getParameterType().isRecord()) {
                String name = ModelFactory.getNameForParameter(parameter);
                if (container.getModel().get(BindingResult.MODEL_KEY_PREFIX + name) instanceof BindingResult result
                        && result.hasErrors()
                        && (form == null || result.getTarget() == null)) {
                    throw new MethodArgumentNotValidException(parameter, result);
                }
            }
            return form;
        }
    }
}
