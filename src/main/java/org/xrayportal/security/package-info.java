/**
 * The web security layer: the filter chain, the signed-in user (PortalUser, @CurrentUser) and roles, response headers, session cookies. Knows no domain module; accounts plug in through Spring Security's interfaces.
 */
@ApplicationModule(
        displayName = "Security",
        allowedDependencies = {"shared", "system"})
package org.xrayportal.security;

import org.springframework.modulith.ApplicationModule;
