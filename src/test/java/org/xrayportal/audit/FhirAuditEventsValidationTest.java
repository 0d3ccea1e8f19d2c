package org.xrayportal.audit;

import static org.assertj.core.api.Assertions.assertThat;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.context.support.DefaultProfileValidationSupport;
import ca.uhn.fhir.validation.FhirValidator;
import ca.uhn.fhir.validation.ResultSeverityEnum;
import ca.uhn.fhir.validation.SingleValidationMessage;
import java.io.IOException;
import java.io.StringWriter;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import org.hl7.fhir.common.hapi.validation.support.CommonCodeSystemsTerminologyService;
import org.hl7.fhir.common.hapi.validation.support.InMemoryTerminologyServerValidationSupport;
import org.hl7.fhir.common.hapi.validation.support.PrePopulatedValidationSupport;
import org.hl7.fhir.common.hapi.validation.support.SnapshotGeneratingValidationSupport;
import org.hl7.fhir.common.hapi.validation.support.ValidationSupportChain;
import org.hl7.fhir.common.hapi.validation.validator.FhirInstanceValidator;
import org.hl7.fhir.instance.model.api.IBaseResource;
import org.hl7.fhir.r4.model.AuditEvent;
import org.hl7.fhir.r4.model.Bundle;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.core.io.Resource;
import org.springframework.core.io.support.PathMatchingResourcePatternResolver;

/**
 * The FHIR AuditEvent export validates with zero errors against FHIR R4 core and against the IHE BALP profile each
 * event declares, with HAPI FHIR's validator (offline). The BALP StructureDefinitions are the IG's own, compiled from
 * its FSH sources (src/test/resources/fhir/balp/README.md); the validator builds their snapshots. Every kind of audit
 * row is exported with the details the portal really writes, as a success from a browser (declares a BALP profile),
 * without a patient (the non-patient profile), as a failure and without a client address (no profile; R4 core only).
 */
class FhirAuditEventsValidationTest {

    private static final FhirContext R4 = FhirContext.forR4Cached();
    private static final URI PORTAL = URI.create("https://portal.example.test");
    private static final String BALP = "https://profiles.ihe.net/ITI/BALP/StructureDefinition/IHE.BasicAudit.";
    private static FhirValidator validator;

    /** What each action really records (see the services that write them), as stored. */
    private static final Map<AuditAction, String> DETAILS = new EnumMap<>(AuditAction.class);

    /** The BALP profile (without the patient prefix) a successful, attributable event declares; absent: none. */
    private static final Map<AuditAction, String> PATTERN = new EnumMap<>(AuditAction.class);

