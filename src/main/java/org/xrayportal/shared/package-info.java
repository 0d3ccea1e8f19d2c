/**
 * Small value types every module may use: patient identity (DICOM PS3.5 LO rules), person names. Open: every type is API.
 */
@ApplicationModule(
        displayName = "Shared values",
        allowedDependencies = {},
        type = ApplicationModule.Type.OPEN)
package org.xrayportal.shared;

import org.springframework.modulith.ApplicationModule;
