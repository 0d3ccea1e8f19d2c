package org.xrayportal.imaging.demo;

import java.nio.file.Path;
import java.util.Map;
import org.springframework.boot.EnvironmentPostProcessor;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.context.event.ApplicationFailedEvent;
import org.springframework.context.ApplicationListener;
import org.springframework.context.event.ContextClosedEvent;
import org.springframework.core.Ordered;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.MapPropertySource;

/**
 * With {@code portal.demo.local-pacs.enabled=true} (the {@code demo} profile), starts a {@link LocalOrthanc}, seeds the
 * {@link DemoStudies} (with the {@link DemoDocuments}) and points {@code portal.pacs.base-url} at it, before any bean is created, so the gateway is
 * built against it like against any PACS. Orthanc stops when the application context closes or fails to start.
 * {@code portal.demo.local-pacs.storage-dir} keeps Orthanc's storage between runs (seeding skips existing studies).
 */
public final class LocalPacsEnvironmentPostProcessor implements EnvironmentPostProcessor, Ordered {

    static final String ENABLED = "portal.demo.local-pacs.enabled";
    static final String STORAGE_DIR = "portal.demo.local-pacs.storage-dir";

    @Override
    public void postProcessEnvironment(ConfigurableEnvironment environment, SpringApplication application) {
        if (!environment.getProperty(ENABLED, Boolean.class, false)
                || environment.getPropertySources().contains("localPacs")) {
            return;
        }
        if (!LocalOrthanc.isInstalled()) {
            throw new IllegalStateException("The demo profile runs a local Orthanc PACS, but Orthanc is not installed. "
                    + "Install it with: sudo " + LocalOrthanc.INSTALL_HINT
                    + " (or set portal.demo.local-pacs.enabled=false and portal.pacs.base-url)");
        }
        String storage = environment.getProperty(STORAGE_DIR);
        LocalOrthanc orthanc = storage == null || storage.isBlank()
                ? LocalOrthanc.startTemporary()
                : LocalOrthanc.startPersistent(Path.of(storage));
        try {
            DemoSeeder seeder = new DemoSeeder(orthanc.dicomWebUrl());
            seeder.seedAll();
            seeder.seedDocuments(); // a report and a PDF to try, in the demo only
        } catch (RuntimeException e) {
            orthanc.close();
            throw e;
        }
        environment
                .getPropertySources()
                .addFirst(new MapPropertySource(
                        "localPacs",
                        Map.of("portal.pacs.base-url", orthanc.dicomWebUrl().toString())));
        application.addListeners((ApplicationListener<?>) event -> {
            if (event instanceof ContextClosedEvent || event instanceof ApplicationFailedEvent) {
                orthanc.close();
            }
        });
    }

    @Override
    public int getOrder() {
        // After the config data (application-demo.yml) has been loaded.
        return Ordered.LOWEST_PRECEDENCE;
    }
}
