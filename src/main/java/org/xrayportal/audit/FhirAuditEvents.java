package org.xrayportal.audit;

import java.io.IOException;
import java.io.Writer;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Audit rows as FHIR R4 AuditEvent resources following IHE Basic Audit Log Patterns (BALP). Each portal action is
 * one of BALP's RESTful patterns ({@link Pattern}): a view or download is a Read, a PACS or audit search a Query, a
 * workflow step that makes something (request, consent, consultation, account) a Create and one that changes it an
 * Update. Such an event has type {@code rest}, the RESTful interaction and the portal's own code (DICOM PS3.15, system
 * {@value #DCM}, or the portal's) as subtypes, three agents (the browser as client with its network address, the
 * portal as server with its host, and the signed-in person as user, without an address), the patient as an entity in
 * the patient role and the thing acted on as the one "System Object". It declares the BALP profile in
 * {@code meta.profile} when it meets it: successful, with the client's address, a user and the object. Sign-ins and
 * security-attribute changes have no BALP pattern and keep their PS3.15 type; they declare no profile. The CSV's
 * details (failure reason, byte count, format, ...) and the series/instance UIDs ride along as entity details.
 * Written one resource at a time into a Bundle, so a long range streams.
 */
final class FhirAuditEvents {

    static final String DCM = "http://dicom.nema.org/resources/ontology/DCM";
    static final String PORTAL = "urn:xrayportal:audit";
    static final String BALP = "https://profiles.ihe.net/ITI/BALP/StructureDefinition/IHE.BasicAudit.";
    private static final String ENTITY_TYPE = "http://terminology.hl7.org/CodeSystem/audit-entity-type";
    private static final String OBJECT_ROLE = "http://terminology.hl7.org/CodeSystem/object-role";
    private static final String PARTICIPATION = "http://terminology.hl7.org/CodeSystem/v3-ParticipationType";
    private static final JsonMapper JSON = JsonMapper.builder().build();

    /**
     * BALP's RESTful patterns: the FHIR action, the restful-interaction subtype, the profiles (without and with a
     * patient) and the direction of the data (for a Read the server is the source, else the client is).
     */
    enum Pattern {
        READ("R", "read", "Read", "PatientRead", true),
        QUERY("E", "search-type", "Query", "PatientQuery", true),
        CREATE("C", "create", "Create", "PatientCreate", false),
        UPDATE("U", "update", "Update", "PatientUpdate", false);

        final String action;
        final String interaction;
        final String profile;
        final String patientProfile;
        final boolean serverIsSource;

        Pattern(String action, String interaction, String profile, String patientProfile, boolean serverIsSource) {
            this.action = action;
            this.interaction = interaction;
            this.profile = profile;
            this.patientProfile = patientProfile;
            this.serverIsSource = serverIsSource;
        }

        /** The pattern of an action, {@code null} for those BALP has none for (authentication, security attributes). */
        static Pattern of(AuditAction action) {
            if (action == null) {
                return null;
            }
            return switch (action) {
                case VIEW, EXPORT, SHARE_VIEWED, SHARE_DOWNLOADED -> READ;
                case QUERY, AUDIT_LOG_USED -> QUERY;
                case ACCESS_REQUESTED,
                        CONSENT_GIVEN,
                        CONSENT_PUBLISHED,
                        CLINIC_TEXT_PUBLISHED,
                        SHARE_CREATED,
                        CONSULTATION_REQUESTED,
                        ACCOUNT_CREATED,
                        ACCOUNT_REGISTERED,
                        ACTIVATION_CODE_ISSUED -> CREATE;
                case ACCESS_APPROVED,
                        ACCESS_DENIED,
                        ACCESS_REQUEST_EXTENDED,
                        ACCESS_REQUEST_WITHDRAWN,
                        ACCESS_GRANT_REVOKED,
                        CONSENT_WITHDRAWN,
                        CONSULTATION_ANSWERED,
                        ACCOUNT_ACTIVATED,
                        EMAIL_VERIFIED,
                        IDENTITY_LINKED,
                        IDENTITY_REJECTED,
                        IDENTITY_ALERT_RESOLVED,
                        IMAGES_DISPUTED,
                        SHARE_REVOKED,
                        SHARE_PASSCODE_RENEWED -> UPDATE;
                default -> null;
            };
        }
    }

