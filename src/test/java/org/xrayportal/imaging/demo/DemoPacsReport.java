package org.xrayportal.imaging.demo;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.ApplicationRunner;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.stereotype.Component;
import org.xrayportal.imaging.DateRange;
import org.xrayportal.imaging.PacsException;
import org.xrayportal.imaging.PacsGateway;
import org.xrayportal.imaging.Study;
import org.xrayportal.shared.PatientIdentity;

/** Logs the demo patients' studies as the gateway sees them, so a demo run shows the PACS path works end to end. */
@Component
@ConditionalOnBooleanProperty(LocalPacsEnvironmentPostProcessor.ENABLED)
class DemoPacsReport implements ApplicationRunner {

    private static final Logger log = LoggerFactory.getLogger(DemoPacsReport.class);

    private final PacsGateway gateway;

    DemoPacsReport(PacsGateway gateway) {
        this.gateway = gateway;
    }

    @Override
    public void run(ApplicationArguments args) {
        for (DemoStudies.Patient patient : DemoStudies.patients()) {
            if (PatientIdentity.violation(patient.patientId()) != null) {
                log.info("Demo PACS: PatientID of {} breaks the portal's identity rules; not linkable", patient.name());
                continue;
            }
            try {
                for (Study s : gateway.searchStudies(
                        PatientIdentity.of(patient.patientId(), patient.issuer()), DateRange.ANY)) {
                    log.info(
                            "Demo PACS: {} ({}/{}) {} {} {} series {} instances {}",
                            s.patientName(),
                            patient.issuer(),
                            patient.patientId(),
                            s.studyDate(),
                            s.description(),
                            s.modalities(),
                            s.numberOfSeries(),
                            s.numberOfInstances());
                }
            } catch (PacsException e) {
                log.warn("Demo PACS not readable through the gateway: {}", e.getMessage());
                return;
            }
        }
    }
}
