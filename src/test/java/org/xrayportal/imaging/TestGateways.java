package org.xrayportal.imaging;

import java.net.URI;

/** The real DICOMweb gateway outside Spring, for code that runs in a JVM of its own (see LargeStudyDownloadIT). */
public final class TestGateways {

    private TestGateways() {}

    public static PacsGateway dicomWeb(URI dicomWebBase) {
        return new DicomWebPacsGateway(PacsProperties.forBaseUrl(dicomWebBase));
    }
}