    static {
        DETAILS.put(AuditAction.VIEW, "{\"frame\":1}");
        DETAILS.put(AuditAction.EXPORT, "{\"kind\":\"study-zip\",\"bytes\":1234,\"reason\":null}");
        DETAILS.put(AuditAction.QUERY, "{\"lookup\":\"patient-demographics\",\"found\":1}");
        DETAILS.put(AuditAction.AUDIT_LOG_USED, "{\"view\":\"search\",\"patientId\":\"MRN*7\"}");
        DETAILS.put(AuditAction.ACCESS_REQUESTED, "{\"request\":7,\"scope\":\"ONE_STUDY\"}");
        DETAILS.put(AuditAction.ACCESS_REQUEST_WITHDRAWN, "{\"request\":7}");
        DETAILS.put(
                AuditAction.ACCESS_APPROVED,
                "{\"request\":7,\"grant\":3,\"scope\":\"ALL\",\"allowDownload\":true,\"expiresAt\":null}");
        DETAILS.put(AuditAction.ACCESS_DENIED, "{\"request\":7,\"reason\":\"not yours\"}");
        DETAILS.put(AuditAction.ACCESS_REQUEST_EXTENDED, "{\"request\":7,\"newDueAt\":\"2026-12-29T10:00:00Z\"}");
        DETAILS.put(AuditAction.ACCESS_GRANT_REVOKED, "{\"grant\":3,\"request\":7}");
        DETAILS.put(AuditAction.CONSENT_GIVEN, "{\"version\":2}");
        DETAILS.put(AuditAction.CONSENT_WITHDRAWN, "{\"version\":2}");
        DETAILS.put(AuditAction.CONSENT_PUBLISHED, "{\"version\":3,\"effectiveFrom\":\"2026-12-01T00:00:00Z\"}");
        DETAILS.put(AuditAction.CLINIC_TEXT_PUBLISHED, "{\"text\":\"notice\",\"language\":\"es\",\"version\":2}");
        DETAILS.put(
                AuditAction.SHARE_CREATED,
                "{\"share\":4,\"recipient\":\"Dr Lee\",\"expiresAt\":\"2026-12-06T10:00:00Z\",\"download\":false}");
        DETAILS.put(AuditAction.SHARE_REVOKED, "{\"share\":4,\"recipient\":\"Dr Lee\"}");
        DETAILS.put(AuditAction.SHARE_VIEWED, "{\"share\":4,\"view\":\"study\",\"device\":\"PHONE\"}");
        DETAILS.put(AuditAction.SHARE_DOWNLOADED, "{\"share\":4,\"files\":\"original\",\"device\":\"DESKTOP\"}");
        DETAILS.put(
                AuditAction.SHARE_PASSCODE_RENEWED,
                "{\"share\":4,\"recipient\":\"Dr Lee\",\"wasLocked\":true,\"newPasscode\":true}");
        DETAILS.put(
                AuditAction.SHARING_SETTINGS_CHANGED,
                "{\"enabled\":false,\"maxExpiry\":\"PT72H\",\"download\":\"FORBIDDEN\","
                        + "\"secondFactor\":\"PASSCODE\",\"sessionsEnded\":2}");
        DETAILS.put(AuditAction.CONSULTATION_REQUESTED, "{\"consultation\":5,\"contactMethod\":\"EMAIL\"}");
        DETAILS.put(AuditAction.CONSULTATION_ANSWERED, "{\"consultation\":5}");
        DETAILS.put(
                AuditAction.ACCOUNT_CREATED, "{\"account\":\"staff@example.test\",\"accountId\":9,\"role\":\"STAFF\"}");
        DETAILS.put(AuditAction.ACTIVATION_CODE_ISSUED, "{\"activationCodeId\":4,\"pacsChecked\":true}");
        DETAILS.put(AuditAction.ACCOUNT_ACTIVATED, "{\"activationCodeId\":4}");
        DETAILS.put(AuditAction.IDENTITY_LINKED, "{\"method\":\"ACTIVATION\"}");
        DETAILS.put(
                AuditAction.IDENTITY_REJECTED, "{\"account\":\"p@example.test\",\"accountId\":11,\"reason\":\"x\"}");
        DETAILS.put(AuditAction.IDENTITY_ALERT_RESOLVED, "{\"alert\":2,\"kind\":\"MISMATCH\",\"accountId\":11}");

        PATTERN.put(AuditAction.VIEW, "Read");
        PATTERN.put(AuditAction.EXPORT, "Read");
        PATTERN.put(AuditAction.SHARE_VIEWED, "Read");
        PATTERN.put(AuditAction.SHARE_DOWNLOADED, "Read");
        PATTERN.put(AuditAction.QUERY, "Query");
        PATTERN.put(AuditAction.AUDIT_LOG_USED, "Query");
        for (AuditAction a : List.of(
                AuditAction.ACCESS_REQUESTED,
                AuditAction.CONSENT_GIVEN,
                AuditAction.CONSENT_PUBLISHED,
                AuditAction.CLINIC_TEXT_PUBLISHED,
                AuditAction.SHARE_CREATED,
                AuditAction.CONSULTATION_REQUESTED,
                AuditAction.ACCOUNT_CREATED,
                AuditAction.ACCOUNT_REGISTERED,
                AuditAction.ACTIVATION_CODE_ISSUED)) {
            PATTERN.put(a, "Create");
        }
        for (AuditAction a : List.of(
                AuditAction.ACCESS_APPROVED,
                AuditAction.ACCESS_DENIED,
                AuditAction.ACCESS_REQUEST_EXTENDED,
                AuditAction.ACCESS_REQUEST_WITHDRAWN,
                AuditAction.ACCESS_GRANT_REVOKED,
                AuditAction.CONSENT_WITHDRAWN,
                AuditAction.CONSULTATION_ANSWERED,
                AuditAction.ACCOUNT_ACTIVATED,
                AuditAction.EMAIL_VERIFIED,
                AuditAction.IDENTITY_LINKED,
                AuditAction.IDENTITY_REJECTED,
                AuditAction.IDENTITY_ALERT_RESOLVED,
                AuditAction.IMAGES_DISPUTED,
                AuditAction.SHARE_REVOKED,
                AuditAction.SHARE_PASSCODE_RENEWED)) {
            PATTERN.put(a, "Update");
        }
    }

    @BeforeAll
    static void validator() throws IOException {
        var balp = new PrePopulatedValidationSupport(R4);
        for (Resource file : new PathMatchingResourcePatternResolver().getResources("classpath:fhir/balp/*.json")) {
            IBaseResource resource = R4.newJsonParser().parseResource(file.getContentAsString(StandardCharsets.UTF_8));
            balp.addResource(resource);
        }
        var support = new ValidationSupportChain(
                new DefaultProfileValidationSupport(R4),
                balp,
                new SnapshotGeneratingValidationSupport(R4),
                new InMemoryTerminologyServerValidationSupport(R4),
                new CommonCodeSystemsTerminologyService(R4));
        validator = R4.newValidator().registerValidatorModule(new FhirInstanceValidator(support));
    }

