package org.xrayportal.audit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.user;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.header;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import java.util.UUID;
import org.hamcrest.Matchers;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.webmvc.test.autoconfigure.AutoConfigureMockMvc;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.security.core.userdetails.UserDetailsService;
import org.springframework.test.web.servlet.MockMvc;
import org.xrayportal.account.AccountService;
import org.xrayportal.security.PortalUser;
import org.xrayportal.security.Role;
import org.xrayportal.support.PortalIntegrationTest;
import org.xrayportal.support.TestPostgres;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** The audit console through the web layer: filters, audited reads, exports, chain verification, bad input. */
@PortalIntegrationTest
@AutoConfigureMockMvc
class AuditConsoleIT {

    @Autowired
    MockMvc mvc;

    @Autowired
    AuditLog auditLog;

    @Autowired
    AccountService accounts;

    @Autowired
    UserDetailsService users;

    @Autowired
    JdbcClient jdbc;

    @Autowired
    TestPostgres.Database testDatabase;

    PortalUser admin;
    String pid;

    @BeforeEach
    void setUp() {
        admin = account(Role.ADMIN);
        pid = "P-" + UUID.randomUUID().toString().substring(0, 8);
        auditLog.record(AuditEvent.of(AuditAction.EXPORT, AuditOutcome.SUCCESS)
                .actor(7L, "pat@example.test", "PATIENT")
                .clientAddress("192.0.2.7")
                .patient(pid, "XRAY-CLINIC")
                .study("1.2.3.4")
                .detail("phase", "started")
                .detail("kind", "study-zip")
                .build());
        auditLog.record(AuditEvent.of(AuditAction.EXPORT, AuditOutcome.MINOR_FAILURE)
                .actor(7L, "pat@example.test", "PATIENT")
                .patient(pid, "XRAY-CLINIC")
                .study("1.2.3.4")
                .detail("phase", "finished")
                .detail("kind", "study-zip")
                .detail("bytes", 1234)
                .build());
        auditLog.record(AuditEvent.of(AuditAction.SIGN_IN_FAILED, AuditOutcome.MINOR_FAILURE)
                .actor(null, "=HYPERLINK(\"http://evil\",\"x\")", null)
                .patient(pid, "XRAY-CLINIC")
                .build());
    }

    @Test
    void searchWhenFilteredByPatientAndActionThenOnlyThoseRowsWithCodesInWordsAndTheReadIsAudited() throws Exception {
        mvc.perform(get("/admin/audit")
                        .param("patientId", pid)
                        .param("action", "EXPORT")
                        .with(user(admin)))
                .andExpect(status().isOk())
                .andExpect(content().string(Matchers.containsString("2 events match")))
                .andExpect(content().string(Matchers.containsString("110106")))
                .andExpect(content().string(Matchers.containsString("Export")))
                .andExpect(content().string(Matchers.containsString("Minor failure")))
                .andExpect(content().string(Matchers.not(Matchers.containsString("HYPERLINK"))));

        String used = jdbc.sql("SELECT details FROM audit_event WHERE action = 'AUDIT_LOG_USED' AND actor_id = ?")
                .param(admin.id())
                .query(String.class)
                .single();
        assertThat(used).contains("\"view\":\"search\"", pid);
    }

    @Test
    void searchPageWhenShownThenEachEventCodeOnceEachActionOnceAndDetailsAsKeyValuePairs() throws Exception {
        String page = mvc.perform(get("/admin/audit")
                        .param("patientId", pid)
                        .param("action", "EXPORT")
                        .with(user(admin)))
                .andExpect(status().isOk())
                .andReturn()
                .getResponse()
                .getContentAsString();

        String filter = page.substring(page.indexOf("<select id=\"action\""), page.indexOf("</select>"));
        assertThat(filter)
                .containsOnlyOnce("<optgroup label=\"110114 User Authentication\">")
                .containsOnlyOnce("<optgroup label=\"110137 User Security Attributes Changed\">")
                .containsOnlyOnce(">Sign-in succeeded</option>")
                .containsOnlyOnce(">Sign-in failed (wrong email or password)</option>")
                .containsOnlyOnce(">Second sign-in step passed</option>")
                .containsOnlyOnce(">Account locked</option>")
                .containsOnlyOnce(
                        "<option value=\"EXPORT\" selected=\"selected\">Patient downloaded or saved images</option>");
        for (AuditAction action : AuditAction.values()) {
            assertThat(filter).containsOnlyOnce("<option value=\"" + action.name() + "\"");
        }
        assertThat(page)
                .contains(
                        "<dt title=\"phase\">Phase</dt><dd>Finished</dd>",
                        "<dt title=\"kind\">Kind</dt><dd>Study as ZIP</dd>",
                        "<dt title=\"bytes\">Bytes sent</dt><dd>1234</dd>")
                .doesNotContain("{&quot;phase&quot;");
    }

