package org.xrayportal.imaging;

/** Test access to the DICOMweb gateway's internals that production code never needs. */
public final class TestGateways {

    private TestGateways() {}

    /**
     * The portal's gateway with its remembered study searches forgotten, as once {@code portal.pacs.ownership-cache-ttl}
     * has passed: for a test that stores a study in the PACS after the patient's list was read.
     */
    public static void studySearchCacheExpired(PacsGateway gateway) {
        ((DicomWebPacsGateway) gateway).forgetStudySearches();
    }
}