    @Test
    void exportWhenEveryActionThenEachEventHasZeroErrorsAgainstR4CoreAndTheBalpProfileItDeclares() throws Exception {
        List<StoredAuditEvent> rows = new ArrayList<>();
        long sequence = 1;
        for (AuditAction action : AuditAction.values()) {
            String details = DETAILS.getOrDefault(action, "{}");
            rows.add(row(sequence++, action, 0, "192.0.2.7", "MRN*7", details));
            rows.add(row(sequence++, action, 0, "192.0.2.7", null, details));
            rows.add(row(sequence++, action, 8, "192.0.2.7", "MRN*7", details));
            rows.add(row(sequence++, action, 0, null, "MRN*7", details));
        }
        String bundle = export(rows);
        List<String> problems = errors(bundle);
        Bundle parsed = R4.newJsonParser().parseResource(Bundle.class, bundle);
        List<String> declared = new ArrayList<>();
        for (var entry : parsed.getEntry()) {
            AuditEvent event = (AuditEvent) entry.getResource();
            if (event.getMeta().hasProfile()) {
                // On its own, so that the validator checks it against the BALP profile it declares.
                String json = R4.newJsonParser().encodeResourceToString(event);
                errors(json).forEach(m -> problems.add("AuditEvent/" + event.getIdPart() + " " + m));
                event.getMeta().getProfile().forEach(p -> declared.add(p.getValue()));
            }
        }

        assertThat(problems).isEmpty();
        assertThat(parsed.getEntry()).hasSize(AuditAction.values().length * 4);
        assertThat(parsed.getEntry()).allSatisfy(e -> assertThat(e.getFullUrl()).startsWith("urn:uuid:"));
        // Exactly the successful events from a browser declare a profile: with and without the patient.
        List<String> expected = new ArrayList<>();
        for (AuditAction action : AuditAction.values()) {
            String pattern = PATTERN.get(action);
            if (pattern != null) {
                expected.add(BALP + "Patient" + pattern);
                expected.add(BALP + pattern);
            }
        }
        assertThat(declared).containsExactlyElementsOf(expected);
    }

    @Test
    void exportWhenViewThenBalpReadAgentsAndEntities() throws Exception {
        AuditEvent event = only(row(7, AuditAction.VIEW, 0, "192.0.2.7", "MRN*7", "{\"frame\":1}"));

        assertThat(event.getMeta().getProfile().getFirst().getValue()).isEqualTo(BALP + "PatientRead");
        assertThat(event.getType().getCode()).isEqualTo("rest");
        assertThat(event.getSubtype())
                .extracting(c -> c.getSystem() + "#" + c.getCode())
                .containsExactly(
                        "http://hl7.org/fhir/restful-interaction#read",
                        "http://dicom.nema.org/resources/ontology/DCM#110103");
        assertThat(event.getAction()).isEqualTo(AuditEvent.AuditEventAction.R);
        // user (no network), client = the browser with its address, server = the portal with its host
        assertThat(event.getAgent())
                .extracting(
                        a -> a.getType().getCodingFirstRep().getCode(),
                        a -> a.getNetwork().getAddress(),
                        AuditEvent.AuditEventAgentComponent::getRequestor)
                .containsExactly(
                        org.assertj.core.groups.Tuple.tuple("IRCP", null, true),
                        org.assertj.core.groups.Tuple.tuple("110152", "192.0.2.7", false),
                        org.assertj.core.groups.Tuple.tuple("110153", "portal.example.test", false));
        assertThat(event.getEntity())
                .extracting(e -> e.getType().getCode() + "/" + e.getRole().getCode())
                .containsExactly("1/1", "2/4", "4/null");
        assertThat(event.getEntity().get(1).getWhat().getIdentifier().getValue())
                .isEqualTo("urn:oid:1.2.826.0.1.3680043.8.498.1");
    }

    @Test
    void exportWhenApprovalThenBalpUpdateWithStaffAsAuthorAndTheRequestAsObject() throws Exception {
        AuditEvent event = only(row(
                8,
                AuditAction.ACCESS_APPROVED,
                0,
                "192.0.2.9",
                "MRN*7",
                "{\"request\":7,\"grant\":3,\"scope\":\"ALL\",\"allowDownload\":true,\"expiresAt\":null}"));

        assertThat(event.getMeta().getProfile().getFirst().getValue()).isEqualTo(BALP + "PatientUpdate");
        assertThat(event.getAgent())
                .extracting(a -> a.getType().getCodingFirstRep().getCode())
                .containsExactly("AUT", "110153", "110152");
        var object = event.getEntity().get(1);
        assertThat(object.getWhat().getIdentifier().getSystem()).isEqualTo("urn:xrayportal:access-grant");
        assertThat(object.getWhat().getIdentifier().getValue()).isEqualTo("3");
    }

