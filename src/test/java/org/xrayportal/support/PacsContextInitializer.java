package org.xrayportal.support;

import java.util.Map;
import org.springframework.context.ApplicationContextInitializer;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.core.env.MapPropertySource;

/** Points a Spring test context's PACS gateway at the shared, seeded Orthanc of {@link OrthancSupport}. */
public class PacsContextInitializer implements ApplicationContextInitializer<ConfigurableApplicationContext> {

    @Override
    public void initialize(ConfigurableApplicationContext context) {
        context.getEnvironment()
                .getPropertySources()
                .addFirst(new MapPropertySource(
                        "testPacs",
                        Map.of(
                                "portal.pacs.base-url",
                                OrthancSupport.shared().dicomWebUrl().toString())));
    }
}
