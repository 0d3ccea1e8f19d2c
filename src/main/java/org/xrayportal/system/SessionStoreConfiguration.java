package org.xrayportal.system;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.session.jdbc.PostgreSqlJdbcIndexedSessionRepositoryCustomizer;

/**
 * Sessions live in PostgreSQL (Spring Session JDBC). Concurrent requests of one session (restored tabs, a study page
 * and its thumbnails) may each add the same attribute; the stock INSERT then fails one of them with a duplicate key on
 * SPRING_SESSION_ATTRIBUTES. Spring Session's PostgreSQL customizer writes attributes with an upsert instead.
 */
@Configuration(proxyBeanMethods = false)
class SessionStoreConfiguration {

    @Bean
    PostgreSqlJdbcIndexedSessionRepositoryCustomizer postgreSqlSessionAttributeUpsert() {
        return new PostgreSqlJdbcIndexedSessionRepositoryCustomizer();
    }
}
