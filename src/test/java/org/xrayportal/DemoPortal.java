package org.xrayportal;

import org.springframework.boot.SpringApplication;

/**
 * The portal with the {@code demo} profile on the test classpath, where the demo code lives (demo PACS, seeder, demo
 * accounts, demo mailbox) so that none of it ships in the production jar. {@code ./run-demo} starts it with
 * {@code spring-boot:test-run}.
 */
public final class DemoPortal {

    private DemoPortal() {}

    public static void main(String[] args) {
        SpringApplication.from(PortalApplication::main)
                .withAdditionalProfiles("demo")
                .run(args);
    }
}
