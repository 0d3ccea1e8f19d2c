package org.xrayportal.imaging;

/** Test access to the DICOMweb gateway's internals that production code never needs. */
public final class TestGateways {

    private TestGateways() {}

    /**
     * The portal's gateway with its remembered study searches and study contents forgotten, as once {@code
     * portal.pacs.ownership-cache-ttl} has passed: for a test that stores a study in the PACS after the patient's list
     * was read, or that must see the study page's PACS search happen.
     */
    public static void studySearchCacheExpired(PacsGateway gateway) {
        ((DicomWebPacsGateway) gateway).forgetStudySearches();
    }
}
