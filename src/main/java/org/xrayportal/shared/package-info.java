/**
 * Small types every module may use: patient identity (DICOM PS3.5 LO rules), person names, and {@link OncePerKey} (one
 * load per key at a time, for the PACS gateway and the frame cache). Open: every type is API.
 */
@ApplicationModule(
        displayName = "Shared values",
        allowedDependencies = {},
        type = ApplicationModule.Type.OPEN)
package org.xrayportal.shared;

import org.springframework.modulith.ApplicationModule;
