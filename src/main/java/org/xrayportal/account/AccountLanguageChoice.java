package org.xrayportal.account;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.context.annotation.Configuration;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.web.servlet.HandlerInterceptor;
import org.springframework.web.servlet.config.annotation.InterceptorRegistry;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;
import org.xrayportal.security.PortalUser;
import org.xrayportal.system.PortalLanguages;

/** A language chosen with the switcher ({@code ?lang=es}) while signed in is remembered for the account too. */
@Configuration(proxyBeanMethods = false)
class AccountLanguageChoice implements WebMvcConfigurer, HandlerInterceptor {

    private final AccountLanguages languages;

    AccountLanguageChoice(AccountLanguages languages) {
        this.languages = languages;
    }

    @Override
    public void addInterceptors(InterceptorRegistry registry) {
        registry.addInterceptor(this);
    }

    @Override
    public boolean preHandle(HttpServletRequest request, HttpServletResponse response, Object handler) {
        String lang = request.getParameter("lang");
        Authentication signedIn = SecurityContextHolder.getContext().getAuthentication();
        if (lang != null
                && "GET".equals(request.getMethod())
                && signedIn != null
                && signedIn.getPrincipal() instanceof PortalUser user) {
            PortalLanguages.supported(lang).ifPresent(language -> languages.remember(user.id(), language));
        }
        return true;
    }
}
