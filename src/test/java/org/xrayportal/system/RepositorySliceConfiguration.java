package org.xrayportal.system;

import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Import;

/**
 * What every repository slice ({@code support.RepositoryTest}) takes from the portal besides JDBC: its one clock and
 * the way it runs the migrations.
 */
@TestConfiguration(proxyBeanMethods = false)
@Import({ClockConfiguration.class, MigrationConfiguration.class})
public class RepositorySliceConfiguration {}