    /**
     * The workflow object a Create or Update acted on, by the detail that names it (in this order) and the kind of
     * thing it is; accounts created or registered are named by the account's own id.
     */
    private static final Map<String, String> OBJECTS = objects();

    private static Map<String, String> objects() {
        Map<String, String> objects = new LinkedHashMap<>();
        objects.put("consultation", "consultation");
        objects.put("grant", "access-grant");
        objects.put("request", "access-request");
        objects.put("version", "consent-document");
        objects.put("alert", "identity-alert");
        objects.put("activationCodeId", "activation-code");
        objects.put("share", "share");
        objects.put("accountId", "account");
        return objects;
    }

    private final Writer out;
    private final URI server;
    private boolean first = true;

    /**
     * @param server the portal's public address: the server agent, named by it, with its host as network address
     */
    FhirAuditEvents(Writer out, URI server) {
        this.out = out;
        this.server = server;
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
        out.write(JSON.writeValueAsString(resource(e, server)));
        out.write('}');
    }

    void end() throws IOException {
        out.write("]}");
        out.flush();
    }

    static Map<String, Object> resource(StoredAuditEvent e, URI server) {
        AuditAction action = e.knownAction();
        Pattern pattern = Pattern.of(action);
        Map<String, String> details = details(e.details());
        Map<String, Object> object = pattern == null ? null : object(pattern, e, details);

        Map<String, Object> r = new LinkedHashMap<>();
        r.put("resourceType", "AuditEvent");
        r.put("id", Long.toString(e.sequence()));
        String profile = profile(pattern, e, object);
        if (profile != null) {
            r.put("meta", Map.of("profile", List.of(profile)));
        }
        Map<String, Object> own = action == null
                ? coding(PORTAL, e.actionCode(), e.action())
                : coding(system(action), action.code(), action.display());
        List<Object> subtypes = new ArrayList<>();
        if (pattern == null) {
            r.put("type", own);
        } else {
            r.put(
                    "type",
                    coding("http://terminology.hl7.org/CodeSystem/audit-event-type", "rest", "Restful Operation"));
            subtypes.add(coding("http://hl7.org/fhir/restful-interaction", pattern.interaction, null));
            subtypes.add(own);
        }
        if (action != null && action.typeCode() != null) {
            subtypes.add(coding(DCM, action.typeCode(), action.typeDisplay()));
        }
        if (!subtypes.isEmpty()) {
            r.put("subtype", subtypes);
        }
        r.put("action", pattern == null ? "E" : pattern.action);
        r.put("recorded", e.occurredAt().toString());
        r.put("outcome", Integer.toString(e.outcome()));
        r.put("agent", agents(e, pattern, server));
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
        List<Object> entities = entities(e, pattern, object, details);
        if (!entities.isEmpty()) {
            r.put("entity", entities);
        }
        return r;
    }

    /** The BALP profile the event meets, or {@code null}: BALP's patterns are for successful, attributable requests. */
    private static String profile(Pattern pattern, StoredAuditEvent e, Map<String, Object> object) {
        boolean attributable = e.actorId() != null || e.actorName() != null;
        if (pattern == null
                || e.outcome() != AuditOutcome.SUCCESS.indicator()
                || e.clientAddress() == null
                || !attributable
                || (pattern != Pattern.QUERY && object == null)) {
            return null;
        }
        return BALP + (e.patientId() == null ? pattern.profile : pattern.patientProfile);
    }

