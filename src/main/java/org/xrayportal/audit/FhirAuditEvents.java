package org.xrayportal.audit;

import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import tools.jackson.databind.json.JsonMapper;

/**
 * Audit rows as FHIR R4 AuditEvent resources in the shape of IHE Basic Audit Log Patterns (BALP): type and subtype
 * from DICOM PS3.15 (system {@value #DCM}), the agent who asked (with network address), the portal as source, and the
 * patient and study as entities. Written one resource at a time into a Bundle, so a long range streams.
 */
final class FhirAuditEvents {

    static final String DCM = "http://dicom.nema.org/resources/ontology/DCM";
    static final String PORTAL = "urn:xrayportal:audit";
    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final Writer out;
    private boolean first = true;

    FhirAuditEvents(Writer out) {
        this.out = out;
    }

    void begin() throws IOException {
        out.write("{\"resourceType\":\"Bundle\",\"type\":\"collection\",\"entry\":[");
    }

    void add(StoredAuditEvent e) throws IOException {
        if (!first) {
            out.write(',');
        }
        first = false;
        // R4 requires fullUrl on every entry of a Bundle (bdl-7 and the entry rules); a UUID derived from the
        // row's place and hash names each event stably across exports.
        out.write("{\"fullUrl\":\"urn:uuid:");
        out.write(UUID.nameUUIDFromBytes((e.sequence() + ":" + e.hash()).getBytes(StandardCharsets.UTF_8))
                .toString());
        out.write("\",\"resource\":");
        out.write(JSON.writeValueAsString(resource(e)));
        out.write('}');
    }

    void end() throws IOException {
        out.write("]}");
        out.flush();
    }

    static Map<String, Object> resource(StoredAuditEvent e) {
        AuditAction action = e.knownAction();
        Map<String, Object> r = new LinkedHashMap<>();
        r.put("resourceType", "AuditEvent");
        r.put("id", Long.toString(e.sequence()));
        if (action == null) {
            r.put("type", coding(PORTAL, e.actionCode(), e.action()));
        } else {
            r.put("type", coding(system(action), action.code(), action.display()));
            if (action.typeCode() != null) {
                r.put("subtype", List.of(coding(DCM, action.typeCode(), action.typeDisplay())));
            }
        }
        r.put("action", fhirAction(action));
        r.put("recorded", e.occurredAt().toString());
        r.put("outcome", Integer.toString(e.outcome()));
        r.put("agent", List.of(agent(e)));
        r.put(
                "source",
                Map.of(
                        "site",
                        "xray-portal",
                        "observer",
                        Map.of("display", "X-ray patient portal"),
                        "type",
                        List.of(coding(
                                "http://terminology.hl7.org/CodeSystem/security-source-type",
                                "4",
                                "Application Server"))));
        List<Object> entities = new ArrayList<>();
        if (e.patientId() != null) {
            Map<String, Object> identifier = new LinkedHashMap<>();
            if (e.issuerOfPatientId() != null) {
                identifier.put("system", "urn:xrayportal:issuer:" + e.issuerOfPatientId());
            }
            identifier.put("value", e.patientId());
            entities.add(Map.of(
                    "what", Map.of("identifier", identifier),
                    "type", coding("http://terminology.hl7.org/CodeSystem/audit-entity-type", "1", "Person"),
                    "role", coding("http://terminology.hl7.org/CodeSystem/object-role", "1", "Patient")));
        }
        if (e.studyUid() != null) {
            entities.add(Map.of(
                    "what",
                    Map.of("identifier", Map.of("system", "urn:dicom:uid", "value", "urn:oid:" + e.studyUid())),
                    "type",
                    coding("http://terminology.hl7.org/CodeSystem/audit-entity-type", "2", "System Object"),
                    "role",
                    coding("http://terminology.hl7.org/CodeSystem/object-role", "3", "Report")));
        }
        List<Object> details = details(e.details());
        if (!details.isEmpty()) {
            // The CSV's details (failure reason, byte count, format, ...) as entity details of the event itself.
            entities.add(Map.of(
                    "what",
                    Map.of("identifier", Map.of("system", PORTAL, "value", Long.toString(e.sequence()))),
                    "type",
                    coding("http://terminology.hl7.org/CodeSystem/audit-entity-type", "4", "Other"),
                    "detail",
                    details));
        }
        if (!entities.isEmpty()) {
            r.put("entity", entities);
        }
        return r;
    }

    private static Map<String, Object> agent(StoredAuditEvent e) {
        Map<String, Object> agent = new LinkedHashMap<>();
        agent.put(
                "type",
                Map.of(
                        "coding",
                        List.of(coding(
                                "http://terminology.hl7.org/CodeSystem/v3-ParticipationType",
                                "IRCP",
                                "information recipient"))));
        Map<String, Object> who = new LinkedHashMap<>();
        if (e.actorId() != null) {
            who.put(
                    "identifier",
                    Map.of(
                            "system",
                            "urn:xrayportal:account",
                            "value",
                            e.actorId().toString()));
        }
        if (e.actorName() != null) {
            who.put("display", e.actorName());
        }
        if (!who.isEmpty()) {
            agent.put("who", who);
        }
        if (e.actorRole() != null) {
            agent.put("role", List.of(Map.of("text", e.actorRole())));
        }
        agent.put("requestor", true);
        if (e.clientAddress() != null) {
            agent.put("network", Map.of("address", e.clientAddress(), "type", "2"));
        }
        return agent;
    }

    /** The stored details JSON object as {type, valueString} pairs, nulls left out, in stored (canonical) order. */
    private static List<Object> details(String json) {
        List<Object> details = new ArrayList<>();
        if (json == null || json.isBlank()) {
            return details;
        }
        JSON.readTree(json).properties().forEach(field -> {
            if (!field.getValue().isNull()) {
                String value = field.getValue().isValueNode()
                        ? field.getValue().asString()
                        : field.getValue().toString();
                details.add(Map.of("type", field.getKey(), "valueString", value));
            }
        });
        return details;
    }

    private static String system(AuditAction action) {
        return AuditAction.CodeSystems.DCM.equals(action.codeSystem()) ? DCM : PORTAL;
    }

    /** FHIR's C/R/U/D/E: reads and exports are R, queries and sign-ins are E, workflow changes C or U. */
    private static String fhirAction(AuditAction action) {
        if (action == null) {
            return "E";
        }
        return switch (action) {
            case VIEW, EXPORT, AUDIT_LOG_USED, SHARE_VIEWED, SHARE_DOWNLOADED -> "R";
            case ACCESS_REQUESTED, CONSENT_GIVEN, CONSENT_PUBLISHED, SHARE_CREATED -> "C";
            case ACCESS_APPROVED,
                    ACCESS_DENIED,
                    ACCESS_REQUEST_EXTENDED,
                    ACCESS_REQUEST_WITHDRAWN,
                    ACCESS_GRANT_REVOKED,
                    CONSENT_WITHDRAWN,
                    SHARE_REVOKED -> "U";
            default -> "E";
        };
    }

    private static Map<String, Object> coding(String system, String code, String display) {
        Map<String, Object> coding = new LinkedHashMap<>();
        coding.put("system", system);
        coding.put("code", code);
        coding.put("display", display);
        return coding;
    }
}
