package org.xrayportal.viewer;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** The exact file Orthanc stores for an instance, through Orthanc's own REST API (not DICOMweb). */
final class OrthancFiles {

    private static final Pattern ID = Pattern.compile("\"ID\"\\s*:\\s*\"([0-9a-f-]+)\"");

    private OrthancFiles() {}

    static byte[] storedFile(URI restUrl, String sopInstanceUid) throws Exception {
        try (HttpClient http = HttpClient.newHttpClient()) {
            String lookup = http.send(
                            HttpRequest.newBuilder(URI.create(restUrl + "/tools/lookup"))
                                    .POST(HttpRequest.BodyPublishers.ofString(sopInstanceUid))
                                    .build(),
                            HttpResponse.BodyHandlers.ofString())
                    .body();
            Matcher m = ID.matcher(lookup);
            if (!m.find()) {
                throw new AssertionError("Orthanc does not know instance " + sopInstanceUid);
            }
            return http.send(
                            HttpRequest.newBuilder(URI.create(restUrl + "/instances/" + m.group(1) + "/file"))
                                    .build(),
                            HttpResponse.BodyHandlers.ofByteArray())
                    .body();
        }
    }
}
