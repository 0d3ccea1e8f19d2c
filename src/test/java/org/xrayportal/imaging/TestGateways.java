package org.xrayportal.imaging;

import java.net.URI;

/** The real DICOMweb gateway outside Spring, for code that runs in a JVM of its own (see LargeStudyDownloadIT). */
public final class TestGateways {

    private TestGateways() {}

    public static PacsGateway dicomWeb(URI dicomWebBase) {
        return new DicomWebPacsGateway(TestPacsProperties.forBaseUrl(dicomWebBase));
    }

    /**
     * The portal's gateway with its remembered study searches forgotten, as once {@code portal.pacs.ownership-cache-ttl}
     * has passed: for a test that stores a study in the PACS after the patient's list was read.
     */
    public static void studySearchCacheExpired(PacsGateway gateway) {
        ((DicomWebPacsGateway) gateway).forgetStudySearches();
    }
}
