package org.xrayportal.system;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * The embedded PostgreSQL used when no {@code spring.datasource.url} is set.
 *
 * @param dataDirectory where to keep the data between runs; empty means a temporary directory, deleted at exit
 */
@ConfigurationProperties("portal.embedded-database")
record EmbeddedDatabaseProperties(String dataDirectory) {}
