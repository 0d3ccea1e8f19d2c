package org.xrayportal;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;

@SpringBootApplication
@ConfigurationPropertiesScan
public class PortalApplication {

    /**
     * The JDK HTTP client's read buffer ({@code java.net.http} module, system property {@code jdk.httpclient.bufsize},
     * 16 KiB by default), which the PACS's answers read whole go through (QIDO, metadata, rendered images; streamed
     * answers use a blocking connection, see {@code imaging.DicomWebClient}). Each buffer of a response is handed from
     * the client's selector thread to the reader with its own demand signal and selector wake-up (issue 14: when study
     * downloads still went through it, 256 KiB cut a 135 MiB study's CPU from 0.94 to 0.67 s). The client reads into a buffer until it is full and hands out slices of it, so small answers share one
     * buffer per connection. Read once, when the client's classes load: set here before anything can create a client,
     * unless the command line set it.
     */
    static final String HTTP_CLIENT_BUFFER_PROPERTY = "jdk.httpclient.bufsize";

    static final int HTTP_CLIENT_BUFFER = 256 * 1024;

    public static void main(String[] args) {
        if (System.getProperty(HTTP_CLIENT_BUFFER_PROPERTY) == null) {
            System.setProperty(HTTP_CLIENT_BUFFER_PROPERTY, Integer.toString(HTTP_CLIENT_BUFFER));
        }
        SpringApplication.run(PortalApplication.class, args);
    }
}
