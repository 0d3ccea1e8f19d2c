package org.xrayportal.support;

import java.net.URI;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.testcontainers.DockerClientFactory;
import org.testcontainers.containers.GenericContainer;
import org.testcontainers.containers.wait.strategy.Wait;
import org.testcontainers.utility.DockerImageName;
import org.xrayportal.imaging.demo.DemoSeeder;
import org.xrayportal.imaging.demo.LocalOrthanc;

/**
 * A real Orthanc with the DICOMweb plugin, seeded with the demo studies, shared by every test of a JVM run and stopped
 * at its end. Testcontainers runs the {@value #IMAGE} image where Docker exists; otherwise the Debian {@code Orthanc}
 * binary runs on free ports (needs {@code apt-get install orthanc orthanc-dicomweb}). Use with
 * {@code @ExtendWith(OrthancSupport.class)} and a {@link Pacs} parameter.
 */
public final class OrthancSupport implements ParameterResolver {

    /** Override with {@code -Dorthanc.image=...}. */
    public static final String IMAGE = "orthancteam/orthanc:25.1.1";

    private static final Logger log = LoggerFactory.getLogger(OrthancSupport.class);

    /** A running, seeded PACS. */
    public interface Pacs extends AutoCloseable {
        /** Orthanc's REST API root (for checks against Orthanc's own view, e.g. stored files). */
        URI restUrl();

        /** The DICOMweb root the gateway is pointed at. */
        URI dicomWebUrl();

        @Override
        void close();
    }

    @Override
    public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
        return parameter.getParameter().getType() == Pacs.class;
    }

    @Override
    public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
        return shared();
    }

    private static Pacs shared;

    /**
     * The one seeded PACS of the test run, for JUnit parameters and for Spring test contexts alike; stopped when the
     * JVM exits.
     */
    public static synchronized Pacs shared() {
        if (shared == null) {
            Pacs pacs = startSeeded();
            Runtime.getRuntime().addShutdownHook(new Thread(pacs::close));
            shared = pacs;
        }
        return shared;
    }

    private static Pacs startSeeded() {
        Pacs pacs = dockerAvailable() ? container() : debian();
        try {
            new DemoSeeder(pacs.dicomWebUrl()).seedAll();
            return pacs;
        } catch (RuntimeException e) {
            pacs.close();
            throw e;
        }
    }

    private static boolean dockerAvailable() {
        try {
            return DockerClientFactory.instance().isDockerAvailable();
        } catch (RuntimeException e) {
            return false;
        }
    }

    private static Pacs debian() {
        log.info("No Docker: using the Debian Orthanc binary");
        LocalOrthanc orthanc = LocalOrthanc.startTemporary();
        return new Pacs() {
            @Override
            public URI restUrl() {
                return orthanc.restUrl();
            }

            @Override
            public URI dicomWebUrl() {
                return orthanc.dicomWebUrl();
            }

            @Override
            public void close() {
                orthanc.close();
            }
        };
    }

    private static Pacs container() {
        GenericContainer<?> container = new GenericContainer<>(
                        DockerImageName.parse(System.getProperty("orthanc.image", IMAGE)))
                .withExposedPorts(8042)
                .withEnv("ORTHANC__AUTHENTICATION_ENABLED", "false")
                .withEnv("DICOM_WEB_PLUGIN_ENABLED", "true")
                .withEnv("GDCM_PLUGIN_ENABLED", "true")
                .withEnv("ORTHANC__DEFAULT_ENCODING", "Utf8")
                .withEnv("ORTHANC__GDCM__THROTTLING", "1")
                .withEnv("ORTHANC__GDCM__RESTRICT_TRANSFER_SYNTAXES", LocalOrthanc.GDCM_SYNTAXES)
                .waitingFor(Wait.forHttp("/system").forStatusCode(200));
        container.start();
        URI rest = URI.create("http://" + container.getHost() + ":" + container.getMappedPort(8042));
        log.info("Orthanc container at {}", rest);
        return new Pacs() {
            @Override
            public URI restUrl() {
                return rest;
            }

            @Override
            public URI dicomWebUrl() {
                return URI.create(rest + "/dicom-web");
            }

            @Override
            public void close() {
                container.stop();
            }
        };
    }
}