    @Test
    void searchWhenDetailsHoldTimesFlagsAndDurationsThenLabelsAndValuesInTheReadersWordsAndLanguage() throws Exception {
        auditLog.record(AuditEvent.of(AuditAction.ACCESS_APPROVED, AuditOutcome.SUCCESS)
                .actor(8L, "staff@example.test", "STAFF")
                .patient(pid, "XRAY-CLINIC")
                .detail("request", 7)
                .detail("allowDownload", true)
                .detail("expiresAt", "2026-12-06T10:00:00Z")
                .detail("maxExpiry", "PT72H")
                .detail("secondFactor", "PASSCODE")
                .detail("someFutureKey", "as stored")
                .build());

        // Stored as jsonb, whose keys come back in its own order.
        String english = detailsShown("ACCESS_APPROVED", "en");
        assertThat(english)
                .isEqualTo("<dl><dt title=\"allowDownload\">Download allowed</dt><dd>Yes</dd>"
                        + "<dt title=\"expiresAt\">Expires</dt><dd>6 Dec 2026, 10:00 UTC</dd>"
                        + "<dt title=\"maxExpiry\">Longest expiry</dt><dd>3 days</dd>"
                        + "<dt title=\"request\">Request no.</dt><dd>7</dd>"
                        + "<dt title=\"secondFactor\">Second factor</dt><dd>PASSCODE</dd>"
                        + "<dt title=\"someFutureKey\">someFutureKey</dt><dd>as stored</dd></dl>");

        String spanish = detailsShown("ACCESS_APPROVED", "es");
        assertThat(spanish)
                .isEqualTo("<dl><dt title=\"allowDownload\">Descarga permitida</dt><dd>Sí</dd>"
                        + "<dt title=\"expiresAt\">Caduca</dt><dd>6 dic 2026, 10:00 UTC</dd>"
                        + "<dt title=\"maxExpiry\">Caducidad máxima</dt><dd>3 días</dd>"
                        + "<dt title=\"request\">N.º de solicitud</dt><dd>7</dd>"
                        + "<dt title=\"secondFactor\">Segundo factor</dt><dd>PASSCODE</dd>"
                        + "<dt title=\"someFutureKey\">someFutureKey</dt><dd>as stored</dd></dl>");
        assertThat(jdbc.sql("SELECT details FROM audit_event WHERE action = 'ACCESS_APPROVED' AND patient_id = ?")
                        .param(pid)
                        .query(String.class)
                        .single())
                .as("the stored row is as written")
                .contains("\"expiresAt\":\"2026-12-06T10:00:00Z\"", "\"allowDownload\":true");
    }

