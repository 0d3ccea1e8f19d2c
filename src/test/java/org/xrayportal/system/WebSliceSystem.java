package org.xrayportal.system;

import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Import;

/**
 * The system beans the portal's templates call (dates in the clinic's zone, body parts in plain words, the menu's current page), and the
 * settings of the filters a slice picks up (admission control), for web slices.
 */
@TestConfiguration(proxyBeanMethods = false)
@Import({DisplayTime.class, FormTokens.class, BodyParts.class, CurrentPage.class})
@EnableConfigurationProperties({DisplayTime.Properties.class, AdmissionProperties.class})
public class WebSliceSystem {}