    private static List<Object> agents(StoredAuditEvent e, Pattern pattern, URI server) {
        List<Object> agents = new ArrayList<>();
        Map<String, Object> user = new LinkedHashMap<>();
        // A Read's or Query's user receives the data; a Create's or Update's user is its author.
        boolean author = pattern == Pattern.CREATE || pattern == Pattern.UPDATE;
        user.put(
                "type",
                concept(
                        author
                                ? coding(PARTICIPATION, "AUT", "author (originator)")
                                : coding(PARTICIPATION, "IRCP", "information recipient")));
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
            user.put("who", who);
        }
        if (e.actorName() != null) {
            user.put("name", e.actorName());
        }
        if (e.actorRole() != null) {
            user.put("role", List.of(Map.of("text", e.actorRole())));
        }
        user.put("requestor", true);
        agents.add(user);

        boolean serverIsSource = pattern == null || pattern.serverIsSource;
        if (e.clientAddress() != null) {
            // The browser, known by the connection's address; a person is never a network device.
            Map<String, Object> client = new LinkedHashMap<>();
            client.put("type", concept(serverIsSource ? destination() : source()));
            client.put("who", Map.of("display", "Web browser"));
            client.put("requestor", false);
            client.put("network", Map.of("address", e.clientAddress(), "type", "2"));
            agents.add(client);
        }
        Map<String, Object> portal = new LinkedHashMap<>();
        portal.put("type", concept(serverIsSource ? source() : destination()));
        portal.put(
                "who",
                Map.of(
                        "identifier",
                        Map.of("system", "urn:ietf:rfc:3986", "value", server.toString()),
                        "display",
                        "X-ray patient portal"));
        portal.put("requestor", false);
        String host = server.getHost() == null ? "localhost" : server.getHost();
        portal.put("network", Map.of("address", host, "type", isIpAddress(host) ? "2" : "1"));
        agents.add(portal);
        return agents;
    }

    private static List<Object> entities(
            StoredAuditEvent e, Pattern pattern, Map<String, Object> object, Map<String, String> details) {
        List<Object> entities = new ArrayList<>();
        if (e.patientId() != null) {
            Map<String, Object> identifier = new LinkedHashMap<>();
            if (e.issuerOfPatientId() != null) {
                identifier.put("system", "urn:xrayportal:issuer:" + e.issuerOfPatientId());
            }
            identifier.put("value", e.patientId());
            entities.add(Map.of(
                    "what", Map.of("type", "Patient", "identifier", identifier),
                    "type", coding(ENTITY_TYPE, "1", "Person"),
                    "role", coding(OBJECT_ROLE, "1", "Patient")));
        }
        // The series and instance as the CSV has them; beside the event's own details.
        Map<String, String> carried = new LinkedHashMap<>();
        if (e.seriesUid() != null) {
            carried.put("seriesInstanceUid", e.seriesUid());
        }
        if (e.instanceUid() != null) {
            carried.put("sopInstanceUid", e.instanceUid());
        }
        if (pattern == Pattern.QUERY) {
            // BALP's query entity: the search as asked (its parameters as stored), no "what" and no details.
            entities.add(Map.of(
                    "type",
                    coding(ENTITY_TYPE, "2", "System Object"),
                    "role",
                    coding(OBJECT_ROLE, "24", "Query"),
                    "query",
                    Base64.getEncoder()
                            .encodeToString(
                                    (e.details() == null ? "{}" : e.details()).getBytes(StandardCharsets.UTF_8))));
        } else if (object != null) {
            entities.add(object);
        }
        // A study that is not itself the object acted on (a Query, a request for one study) goes with the details:
        // BALP allows one System Object per event.
        if (e.studyUid() != null && pattern == null) {
            entities.add(study(e));
        } else if (e.studyUid() != null && !study(e).equals(object)) {
            carried.put("studyInstanceUid", e.studyUid());
        }
        carried.putAll(details);
        if (!carried.isEmpty()) {
            // The CSV's details (failure reason, byte count, format, ...) as entity details of the event itself.
            List<Object> pairs = new ArrayList<>();
            carried.forEach((type, value) -> pairs.add(Map.of("type", type, "valueString", value)));
            entities.add(Map.of(
                    "what",
                    Map.of("identifier", Map.of("system", PORTAL, "value", Long.toString(e.sequence()))),
                    "type",
                    coding(ENTITY_TYPE, "4", "Other"),
                    "detail",
                    pairs));
        }
        return entities;
    }

    /** The one System Object of a Read (the study), Create or Update (the workflow object), or {@code null}. */
    private static Map<String, Object> object(Pattern pattern, StoredAuditEvent e, Map<String, String> details) {
        if (pattern == Pattern.QUERY) {
            return null;
        }
        if (pattern == Pattern.READ) {
            return e.studyUid() == null ? null : study(e);
        }
        if (e.knownAction() == AuditAction.CLINIC_TEXT_PUBLISHED && details.get("text") != null) {
            // A notice or help text is named by kind, language and version ("notice/es/2"), not as a consent document.
            return workflowObject(
                    "clinic-text", details.get("text") + "/" + details.get("language") + "/" + details.get("version"));
        }
        for (Map.Entry<String, String> kind : OBJECTS.entrySet()) {
            String id = details.get(kind.getKey());
            if (id != null) {
                return workflowObject(kind.getValue(), id);
            }
        }
        if (e.studyUid() != null) {
            // "Not my images": the study is what the patient's report changes.
            return study(e);
        }
        AuditAction action = e.knownAction();
        if ((action == AuditAction.ACCOUNT_REGISTERED
                        || action == AuditAction.ACCOUNT_ACTIVATED
                        || action == AuditAction.EMAIL_VERIFIED
                        || action == AuditAction.IDENTITY_LINKED)
                && e.actorId() != null) {
            // The patient acting on their own account.
            return workflowObject("account", e.actorId().toString());
        }
        return null;
    }

    private static Map<String, Object> study(StoredAuditEvent e) {
        return Map.of(
                "what",
                Map.of(
                        "type",
                        "ImagingStudy",
                        "identifier",
                        Map.of("system", "urn:dicom:uid", "value", "urn:oid:" + e.studyUid())),
                "type",
                coding(ENTITY_TYPE, "2", "System Object"),
                "role",
                coding(OBJECT_ROLE, "4", "Domain Resource"));
    }

    private static Map<String, Object> workflowObject(String kind, String id) {
        return Map.of(
                "what",
                Map.of("identifier", Map.of("system", "urn:xrayportal:" + kind, "value", id)),
                "type",
                coding(ENTITY_TYPE, "2", "System Object"),
                "role",
                coding(OBJECT_ROLE, "4", "Domain Resource"));
    }

    /** The stored details JSON object as name/value pairs, nulls left out, in stored (canonical) order. */
    private static Map<String, String> details(String json) {
        Map<String, String> details = new LinkedHashMap<>();
        if (json == null || json.isBlank()) {
            return details;
        }
        for (Map.Entry<String, JsonNode> field : JSON.readTree(json).properties()) {
            if (!field.getValue().isNull()) {
                details.put(
                        field.getKey(),
                        field.getValue().isValueNode()
                                ? field.getValue().asString()
                                : field.getValue().toString());
            }
        }
        return details;
    }

    private static boolean isIpAddress(String host) {
        return host.matches("[0-9.]+") || host.contains(":");
    }

    private static Map<String, Object> source() {
        return coding(DCM, "110153", "Source Role ID");
    }

    private static Map<String, Object> destination() {
        return coding(DCM, "110152", "Destination Role ID");
    }

    private static String system(AuditAction action) {
        return AuditAction.CodeSystems.DCM.equals(action.codeSystem()) ? DCM : PORTAL;
    }

    private static Map<String, Object> concept(Map<String, Object> coding) {
        return Map.of("coding", List.of(coding));
    }

    private static Map<String, Object> coding(String system, String code, String display) {
        Map<String, Object> coding = new LinkedHashMap<>();
        coding.put("system", system);
        coding.put("code", code);
        if (display != null) {
            coding.put("display", display);
        }
        return coding;
    }
}
