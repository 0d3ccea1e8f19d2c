package org.xrayportal.audit;

import static org.assertj.core.api.Assertions.assertThat;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.context.support.DefaultProfileValidationSupport;
import ca.uhn.fhir.validation.FhirValidator;
import ca.uhn.fhir.validation.ResultSeverityEnum;
import ca.uhn.fhir.validation.SingleValidationMessage;
import java.io.StringWriter;
import java.time.Instant;
import java.util.List;
import org.hl7.fhir.common.hapi.validation.support.CommonCodeSystemsTerminologyService;
import org.hl7.fhir.common.hapi.validation.support.InMemoryTerminologyServerValidationSupport;
import org.hl7.fhir.common.hapi.validation.support.ValidationSupportChain;
import org.hl7.fhir.common.hapi.validation.validator.FhirInstanceValidator;
import org.hl7.fhir.r4.model.AuditEvent;
import org.hl7.fhir.r4.model.Bundle;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The FHIR AuditEvent export validates against FHIR R4 core with HAPI FHIR's validator (offline): every kind of
 * audit row, with and without patient, study, actor and address, and with the CSV's details carried over. The IHE
 * BALP profiles are not checked here yet (see docs/operations.md).
 */
class FhirAuditEventsValidationTest {

    private static final FhirContext R4 = FhirContext.forR4Cached();
    private static FhirValidator validator;

    @BeforeAll
    static void validator() {
        var support = new ValidationSupportChain(
                new DefaultProfileValidationSupport(R4),
                new InMemoryTerminologyServerValidationSupport(R4),
                new CommonCodeSystemsTerminologyService(R4));
        validator = R4.newValidator().registerValidatorModule(new FhirInstanceValidator(support));
    }

    @Test
    void exportWhenEveryActionThenBundleHasZeroErrorsAgainstR4Core() throws Exception {
        StringWriter out = new StringWriter();
        FhirAuditEvents bundle = new FhirAuditEvents(out);
        bundle.begin();
        long sequence = 1;
        for (AuditAction action : AuditAction.values()) {
            bundle.add(row(sequence++, action.name(), "{\"kind\":\"study-zip\",\"bytes\":1234,\"reason\":null}"));
        }
        bundle.add(row(
                sequence++,
                "EXPORT",
                "{\"phase\":\"finished\",\"bytes\":0,\"reason\":\"client aborted\"," + "\"format\":\"image/png\"}"));
        bundle.add(new StoredAuditEvent(
                sequence,
                Instant.parse("2026-11-29T10:00:00Z"),
                "SOME_FUTURE_ACTION",
                "future",
                4,
                null,
                null,
                null,
                null,
                null,
                null,
                null,
                null,
                null,
                "{}",
                "0",
                "h" + sequence));
        bundle.end();

        List<SingleValidationMessage> errors = validator.validateWithResult(out.toString()).getMessages().stream()
                .filter(m -> m.getSeverity().ordinal() >= ResultSeverityEnum.ERROR.ordinal())
                .toList();

        assertThat(errors)
                .as(errors.stream()
                        .map(m -> m.getLocationString() + " " + m.getMessage())
                        .toList()
                        .toString())
                .isEmpty();
        Bundle parsed = R4.newJsonParser().parseResource(Bundle.class, out.toString());
        assertThat(parsed.getEntry()).hasSize(AuditAction.values().length + 2);
        assertThat(parsed.getEntry()).allSatisfy(e -> assertThat(e.getFullUrl()).startsWith("urn:uuid:"));
    }

    @Test
    void exportWhenDownloadAbortedThenReasonBytesAndFormatAreEntityDetails() throws Exception {
        StringWriter out = new StringWriter();
        FhirAuditEvents bundle = new FhirAuditEvents(out);
        bundle.begin();
        bundle.add(row(7, "EXPORT", "{\"bytes\":4096,\"reason\":\"client aborted\",\"format\":\"image/png\"}"));
        bundle.end();

        AuditEvent event = (AuditEvent) R4.newJsonParser()
                .parseResource(Bundle.class, out.toString())
                .getEntryFirstRep()
                .getResource();
        var details = event.getEntity().stream()
                .flatMap(entity -> entity.getDetail().stream())
                .map(d -> d.getType() + "=" + d.getValueStringType().getValue())
                .toList();
        assertThat(details).containsExactly("bytes=4096", "reason=client aborted", "format=image/png");
    }

    private static StoredAuditEvent row(long sequence, String action, String details) {
        return new StoredAuditEvent(
                sequence,
                Instant.parse("2026-11-29T10:00:00Z"),
                action,
                "code",
                0,
                42L,
                "pat@example.test",
                "PATIENT",
                "192.0.2.7",
                "MRN*7",
                "XRAY-CLINIC",
                "1.2.826.0.1.3680043.8.498.1",
                "1.2.826.0.1.3680043.8.498.2",
                "1.2.826.0.1.3680043.8.498.3",
                details,
                "0",
                "hash" + sequence);
    }
}
