package org.xrayportal.support;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Inherited;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.springframework.boot.jdbc.test.autoconfigure.AutoConfigureTestDatabase;
import org.springframework.boot.jdbc.test.autoconfigure.JdbcTest;
import org.springframework.context.annotation.Import;
import org.springframework.test.context.ContextConfiguration;
import org.xrayportal.system.RepositorySliceConfiguration;

/**
 * A repository slice: only the JDBC infrastructure (data source, {@code JdbcClient}, transactions) and the classes the
 * test imports, on a fresh database of the real PostgreSQL from {@link TestPostgres}, migrated by the real Flyway
 * migrations as the owner role while the slice connects as the application role, exactly as the portal does. Each
 * test runs in a transaction rolled back at its end (as with every {@code @JdbcTest}) unless the class says otherwise.
 * Starts in about a second instead of the whole portal's ten.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@Documented
@Inherited
@JdbcTest
@AutoConfigureTestDatabase(replace = AutoConfigureTestDatabase.Replace.NONE)
@ContextConfiguration(initializers = PostgresContextInitializer.class)
@Import(RepositorySliceConfiguration.class)
public @interface RepositoryTest {}
