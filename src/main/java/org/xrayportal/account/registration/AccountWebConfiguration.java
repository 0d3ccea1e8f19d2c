package org.xrayportal.account.registration;

import org.springframework.context.annotation.Configuration;
import org.springframework.web.servlet.config.annotation.InterceptorRegistry;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;

@Configuration(proxyBeanMethods = false)
class AccountWebConfiguration implements WebMvcConfigurer {

    private final UnlinkedPatientInterceptor unlinkedPatients;

    AccountWebConfiguration(UnlinkedPatientInterceptor unlinkedPatients) {
        this.unlinkedPatients = unlinkedPatients;
    }

    @Override
    public void addInterceptors(InterceptorRegistry registry) {
        registry.addInterceptor(unlinkedPatients);
    }
}