    @Test
    void searchWhenDetailsHoldCodedValuesThenKnownOnesInWordsInBothLanguagesAndTheRestAsStored() throws Exception {
        auditLog.record(AuditEvent.of(AuditAction.IDENTITY_LINKED, AuditOutcome.SUCCESS)
                .actor(8L, "staff@example.test", "STAFF")
                .patient(pid, "XRAY-CLINIC")
                .detail("scope", "ALL_STUDIES")
                .detail("method", "STAFF_VERIFIED")
                .detail("view", "search")
                .detail("lookup", "patient-demographics")
                .detail("reason", "code-used-already")
                .detail("kind", "study-zip")
                .detail("phase", "finished")
                .detail("resolution", "ALL_STUDIES") // a known code under a key that has no coded values
                .detail("someFutureKey", "SOME_CODE")
                .build());

        String english = detailsShown("IDENTITY_LINKED", "en");
        assertThat(english)
                .isEqualTo("<dl><dt title=\"kind\">Kind</dt><dd>Study as ZIP</dd>"
                        + "<dt title=\"lookup\">Lookup</dt><dd>Patient demographics</dd>"
                        + "<dt title=\"method\">Method</dt><dd>Verified by staff</dd>"
                        + "<dt title=\"phase\">Phase</dt><dd>Finished</dd>"
                        + "<dt title=\"reason\">Reason</dt><dd>Code already used</dd>"
                        + "<dt title=\"resolution\">Resolution</dt><dd>ALL_STUDIES</dd>"
                        + "<dt title=\"scope\">Scope</dt><dd>All studies</dd>"
                        + "<dt title=\"someFutureKey\">someFutureKey</dt><dd>SOME_CODE</dd>"
                        + "<dt title=\"view\">What was seen</dt><dd>Audit search</dd></dl>");

        String spanish = detailsShown("IDENTITY_LINKED", "es");
        assertThat(spanish)
                .isEqualTo("<dl><dt title=\"kind\">Tipo</dt><dd>Estudio en ZIP</dd>"
                        + "<dt title=\"lookup\">Consulta</dt><dd>Datos demográficos del paciente</dd>"
                        + "<dt title=\"method\">Método</dt><dd>Verificado por el personal</dd>"
                        + "<dt title=\"phase\">Fase</dt><dd>Terminada</dd>"
                        + "<dt title=\"reason\">Motivo</dt><dd>Código ya utilizado</dd>"
                        + "<dt title=\"resolution\">Resolución</dt><dd>ALL_STUDIES</dd>"
                        + "<dt title=\"scope\">Alcance</dt><dd>Todos los estudios</dd>"
                        + "<dt title=\"someFutureKey\">someFutureKey</dt><dd>SOME_CODE</dd>"
                        + "<dt title=\"view\">Qué se vio</dt><dd>Búsqueda en el registro</dd></dl>");
        assertThat(jdbc.sql("SELECT details FROM audit_event WHERE action = 'IDENTITY_LINKED' AND patient_id = ?")
                        .param(pid)
                        .query(String.class)
                        .single())
                .as("the stored row keeps the codes")
                .contains("\"scope\":\"ALL_STUDIES\"", "\"phase\":\"finished\"", "\"method\":\"STAFF_VERIFIED\"");
    }

    /** The Details cell of the page's only event row, without whitespace between tags. */
    /** The Details cell of this patient's event of {@code action}, as the console shows it in {@code lang}. */
    private String detailsShown(String action, String lang) throws Exception {
        return details(mvc.perform(get("/admin/audit")
                        .param("patientId", pid)
                        .param("action", action)
                        .param("lang", lang)
                        .with(user(admin)))
                .andExpect(status().isOk())
                .andReturn()
                .getResponse()
                .getContentAsString(java.nio.charset.StandardCharsets.UTF_8));
    }

    private static String details(String page) {
        String cell =
                page.substring(page.indexOf("<td class=\"event-details\">") + "<td class=\"event-details\">".length());
        return cell.substring(0, cell.indexOf("</td>")).strip().replaceAll(">\\s+<", "><");
    }

    @Test
    void searchWhenOutcomeAndUserThenFiltered() throws Exception {
        mvc.perform(get("/admin/audit")
                        .param("patientId", pid)
                        .param("user", "PAT@example.test")
                        .param("outcome", "MINOR_FAILURE")
                        .with(user(admin)))
                .andExpect(status().isOk())
                .andExpect(content().string(Matchers.containsString("1 event matches")));
        mvc.perform(get("/admin/audit/timeline").param("patientId", pid).with(user(admin)))
                .andExpect(status().isOk())
                .andExpect(content().string(Matchers.containsString("3 events match")));
    }