    @Test
    void exportWhenSignInThenNoBalpPatternAndThePs315TypeStays() throws Exception {
        AuditEvent event = only(row(9, AuditAction.SIGN_IN, 0, "192.0.2.7", null, "{}"));

        assertThat(event.getMeta().getProfile()).isEmpty();
        assertThat(event.getType().getSystem() + "#" + event.getType().getCode())
                .isEqualTo("http://dicom.nema.org/resources/ontology/DCM#110114");
        assertThat(event.getSubtypeFirstRep().getCode()).isEqualTo("110122");
    }

    /** The validator really checks the profiles: the export's earlier one-agent shape fails PatientRead. */
    @Test
    void validatorWhenOneAgentClaimsPatientReadThenErrors() {
        String oneAgent = """
                {"resourceType":"AuditEvent","meta":{"profile":["%sPatientRead"]},
                 "type":{"system":"http://terminology.hl7.org/CodeSystem/audit-event-type","code":"rest"},
                 "subtype":[{"system":"http://hl7.org/fhir/restful-interaction","code":"read"}],
                 "action":"R","recorded":"2026-11-29T10:00:00Z","outcome":"0",
                 "agent":[{"type":{"coding":[{"system":"http://terminology.hl7.org/CodeSystem/v3-ParticipationType",
                   "code":"IRCP"}]},"who":{"display":"pat"},"requestor":true,
                   "network":{"address":"192.0.2.7","type":"2"}}],
                 "source":{"observer":{"display":"portal"}},
                 "entity":[{"what":{"identifier":{"value":"MRN*7"}},
                   "type":{"system":"http://terminology.hl7.org/CodeSystem/audit-entity-type","code":"1"},
                   "role":{"system":"http://terminology.hl7.org/CodeSystem/object-role","code":"1"}}]}
                """.formatted(BALP);

        assertThat(errors(oneAgent))
                .anySatisfy(m -> assertThat(m).contains("agent:client"))
                .anySatisfy(m -> assertThat(m).contains("agent:server"))
                .anySatisfy(m -> assertThat(m).contains("entity:data"));
    }

    @Test
    void exportWhenDownloadAbortedThenReasonBytesAndFormatAreEntityDetails() throws Exception {
        AuditEvent event = only(row(
                7,
                AuditAction.EXPORT,
                0,
                "192.0.2.7",
                "MRN*7",
                "{\"bytes\":4096,\"reason\":\"client aborted\",\"format\":\"image/png\"}"));

        var details = event.getEntity().stream()
                .flatMap(entity -> entity.getDetail().stream())
                .map(d -> d.getType() + "=" + d.getValueStringType().getValue())
                .toList();
        assertThat(details)
                .containsExactly(
                        "seriesInstanceUid=1.2.826.0.1.3680043.8.498.2",
                        "sopInstanceUid=1.2.826.0.1.3680043.8.498.3",
                        "bytes=4096",
                        "reason=client aborted",
                        "format=image/png");
    }

    private static AuditEvent only(StoredAuditEvent row) throws IOException {
        String bundle = export(List.of(row));
        assertThat(errors(bundle)).isEmpty();
        return (AuditEvent) R4.newJsonParser()
                .parseResource(Bundle.class, bundle)
                .getEntryFirstRep()
                .getResource();
    }

    private static String export(List<StoredAuditEvent> rows) throws IOException {
        StringWriter out = new StringWriter();
        FhirAuditEvents bundle = new FhirAuditEvents(out, PORTAL);
        bundle.begin();
        for (StoredAuditEvent row : rows) {
            bundle.add(row);
        }
        bundle.end();
        return out.toString();
    }

    private static List<String> errors(String json) {
        List<String> errors = new ArrayList<>();
        for (SingleValidationMessage m : validator.validateWithResult(json).getMessages()) {
            if (m.getSeverity().ordinal() >= ResultSeverityEnum.ERROR.ordinal()) {
                errors.add(m.getLocationString() + " " + m.getMessage());
            }
        }
        return errors;
    }

    private static StoredAuditEvent row(
            long sequence, AuditAction action, int outcome, String address, String patientId, String details) {
        return new StoredAuditEvent(
                sequence,
                Instant.parse("2026-11-29T10:00:00Z"),
                action.name(),
                action.code(),
                outcome,
                42L,
                "pat@example.test",
                "PATIENT",
                address,
                patientId,
                patientId == null ? null : "XRAY-CLINIC",
                "1.2.826.0.1.3680043.8.498.1",
                "1.2.826.0.1.3680043.8.498.2",
                "1.2.826.0.1.3680043.8.498.3",
                details,
                "0",
                "hash" + sequence);
    }
}
