/**
 * Email on other modules' events. To be folded into the modules that own those events (issue 18).
 */
@ApplicationModule(
        displayName = "Notification",
        allowedDependencies = {"shared", "system", "account", "access", "consent", "consultation"})
package org.xrayportal.notification;

import org.springframework.modulith.ApplicationModule;
