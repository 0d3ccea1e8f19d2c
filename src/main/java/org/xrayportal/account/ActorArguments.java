package org.xrayportal.account;

import jakarta.servlet.http.HttpServletRequest;
import java.util.List;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.MethodParameter;
import org.springframework.security.authentication.AuthenticationCredentialsNotFoundException;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.web.bind.support.WebDataBinderFactory;
import org.springframework.web.context.request.NativeWebRequest;
import org.springframework.web.method.support.HandlerMethodArgumentResolver;
import org.springframework.web.method.support.ModelAndViewContainer;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;
import org.xrayportal.security.PortalUser;

/**
 * Lets a controller method declare an {@link Actor} parameter: the signed-in {@link PortalUser}'s account and role
 * with the request's client address (as the container resolved it, trusted proxies only). The one place where the web
 * principal becomes the actor that services take.
 */
@Configuration(proxyBeanMethods = false)
class ActorArguments implements WebMvcConfigurer, HandlerMethodArgumentResolver {

    @Override
    public void addArgumentResolvers(List<HandlerMethodArgumentResolver> resolvers) {
        resolvers.add(this);
    }

    @Override
    public boolean supportsParameter(MethodParameter parameter) {
        return parameter.getParameterType() == Actor.class;
    }

    @Override
    public Actor resolveArgument(
            MethodParameter parameter,
            ModelAndViewContainer mavContainer,
            NativeWebRequest webRequest,
            WebDataBinderFactory binderFactory) {
        Authentication authentication = SecurityContextHolder.getContext().getAuthentication();
        if (authentication == null || !(authentication.getPrincipal() instanceof PortalUser user)) {
            throw new AuthenticationCredentialsNotFoundException("No signed-in portal user");
        }
        HttpServletRequest request = webRequest.getNativeRequest(HttpServletRequest.class);
        return Actor.of(user, request == null ? "" : request.getRemoteAddr());
    }
}
