/**
 * The PACS gateway: a narrow interface, its DICOMweb adapter, DICOM JSON read into typed records, rendering. Knows DICOMweb, not who is asking.
 */
@ApplicationModule(
        displayName = "Imaging",
        allowedDependencies = {"shared", "system"})
package org.xrayportal.imaging;

import org.springframework.modulith.ApplicationModule;
