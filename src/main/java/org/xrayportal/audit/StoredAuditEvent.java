package org.xrayportal.audit;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** One row of the audit trail as stored, with its place in the hash chain. */
public record StoredAuditEvent(
        long sequence,
        Instant occurredAt,
        String action,
        String actionCode,
        int outcome,
        Long actorId,
        String actorName,
        String actorRole,
        String clientAddress,
        String patientId,
        String issuerOfPatientId,
        String studyUid,
        String seriesUid,
        String instanceUid,
        String details,
        String previousHash,
        String hash) {

    private static final JsonMapper DETAILS = JsonMapper.builder().build();

    /** The action as the enum; {@code null} for a name this version does not know. */
    public AuditAction knownAction() {
        for (AuditAction a : AuditAction.values()) {
            if (a.name().equals(action)) {
                return a;
            }
        }
        return null;
    }

    /** The PS3.15 EventID (and EventTypeCode, where there is one) in words, e.g. "User Authentication: Login". */
    public String eventInWords() {
        AuditAction a = knownAction();
        if (a == null) {
            return action;
        }
        return a.typeDisplay() == null ? a.display() : a.display() + ": " + a.typeDisplay();
    }

    /**
     * The details as key/value pairs in their stored order, for people to read (the console shows them as a list, not
     * as JSON); nested values stay JSON. Details that are not a JSON object come back whole under the key "".
     */
    public Map<String, String> detailEntries() {
        if (details == null || details.isBlank()) {
            return Map.of();
        }
        Map<String, String> entries = new LinkedHashMap<>();
        try {
            JsonNode root = DETAILS.readTree(details);
            if (!root.isObject()) {
                return Map.of("", details);
            }
            for (Map.Entry<String, JsonNode> property : root.properties()) {
                JsonNode value = property.getValue();
                entries.put(property.getKey(), value.isValueNode() ? value.asString() : value.toString());
            }
        } catch (JacksonException e) {
            return Map.of("", details);
        }
        return entries;
    }

    public AuditOutcome outcomeValue() {
        return AuditOutcome.of(outcome);
    }
}
