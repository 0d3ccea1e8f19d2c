/**
 * Infrastructure without domain knowledge: MVC configuration, error pages and the one problem page, embedded database, migrations, clock, language, request ids, the mail outbox (the one mail port).
 */
@ApplicationModule(
        displayName = "System",
        allowedDependencies = {"shared"})
package org.xrayportal.system;

import org.springframework.modulith.ApplicationModule;
