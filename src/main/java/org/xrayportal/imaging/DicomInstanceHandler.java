package org.xrayportal.imaging;

import java.io.IOException;
import java.io.InputStream;

/**
 * Receives the instances of a streamed study one at a time. The stream is valid only during the call and must not be
 * closed by the handler; whatever the handler does not read is skipped.
 */
@FunctionalInterface
public interface DicomInstanceHandler {

    void onInstance(int index, InputStream dicomPart10) throws IOException;
}