    @Test
    void searchWhenInputIsNonsenseThenBadRequestWithAMessage() throws Exception {
        mvc.perform(get("/admin/audit").param("action", "DROP TABLE").with(user(admin)))
                .andExpect(status().isBadRequest())
                .andExpect(content().string(Matchers.containsString("Choose an event from the list.")));
        mvc.perform(get("/admin/audit").param("outcome", "7").with(user(admin))).andExpect(status().isBadRequest());
        mvc.perform(get("/admin/audit").param("from", "yesterday").with(user(admin)))
                .andExpect(status().isBadRequest());
        mvc.perform(get("/admin/audit")
                        .param("from", "2024-05-02")
                        .param("to", "2024-05-01")
                        .with(user(admin)))
                .andExpect(status().isBadRequest())
                .andExpect(content().string(Matchers.containsString("on or before the end date")));
        mvc.perform(get("/admin/audit").param("page", "-1").with(user(admin))).andExpect(status().isBadRequest());
        mvc.perform(get("/admin/audit").param("patientId", "x".repeat(65)).with(user(admin)))
                .andExpect(status().isBadRequest());
        mvc.perform(get("/admin/audit/timeline").with(user(admin))).andExpect(status().isBadRequest());
        mvc.perform(get("/admin/audit/export.csv").param("to", "2024-13-01").with(user(admin)))
                .andExpect(status().isBadRequest());
        mvc.perform(get("/admin/audit/downloads").param("sort", "name; drop").with(user(admin)))
                .andExpect(status().isBadRequest());
        mvc.perform(get("/admin/audit/downloads.csv").param("groupBy", "x").with(user(admin)))
                .andExpect(status().isBadRequest());
        mvc.perform(get("/admin/audit/integrity")
                        .param("verify", "chain")
                        .param("from", "abc")
                        .with(user(admin)))
                .andExpect(status().isBadRequest());
        mvc.perform(get("/admin/audit/integrity")
                        .param("verify", "chain")
                        .param("from", "5")
                        .param("to", "2")
                        .with(user(admin)))
                .andExpect(status().isBadRequest());
    }

    @Test
    void csvWhenExportedThenQuotedAndFormulaCellsDefused() throws Exception {
        String csv = mvc.perform(
                        get("/admin/audit/export.csv").param("patientId", pid).with(user(admin)))
                .andExpect(status().isOk())
                .andExpect(header().string("Content-Type", Matchers.startsWith("text/csv")))
                .andExpect(header().string("Content-Disposition", Matchers.containsString("audit-events.csv")))
                .andReturn()
                .getResponse()
                .getContentAsString();
        String[] lines = csv.split("\r\n");
        assertThat(lines).hasSize(4);
        assertThat(lines[0]).startsWith("sequence,occurred_at,event_code,event,outcome");
        assertThat(lines[1]).contains(",110106,Export,SUCCESS,7,pat@example.test,PATIENT,192.0.2.7," + pid);
        assertThat(lines[3]).contains("\"'=HYPERLINK(\"\"http://evil\"\",\"\"x\"\")\"");
    }

    @Test
    void fhirWhenExportedThenBalpShapedAuditEvents() throws Exception {
        String json = mvc.perform(
                        get("/admin/audit/fhir").param("patientId", pid).with(user(admin)))
                .andExpect(status().isOk())
                .andExpect(header().string("Content-Type", Matchers.startsWith("application/fhir+json")))
                .andReturn()
                .getResponse()
                .getContentAsString();
        JsonNode bundle = JsonMapper.builder().build().readTree(json);
        assertThat(bundle.path("resourceType").asString()).isEqualTo("Bundle");
        assertThat(bundle.path("entry")).hasSize(3);
        JsonNode export = bundle.path("entry").get(0).path("resource");
        assertThat(export.path("resourceType").asString()).isEqualTo("AuditEvent");
        assertThat(export.path("meta").path("profile").get(0).asString())
                .isEqualTo("https://profiles.ihe.net/ITI/BALP/StructureDefinition/IHE.BasicAudit.PatientRead");
        assertThat(export.path("type").path("code").asString()).isEqualTo("rest");
        assertThat(export.path("subtype").get(1).path("system").asString())
                .isEqualTo("http://dicom.nema.org/resources/ontology/DCM");
        assertThat(export.path("subtype").get(1).path("code").asString()).isEqualTo("110106");
        assertThat(export.path("action").asString()).isEqualTo("R");
        assertThat(export.path("outcome").asString()).isEqualTo("0");
        assertThat(export.path("recorded").asString()).isNotBlank();
        // user, then the browser (with the address), then the portal (named by portal.mail.base-url)
        JsonNode agents = export.path("agent");
        assertThat(agents.get(0).path("who").path("display").asString()).isEqualTo("pat@example.test");
        assertThat(agents.get(0).path("requestor").asBoolean()).isTrue();
        assertThat(agents.get(0).has("network")).isFalse();
        assertThat(agents.get(1).path("network").path("address").asString()).isEqualTo("192.0.2.7");
        assertThat(agents.get(2).path("who").path("identifier").path("value").asString())
                .isEqualTo("http://localhost:8080");
        assertThat(export.path("source").path("observer").path("display").asString())
                .isNotBlank();
        assertThat(export.path("entity")
                        .get(0)
                        .path("what")
                        .path("identifier")
                        .path("value")
                        .asString())
                .isEqualTo(pid);
        assertThat(export.path("entity")
                        .get(1)
                        .path("what")
                        .path("identifier")
                        .path("value")
                        .asString())
                .isEqualTo("urn:oid:1.2.3.4");
        JsonNode signIn = bundle.path("entry").get(2).path("resource");
        assertThat(signIn.path("type").path("code").asString()).isEqualTo("110114");
        assertThat(signIn.path("subtype").get(0).path("code").asString()).isEqualTo("110122");
    }

