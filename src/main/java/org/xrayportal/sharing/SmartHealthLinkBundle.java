package org.xrayportal.sharing;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDate;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.xrayportal.access.StudyAccessPolicy.VisibleStudy;
import org.xrayportal.imaging.DatePrecision;
import org.xrayportal.imaging.Instance;
import org.xrayportal.imaging.Series;
import org.xrayportal.imaging.Study;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The one file of a share's SMART Health Link manifest: a FHIR R4 Bundle (collection) with the Patient as the
 * recipient already sees them (name and birth date, nothing else), an ImagingStudy per shared study the patient's
 * access rules still admit (with its series and instance UIDs), and an Endpoint: the share-scoped DICOMweb base URL
 * with the short-lived bearer token the app sends, referenced from every ImagingStudy and series.
 */
final class SmartHealthLinkBundle {

    static final String DICOM_UID = "urn:dicom:uid";
    static final String DCM = "http://dicom.nema.org/resources/ontology/DCM";
    static final String CONNECTION_TYPES = "http://terminology.hl7.org/CodeSystem/endpoint-connection-type";

    private static final JsonMapper JSON = JsonMapper.builder().build();

    /** One shared study with what the PACS lists of it. */
    record SharedStudy(VisibleStudy visible, List<Series> series, Map<String, List<Instance>> instances) {}

    private SmartHealthLinkBundle() {}

    static byte[] of(
            List<SharedStudy> studies,
            String endpointAddress,
            String bearerToken,
            Instant tokenExpiresAt,
            String endpointName,
            Instant now) {
        VisibleStudy owner = studies.getFirst().visible();
        String patientId = UUID.randomUUID().toString();
        String endpointId = UUID.randomUUID().toString();
        ObjectNode bundle = JSON.createObjectNode();
        bundle.put("resourceType", "Bundle");
        bundle.put("type", "collection");
        bundle.put("timestamp", now.toString());
        ArrayNode entries = bundle.putArray("entry");

        ObjectNode patient = entry(entries, patientId, "Patient");
        patient.putArray("name").addObject().put("text", owner.ownerName());
        LocalDate birthDate = owner.study().patientBirthDate();
        if (birthDate != null) {
            patient.put("birthDate", birthDate.toString());
        }

        ObjectNode endpoint = entry(entries, endpointId, "Endpoint");
        endpoint.put("status", "active");
        ObjectNode connection = endpoint.putObject("connectionType");
        connection.put("system", CONNECTION_TYPES);
        connection.put("code", "dicom-wado-rs");
        endpoint.put("name", endpointName);
        endpoint.putObject("period").put("end", tokenExpiresAt.toString());
        endpoint.putArray("payloadType").addObject().put("text", "DICOM");
        endpoint.putArray("payloadMimeType")
                .add("application/dicom")
                .add("application/dicom+json")
                .add("image/jpeg");
        endpoint.put("address", endpointAddress);
        endpoint.putArray("header").add("Authorization: Bearer " + bearerToken);

        for (SharedStudy shared : studies) {
            imagingStudy(entry(entries, UUID.randomUUID().toString(), "ImagingStudy"), shared, patientId, endpointId);
        }
        return JSON.writeValueAsString(bundle).getBytes(StandardCharsets.UTF_8);
    }

    private static void imagingStudy(ObjectNode resource, SharedStudy shared, String patientId, String endpointId) {
        Study study = shared.visible().study();
        ArrayNode identifiers = resource.putArray("identifier");
        ObjectNode identifier = identifiers.addObject();
        identifier.put("system", DICOM_UID);
        identifier.put("value", "urn:oid:" + study.studyInstanceUid());
        resource.put("status", "available");
        for (String modality : study.modalities()) {
            coding(resource.withArray("modality").addObject(), modality);
        }
        resource.putObject("subject").put("reference", "urn:uuid:" + patientId);
        String started = started(study);
        if (started != null) {
            resource.put("started", started);
        }
        resource.putArray("endpoint").addObject().put("reference", "urn:uuid:" + endpointId);
        resource.put("numberOfSeries", shared.series().size());
        resource.put(
                "numberOfInstances",
                shared.instances().values().stream().mapToInt(List::size).sum());
        if (study.description() != null && !study.description().isBlank()) {
            resource.put("description", study.description());
        }
        ArrayNode series = resource.putArray("series");
        for (Series s : shared.series()) {
            List<Instance> instances = shared.instances().getOrDefault(s.seriesInstanceUid(), List.of());
            ObjectNode node = series.addObject();
            node.put("uid", s.seriesInstanceUid());
            if (s.seriesNumber() != null && s.seriesNumber() >= 0) {
                node.put("number", s.seriesNumber());
            }
            coding(
                    node.putObject("modality"),
                    s.modality() == null || s.modality().isBlank() ? "OT" : s.modality());
            if (s.description() != null && !s.description().isBlank()) {
                node.put("description", s.description());
            }
            node.put("numberOfInstances", instances.size());
            node.putArray("endpoint").addObject().put("reference", "urn:uuid:" + endpointId);
            ArrayNode instanceNodes = node.putArray("instance");
            for (Instance instance : instances) {
                ObjectNode i = instanceNodes.addObject();
                i.put("uid", instance.sopInstanceUid());
                ObjectNode sopClass = i.putObject("sopClass");
                sopClass.put("system", "urn:ietf:rfc:3986");
                sopClass.put("code", "urn:oid:" + instance.sopClassUid());
                if (instance.instanceNumber() != null && instance.instanceNumber() >= 0) {
                    i.put("number", instance.instanceNumber());
                }
            }
        }
    }

    private static ObjectNode entry(ArrayNode entries, String id, String type) {
        ObjectNode entry = entries.addObject();
        entry.put("fullUrl", "urn:uuid:" + id);
        ObjectNode resource = entry.putObject("resource");
        resource.put("resourceType", type);
        return resource;
    }

    private static void coding(ObjectNode coding, String modality) {
        coding.put("system", DCM);
        coding.put("code", modality);
    }

    /** The study date at the precision the PACS recorded (a FHIR dateTime without a time: the zone is unknown). */
    private static String started(Study study) {
        if (study.studyDate() == null) {
            return null;
        }
        DatePrecision precision = study.studyDatePrecision();
        return switch (precision) {
            case YEAR -> String.valueOf(study.studyDate().getYear());
            case MONTH -> study.studyDate().format(DateTimeFormatter.ofPattern("yyyy-MM"));
            default -> study.studyDate().toString();
        };
    }
}
