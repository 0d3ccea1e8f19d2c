package org.xrayportal.system;

import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.session.FindByIndexNameSessionRepository;
import org.springframework.session.jdbc.PostgreSqlJdbcIndexedSessionRepositoryCustomizer;
import org.springframework.session.web.http.SessionRepositoryFilter;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Sessions live in PostgreSQL (Spring Session JDBC). Concurrent requests of one session (restored tabs, a study page
 * and its thumbnails) may each add the same attribute; the stock INSERT then fails one of them with a duplicate key on
 * SPRING_SESSION_ATTRIBUTES. Spring Session's PostgreSQL customizer writes attributes with an upsert instead. The
 * repository is wrapped so that a plain GET reads the session once and writes nothing ({@link QuietSessionRepository}),
 * and that read is one statement without a transaction around it ({@link SessionTransactions}).
 */
@Configuration(proxyBeanMethods = false)
class SessionStoreConfiguration {

    @Bean
    PostgreSqlJdbcIndexedSessionRepositoryCustomizer postgreSqlSessionAttributeUpsert() {
        return new PostgreSqlJdbcIndexedSessionRepositoryCustomizer();
    }

    /**
     * Spring Session's transactions, with session lookups left out ({@link SessionTransactions}); Spring Session takes
     * the bean of this name.
     */
    @Bean
    SessionTransactions springSessionTransactionOperations(PlatformTransactionManager transactionManager) {
        return new SessionTransactions(transactionManager);
    }

    /**
     * The application's {@link TransactionTemplate}, as Spring Boot would declare it: Boot declares its own only when
     * no {@link org.springframework.transaction.support.TransactionOperations} exists, and the one above is one.
     */
    @Bean
    TransactionTemplate transactionTemplate(PlatformTransactionManager transactionManager) {
        return new TransactionTemplate(transactionManager);
    }

    @Bean
    static BeanPostProcessor quietSessionRepository() {
        return new BeanPostProcessor() {
            @Override
            @SuppressWarnings({"unchecked", "rawtypes"})
            public Object postProcessAfterInitialization(Object bean, String beanName) {
                return bean instanceof FindByIndexNameSessionRepository repository
                                && !(bean instanceof QuietSessionRepository)
                        ? new QuietSessionRepository<>(repository)
                        : bean;
            }
        };
    }

    /** Just outside Spring Session's filter, so the request's memory of its saved session ends with the request. */
    @Bean
    FilterRegistrationBean<QuietSessionRepository.RequestScope> quietSessionRequestScope() {
        var registration = new FilterRegistrationBean<>(new QuietSessionRepository.RequestScope());
        registration.setOrder(SessionRepositoryFilter.DEFAULT_ORDER - 1);
        return registration;
    }
}