    @Test
    void verifyWhenARowWasAlteredByTheOwnerThenThePageNamesIt() throws Exception {
        mvc.perform(get("/admin/audit/integrity").param("verify", "chain").with(user(admin)))
                .andExpect(status().isOk())
                .andExpect(content().string(Matchers.containsString("Intact:")));

        OwnerAccess owner = new OwnerAccess(testDatabase);
        long target = jdbc.sql("SELECT max(sequence) FROM audit_event WHERE patient_id = ? AND action = 'EXPORT'")
                .param(pid)
                .query(Long.class)
                .single();
        String snapshot = owner.snapshot(target);
        owner.tamper("UPDATE audit_event SET client_address = '203.0.113.66' WHERE sequence = ?", target);
        try {
            mvc.perform(get("/admin/audit/integrity").param("verify", "chain").with(user(admin)))
                    .andExpect(status().isOk())
                    .andExpect(content().string(Matchers.containsString("Broken at event number " + target + ".")))
                    .andExpect(content().string(Matchers.containsString("no longer matches its hash")));
        } finally {
            owner.restore(target, snapshot);
        }
    }

    @Test
    void downloadsReportWhenExportsThenCountsBytesAndFailuresPerPatientAndUser() throws Exception {
        mvc.perform(get("/admin/audit/downloads").param("sort", "bytes").with(user(admin)))
                .andExpect(status().isOk())
                .andExpect(content().string(Matchers.containsString(pid + " / XRAY-CLINIC")))
                .andExpect(content().string(Matchers.containsString("1,234")));
        String csv = mvc.perform(get("/admin/audit/downloads.csv")
                        .param("groupBy", "patient")
                        .with(user(admin)))
                .andExpect(status().isOk())
                .andReturn()
                .getResponse()
                .getContentAsString();
        assertThat(csv)
                .startsWith("patient_id,issuer_of_patient_id,downloads,bytes,failures\r\n")
                .contains(pid + ",XRAY-CLINIC,1,1234,1\r\n");
        String byUser = mvc.perform(get("/admin/audit/downloads.csv")
                        .param("groupBy", "user")
                        .with(user(admin)))
                .andReturn()
                .getResponse()
                .getContentAsString();
        assertThat(byUser).contains("7,pat@example.test,");
    }

    @Test
    void consoleWhenNotAdminThenForbidden() throws Exception {
        for (Role role : new Role[] {Role.PATIENT, Role.STAFF}) {
            PortalUser someone = account(role);
            for (String path : new String[] {
                "/admin/audit",
                "/admin/audit/export.csv",
                "/admin/audit/fhir",
                "/admin/audit/downloads",
                "/admin/audit/integrity"
            }) {
                mvc.perform(get(path).with(user(someone))).andExpect(status().isForbidden());
            }
        }
    }

    private PortalUser account(Role role) {
        String email = role.name().toLowerCase() + "-" + UUID.randomUUID() + "@example.test";
        accounts.create(email, "Test " + role, role, "correct horse battery staple");
        return (PortalUser) users.loadUserByUsername(email);
    }
}
