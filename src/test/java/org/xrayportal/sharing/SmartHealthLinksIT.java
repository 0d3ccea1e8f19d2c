package org.xrayportal.sharing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.user;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.header;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.view;
import static org.xrayportal.support.Actors.actor;
import static org.xrayportal.viewer.ViewerFixtures.instance;
import static org.xrayportal.viewer.ViewerFixtures.series;
import static org.xrayportal.viewer.ViewerFixtures.study;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.context.support.DefaultProfileValidationSupport;
import ca.uhn.fhir.validation.FhirValidator;
import ca.uhn.fhir.validation.ResultSeverityEnum;
import ca.uhn.fhir.validation.SingleValidationMessage;
import com.nimbusds.jose.EncryptionMethod;
import com.nimbusds.jose.JWEAlgorithm;
import com.nimbusds.jose.JWEObject;
import com.nimbusds.jose.crypto.DirectDecrypter;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.hl7.fhir.common.hapi.validation.support.CommonCodeSystemsTerminologyService;
import org.hl7.fhir.common.hapi.validation.support.InMemoryTerminologyServerValidationSupport;
import org.hl7.fhir.common.hapi.validation.support.SnapshotGeneratingValidationSupport;
import org.hl7.fhir.common.hapi.validation.support.ValidationSupportChain;
import org.hl7.fhir.common.hapi.validation.validator.FhirInstanceValidator;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.Endpoint;
import org.hl7.fhir.r4.model.ImagingStudy;
import org.hl7.fhir.r4.model.Patient;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.webmvc.test.autoconfigure.AutoConfigureMockMvc;
import org.springframework.context.annotation.Import;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.json.JsonCompareMode;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.MvcResult;
import org.springframework.test.web.servlet.request.MockHttpServletRequestBuilder;
import org.springframework.test.web.servlet.request.RequestPostProcessor;
import org.xrayportal.access.AccessRequest;
import org.xrayportal.access.AccessScope;
import org.xrayportal.access.AccessService;
import org.xrayportal.consent.ConsentService;
import org.xrayportal.imaging.demo.DemoStudies;
import org.xrayportal.security.PortalUser;
import org.xrayportal.security.Role;
import org.xrayportal.support.MutableClock;
import org.xrayportal.support.OrthancSupport;
import org.xrayportal.support.PortalWithPacsTest;
import org.xrayportal.support.TestClockConfiguration;
import org.xrayportal.viewer.ViewerFixtures;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * A share as a SMART Health Link (issue 19, Deliver 4) on the real portal, database and Orthanc: the payload's shape as
 * the HL7 SMART Health Links specification defines it; the manifest request (401 with remainingAttempts on the share's
 * own passcode counter, shared with the passcode form; 404 once the share has ended); the manifest's file decrypted
 * with the payload's key into a FHIR R4 Bundle that HAPI parses and validates; and the share-scoped DICOMweb endpoint
 * the Bundle names (scope, the share's end, rendered frames, retrieve of originals only where downloads are allowed).
 */
@PortalWithPacsTest
@AutoConfigureMockMvc
@Import({ViewerFixtures.class, TestClockConfiguration.class})
class SmartHealthLinksIT {

    static final String KNEE = study("mueller-knee-2024");
    static final String KNEE_AP = series("mueller-knee-2024", 1);
    static final String KNEE_AP_1 = instance("mueller-knee-2024", 1, 1);
    static final String HAND = study("mueller-hand-2023");
    static final String HAND_PA = series("mueller-hand-2023", 1);
    static final String HAND_PA_1 = instance("mueller-hand-2023", 1, 1);
    static final String OTHER = study("odegard-knee-2024");

    private static final AtomicInteger ADDRESSES = new AtomicInteger(10);
    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final FhirContext R4 = FhirContext.forR4Cached();

    @Autowired
    MockMvc mvc;

    @Autowired
    ViewerFixtures fixtures;

    @Autowired
    ConsentService consents;

    @Autowired
    AccessService access;

    @Autowired
    JdbcClient jdbc;

    @Autowired
    MutableClock clock;

    PortalUser patient;
    String address;

    @BeforeEach
    void setUp() {
        clock.set(Instant.parse("2026-11-02T09:00:00Z"));
        patient = fixtures.consentingPatient(DemoStudies.MUELLER);
        fixtures.grant(patient, AccessScope.allStudies(), null);
        address = "203.0.113." + ADDRESSES.getAndIncrement();
    }

    record Created(long id, String token, String passcode) {}

    record Link(String manifestUrl, String key, JsonNode payload) {

        String path() {
            return manifestUrl.substring("http://localhost".length());
        }
    }

    @Test
    void payloadWhenIssuedThenFollowsTheSpecificationAndNothingSecretIsStored() throws Exception {
        Created share = create(KNEE, "Dr Lee, orthopaedics", "7d", false);
        MvcResult page = mvc.perform(post("/patient/shares/" + share.id() + "/health-link")
                        .with(user(patient))
                        .with(csrf()))
                .andExpect(status().isOk())
                .andExpect(view().name("sharing/health-link"))
                .andExpect(header().string("Cache-Control", "no-cache, no-store, max-age=0, must-revalidate"))
                .andReturn();
        SmartHealthLinks.Issued issued =
                (SmartHealthLinks.Issued) page.getModelAndView().getModel().get("healthLink");
        String body = page.getResponse().getContentAsString();
        assertThat(body)
                .contains(issued.viewerLink())
                .contains("data:image/svg+xml;base64,")
                .contains("Copy the link")
                .contains("X-ray images shared with Dr Lee, orthopaedics");

        // The QR code's content: the portal's viewer page, then '#', then the shlink: the payload never reaches a
        // server
        // that opens the page (the fragment is not sent).
        assertThat(issued.viewerLink()).startsWith("http://localhost/shl#shlink:/");
        String shlink = issued.viewerLink().substring(issued.viewerLink().indexOf('#') + 1);
        assertThat(shlink).isEqualTo(issued.shlink()).matches("shlink:/[A-Za-z0-9_-]+");
        String encoded = shlink.substring("shlink:/".length());
        String minified = new String(Base64.getUrlDecoder().decode(encoded), StandardCharsets.UTF_8);
        JsonNode payload = JSON.readTree(minified);
        // Minified JSON with exactly the specification's properties.
        assertThat(JSON.writeValueAsString(payload)).isEqualTo(minified);
        List<String> names = new ArrayList<>(payload.propertyNames());
        assertThat(names).containsExactlyInAnyOrder("url", "key", "exp", "flag", "label", "v");
        // url: the manifest, at most 128 characters, with 256 random bits as its last segment.
        String url = payload.get("url").asString();
        assertThat(url).matches("http://localhost/shl/m/[A-Za-z0-9_-]{43}").hasSizeLessThanOrEqualTo(128);
        String manifestId = url.substring(url.lastIndexOf('/') + 1);
        assertThat(Base64.getUrlDecoder().decode(manifestId)).hasSize(32);
        // key: 32 random bytes, base64url, 43 characters.
        String key = payload.get("key").asString();
        assertThat(key).matches("[A-Za-z0-9_-]{43}");
        assertThat(Base64.getUrlDecoder().decode(key)).hasSize(32);
        assertThat(key).isNotEqualTo(manifestId);
        // exp: the share's expiry in epoch seconds (an integer), 7 days after creation.
        assertThat(payload.get("exp").isIntegralNumber()).isTrue();
        assertThat(payload.get("exp").asLong())
                .isEqualTo(Instant.parse("2026-11-09T09:00:00Z").getEpochSecond());
        // flag: P (the share's passcode), never U (which the specification forbids with P).
        assertThat(payload.get("flag").asString()).isEqualTo("P");
        assertThat(payload.get("label").asString()).isEqualTo("X-ray images shared with Dr Lee, orthopaedics");
        assertThat(payload.get("v").isIntegralNumber()).isTrue();
        assertThat(payload.get("v").asInt()).isEqualTo(1);

        // Stored: the manifest id's SHA-256 and the key wrapped; neither in clear anywhere in the row.
        var row = jdbc.sql("SELECT manifest_hash, wrapped_key FROM share_health_link WHERE share_id = ?")
                .param(share.id())
                .query()
                .singleRow();
        assertThat(row.get("manifest_hash")).isEqualTo(ShareSecrets.hash(manifestId));
        assertThat((String) row.get("wrapped_key"))
                .doesNotContain(key)
                .doesNotContain(manifestId)
                .startsWith("eyJ"); // a JWE
        assertThat(SmartHealthLinkSecrets.unwrapKey((String) row.get("wrapped_key"), manifestId))
                .isEqualTo(key);

        // A long recipient description gives a label of exactly 80 characters.
        Created longer = create(KNEE, "Dr " + "Lee-".repeat(40), "1d", false);
        JsonNode second = issue(longer.id()).payload();
        assertThat(second.get("label").asString()).hasSize(80).endsWith("…");
        assertThat(second.get("exp").asLong())
                .isEqualTo(Instant.parse("2026-11-03T09:00:00Z").getEpochSecond());

        // Another patient's share, a malformed id, or an ended share: nothing is issued.
        mvc.perform(post("/patient/shares/" + share.id() + "/health-link")
                        .with(user(fixtures.user(Role.PATIENT)))
                        .with(csrf()))
                .andExpect(status().isNotFound());
        mvc.perform(post("/patient/shares/x/health-link").with(user(patient)).with(csrf()))
                .andExpect(status().isBadRequest());
        revoke(longer);
        mvc.perform(post("/patient/shares/" + longer.id() + "/health-link")
                        .with(user(patient))
                        .with(csrf()))
                .andExpect(status().isNotFound());
        // The list offers a link only for the live share.
        String list = mvc.perform(get("/patient/shares").with(user(patient)))
                .andReturn()
                .getResponse()
                .getContentAsString();
        assertThat(list).contains("/patient/shares/" + share.id() + "/health-link");
        assertThat(list).doesNotContain("/patient/shares/" + longer.id() + "/health-link");
        // The viewer page a browser lands on explains what the link is for.
        mvc.perform(get("/shl"))
                .andExpect(status().isOk())
                .andExpect(content().string(org.hamcrest.Matchers.containsString("SMART Health Link")));
    }

    @Test
    void manifestWhenPasscodeWrongThen401WithRemainingAttemptsOnTheSharesOwnCounter() throws Exception {
        Created share = create(KNEE, "Dr Lee", "7d", false);
        Link link = issue(share.id());

        manifest(link, "WRONG-PASS", null)
                .andExpect(status().isUnauthorized())
                .andExpect(content().contentType("application/json"))
                .andExpect(content().json("{\"remainingAttempts\":9}", JsonCompareMode.STRICT));
        // The passcode form counts on the same share: two wrong there, and the link says 7 left after its own next one.
        for (int i = 0; i < 2; i++) {
            mvc.perform(form(share.token(), "WRONG-PASS")).andExpect(status().isUnprocessableContent());
        }
        manifest(link, "WRONG-PASS", null)
                .andExpect(status().isUnauthorized())
                .andExpect(content().json("{\"remainingAttempts\":6}", JsonCompareMode.STRICT))
                .andExpect(header().string("Retry-After", "60"));
        // Four wrong: even the right passcode waits (and counts), as on the form.
        manifest(link, share.passcode(), null)
                .andExpect(status().isUnauthorized())
                .andExpect(content().json("{\"remainingAttempts\":5}", JsonCompareMode.STRICT));
        // A request without a passcode guesses nothing: it is refused and not counted.
        manifest(link, null, null)
                .andExpect(status().isUnauthorized())
                .andExpect(content().json("{\"remainingAttempts\":5}", JsonCompareMode.STRICT));
        for (int left = 4; left >= 0; left--) {
            clock.advance(Duration.ofHours(2));
            manifest(link, "WRONG-PASS", null)
                    .andExpect(status().isUnauthorized())
                    .andExpect(content().json("{\"remainingAttempts\":" + left + "}", JsonCompareMode.STRICT));
        }
        // Ten wrong in all, through either door: the share is locked, the link no longer active, the form refuses.
        clock.advance(Duration.ofHours(2));
        manifest(link, share.passcode(), null).andExpect(status().isNotFound());
        mvc.perform(form(share.token(), share.passcode())).andExpect(status().isUnprocessableContent());
        assertThat(jdbc.sql("SELECT failed_attempts FROM share WHERE id = ?")
                        .param(share.id())
                        .query(Integer.class)
                        .single())
                .isEqualTo(11); // the form's last attempt on the locked share counts too, as before
        assertThat(audits("SHARE_PASSCODE_FAILED", share.id(), "smart-health-link"))
                .hasSize(8)
                .allMatch(line -> line.equals("1001|null|null|4"));
        assertThat(audits("SHARE_PASSCODE_FAILED", share.id(), null)).hasSize(11);
        assertThat(audits("SHARE_OPENED", share.id(), null)).isEmpty();
    }

    @Test
    void manifestWhenShareEndedOrLinkUnknownThen404AndBadBodiesThen400() throws Exception {
        Created share = create(KNEE, "Dr Lee", "1d", false);
        Link link = issue(share.id());
        manifest(link, share.passcode(), null).andExpect(status().isOk());

        mvc.perform(post("/shl/m/" + SmartHealthLinkSecrets.newSecret())
                        .contentType("application/json")
                        .content("{\"recipient\":\"Dr Lee\",\"passcode\":\"x\"}"))
                .andExpect(status().isNotFound());
        mvc.perform(post("/shl/m/short").contentType("application/json").content("{\"recipient\":\"Dr Lee\"}"))
                .andExpect(status().isNotFound());
        for (String bad : List.of(
                "",
                "not json",
                "[]",
                "{}",
                "{\"recipient\":7}",
                "{\"recipient\":\"\"}",
                "{\"recipient\":\"a\",\"passcode\":5}",
                "{\"recipient\":\"a\",\"embeddedLengthMax\":-1}",
                "{\"recipient\":\"a\",\"embeddedLengthMax\":\"big\"}",
                "{\"recipient\":\"" + "a".repeat(5000) + "\"}")) {
            mvc.perform(post(link.path()).contentType("application/json").content(bad))
                    .andExpect(status().isBadRequest())
                    .andExpect(content().contentType("application/json"));
        }

        // Expired (injected clock): 404, with the right passcode.
        clock.advance(Duration.ofDays(1));
        manifest(link, share.passcode(), null).andExpect(status().isNotFound());

        // Revoked: 404 at once.
        clock.set(Instant.parse("2026-11-02T09:00:00Z"));
        Created second = create(KNEE, "Dr Lee", "7d", false);
        Link other = issue(second.id());
        manifest(other, second.passcode(), null).andExpect(status().isOk());
        revoke(second);
        manifest(other, second.passcode(), null).andExpect(status().isNotFound());

        // Consent withdrawn: nothing is shared any more, so the link is no longer active.
        Created third = create(KNEE, "Dr Lee", "7d", false);
        Link withdrawn = issue(third.id());
        consents.withdraw(actor(patient, "192.0.2.1"));
        manifest(withdrawn, third.passcode(), null).andExpect(status().isNotFound());
    }

    @Test
    void manifestWhenPasscodeRightThenTheFileDecryptsWithThePayloadKeyToAValidR4Bundle() throws Exception {
        Created share = create(KNEE, "Dr Lee", "7d", false);
        Link link = issue(share.id());

        MvcResult result = manifest(link, share.passcode().toLowerCase(), null)
                .andExpect(status().isOk())
                .andExpect(content().contentType("application/json"))
                .andExpect(header().string("Cache-Control", org.hamcrest.Matchers.containsString("no-store")))
                .andReturn();
        JsonNode manifest = JSON.readTree(result.getResponse().getContentAsString());
        assertThat(manifest.get("files")).hasSize(1);
        JsonNode file = manifest.get("files").get(0);
        assertThat(file.get("contentType").asString()).isEqualTo("application/fhir+json");
        assertThat(file.get("fhirVersion").asString()).isEqualTo("4.0.1");
        assertThat(file.has("location")).isFalse();
        String bundleJson = decrypt(file.get("embedded").asString(), link.key());

        Bundle bundle = R4.newJsonParser().parseResource(Bundle.class, bundleJson);
        assertThat(bundle.getType()).isEqualTo(Bundle.BundleType.COLLECTION);
        assertThat(validationErrors(bundleJson)).isEmpty();
        List<Patient> patients = resources(bundle, Patient.class);
        List<ImagingStudy> studies = resources(bundle, ImagingStudy.class);
        List<Endpoint> endpoints = resources(bundle, Endpoint.class);
        assertThat(patients).hasSize(1);
        assertThat(patients.getFirst().getNameFirstRep().getText()).isEqualTo("Jürgen Müller");
        assertThat(patients.getFirst().getBirthDateElement().getValueAsString()).isEqualTo("1958-03-14");
        assertThat(patients.getFirst().hasIdentifier()).isFalse(); // no PACS PatientID: only what the recipient sees
        assertThat(studies).hasSize(1);
        ImagingStudy knee = studies.getFirst();
        assertThat(knee.getIdentifierFirstRep().getSystem()).isEqualTo("urn:dicom:uid");
        assertThat(knee.getIdentifierFirstRep().getValue()).isEqualTo("urn:oid:" + KNEE);
        assertThat(knee.getStatus()).isEqualTo(ImagingStudy.ImagingStudyStatus.AVAILABLE);
        assertThat(knee.getSubject().getReference()).isEqualTo(bundleUrlOf(bundle, Patient.class));
        assertThat(knee.getSeries())
                .extracting(ImagingStudy.ImagingStudySeriesComponent::getUid)
                .contains(KNEE_AP);
        var ap = knee.getSeries().stream()
                .filter(s -> s.getUid().equals(KNEE_AP))
                .findFirst()
                .orElseThrow();
        assertThat(ap.getInstance())
                .extracting(ImagingStudy.ImagingStudySeriesInstanceComponent::getUid)
                .contains(KNEE_AP_1);
        assertThat(knee.getNumberOfSeries()).isEqualTo(knee.getSeries().size());
        assertThat(knee.getNumberOfInstances())
                .isEqualTo(knee.getSeries().stream()
                        .mapToInt(s -> s.getInstance().size())
                        .sum());
        assertThat(knee.getEndpointFirstRep().getReference()).isEqualTo(bundleUrlOf(bundle, Endpoint.class));
        Endpoint endpoint = endpoints.getFirst();
        assertThat(endpoint.getConnectionType().getSystem())
                .isEqualTo("http://terminology.hl7.org/CodeSystem/endpoint-connection-type");
        assertThat(endpoint.getConnectionType().getCode()).isEqualTo("dicom-wado-rs");
        assertThat(endpoint.getAddress()).isEqualTo("http://localhost/shl/dicomweb");
        String header = endpoint.getHeader().getFirst().getValue();
        assertThat(header).matches("Authorization: Bearer [A-Za-z0-9_-]{43}");
        String token = header.substring("Authorization: Bearer ".length());
        assertThat(endpoint.getPeriod().getEnd().toInstant()).isEqualTo(Instant.parse("2026-11-02T10:00:00Z"));
        // The token is stored only as its hash, bound to the share, for one hour.
        assertThat(jdbc.sql("SELECT share_id FROM share_dicomweb_token WHERE token_hash = ?")
                        .param(ShareSecrets.hash(token))
                        .query(Long.class)
                        .single())
                .isEqualTo(share.id());
        assertThat(jdbc.sql("SELECT count(*) FROM share_dicomweb_token WHERE token_hash = ?")
                        .param(token)
                        .query(Long.class)
                        .single())
                .isZero();
        mvc.perform(dicomweb("/studies", token)).andExpect(status().isOk());

        // Audited as an opening through the link, and listed for the patient.
        assertThat(audits("SHARE_OPENED", share.id(), "smart-health-link")).containsExactly("1001|null|null|0");
        // The recipient the app named itself is kept in the event, for the privacy officer.
        assertThat(jdbc.sql("SELECT details::jsonb ->> 'app' FROM audit_event WHERE action = 'SHARE_OPENED'"
                                + " AND details::jsonb ->> 'share' = ?")
                        .param(String.valueOf(share.id()))
                        .query(String.class)
                        .single())
                .isEqualTo("Dr Lee's clinic app");
        mvc.perform(get("/patient/shares").with(user(patient)))
                .andExpect(content()
                        .string(org.hamcrest.Matchers.containsString(
                                "Opened in a clinician&#39;s app (SMART Health Link)")));

        // With a small embeddedLengthMax the file comes by a one-use location instead.
        JsonNode byLocation = JSON.readTree(manifest(link, share.passcode(), 100)
                        .andExpect(status().isOk())
                        .andReturn()
                        .getResponse()
                        .getContentAsString())
                .get("files")
                .get(0);
        assertThat(byLocation.has("embedded")).isFalse();
        String location = byLocation.get("location").asString();
        assertThat(location).matches("http://localhost/shl/f/[A-Za-z0-9_-]{43}");
        String path = location.substring("http://localhost".length());
        String jwe = mvc.perform(get(path))
                .andExpect(status().isOk())
                .andExpect(content().contentType("application/jose"))
                .andReturn()
                .getResponse()
                .getContentAsString();
        assertThat(R4.newJsonParser()
                        .parseResource(Bundle.class, decrypt(jwe, link.key()))
                        .getEntry())
                .hasSize(3);
        mvc.perform(get(path)).andExpect(status().isNotFound());
    }

    @Test
    void manifestWhenTheShareAsksForTheBirthDateThenTheAppSendsItAsThePasscode() throws Exception {
        Created share = create(KNEE, "Dr Lee", "7d", false);
        // As the clinic's "portal.sharing.second-factor=birth-date" makes it (SharingClinicControlsIT).
        jdbc.sql("UPDATE patient_identity_link SET verified_birth_date = ? WHERE account_id = ?")
                .params(java.time.LocalDate.of(1958, 3, 14), patient.id())
                .update();
        jdbc.sql("UPDATE share SET second_factor = 'BIRTH_DATE', passcode_hash = NULL WHERE id = ?")
                .param(share.id())
                .update();
        MvcResult page = mvc.perform(post("/patient/shares/" + share.id() + "/health-link")
                        .with(user(patient))
                        .with(csrf()))
                .andExpect(status().isOk())
                .andExpect(content().string(org.hamcrest.Matchers.containsString("date of birth as year-month-day")))
                .andReturn();
        SmartHealthLinks.Issued issued =
                (SmartHealthLinks.Issued) page.getModelAndView().getModel().get("healthLink");
        assertThat(issued.flag()).isEqualTo("P");
        Link link = issue(share.id());

        manifest(link, "14/03/1958", null)
                .andExpect(status().isUnauthorized())
                .andExpect(content().json("{\"remainingAttempts\":9}", JsonCompareMode.STRICT));
        manifest(link, "1958-03-15", null)
                .andExpect(status().isUnauthorized())
                .andExpect(content().json("{\"remainingAttempts\":8}", JsonCompareMode.STRICT));
        manifest(link, "1958-03-14", null).andExpect(status().isOk());
    }

    @Test
    void manifestWhenManyWrongPasscodesArriveAtOnceThenEachIsCountedAndTheTenthLocks() throws Exception {
        Created share = create(KNEE, "Dr Lee", "7d", false);
        Link link = issue(share.id());
        int requests = 14;
        var pool = java.util.concurrent.Executors.newFixedThreadPool(requests);
        var start = new java.util.concurrent.CountDownLatch(1);
        List<java.util.concurrent.Future<String>> answers = new ArrayList<>();
        for (int i = 0; i < requests; i++) {
            answers.add(pool.submit(() -> {
                start.await();
                var response = manifest(link, "WRONG-PASS", null).andReturn().getResponse();
                return response.getStatus() + " " + response.getContentAsString();
            }));
        }
        start.countDown();
        List<String> results = new ArrayList<>();
        for (var answer : answers) {
            results.add(answer.get(60, java.util.concurrent.TimeUnit.SECONDS));
        }
        pool.shutdown();

        // The share's row is held during each check, so the counts come one after another: 9, 8, ... 0 once each, then
        // the locked share answers 404; never more than ten wrong answers in all.
        List<String> expected = new ArrayList<>();
        for (int left = 9; left >= 0; left--) {
            expected.add("401 {\"remainingAttempts\":" + left + "}");
        }
        for (int i = 10; i < requests; i++) {
            expected.add("404 {}");
        }
        assertThat(results).containsExactlyInAnyOrderElementsOf(expected);
        assertThat(jdbc.sql("SELECT failed_attempts FROM share WHERE id = ?")
                        .param(share.id())
                        .query(Integer.class)
                        .single())
                .isEqualTo(10);
    }

    @Test
    void dicomWebWhenTokenFromTheManifestThenOnlyTheSharedStudyRenderedAndAudited() throws Exception {
        Created share = create(KNEE, "Dr Lee", "7d", false);
        String token = token(share);

        String studies = mvc.perform(dicomweb("/studies", token))
                .andExpect(status().isOk())
                .andExpect(content().contentType("application/dicom+json"))
                .andReturn()
                .getResponse()
                .getContentAsString();
        assertThat(studies).contains(KNEE).doesNotContain(HAND).doesNotContain("\"00100020\"");
        mvc.perform(dicomweb("/studies/" + KNEE + "/series", token))
                .andExpect(status().isOk())
                .andExpect(content().string(org.hamcrest.Matchers.containsString(KNEE_AP)));
        mvc.perform(dicomweb("/studies/" + KNEE + "/series/" + KNEE_AP + "/instances", token))
                .andExpect(status().isOk())
                .andExpect(content().string(org.hamcrest.Matchers.containsString(KNEE_AP_1)));
        byte[] jpeg = mvc.perform(dicomweb(rendered(KNEE, KNEE_AP, KNEE_AP_1), token))
                .andExpect(status().isOk())
                .andExpect(header().string("Content-Type", "image/jpeg"))
                .andExpect(header().string("Cache-Control", "no-store, private"))
                .andReturn()
                .getResponse()
                .getContentAsByteArray();
        assertThat(Arrays.copyOf(jpeg, 3)).containsExactly(0xFF, 0xD8, 0xFF);
        mvc.perform(dicomweb(rendered(KNEE, KNEE_AP, KNEE_AP_1), token)).andExpect(status().isOk());

        // Scope: the same patient's study that is not shared, another patient's study, another study's series under
        // the shared study, and malformed UIDs: 404, as for the recipient's pages.
        mvc.perform(dicomweb("/studies/" + HAND + "/series", token)).andExpect(status().isNotFound());
        mvc.perform(dicomweb(rendered(HAND, HAND_PA, HAND_PA_1), token)).andExpect(status().isNotFound());
        mvc.perform(dicomweb("/studies/" + OTHER + "/series", token)).andExpect(status().isNotFound());
        mvc.perform(dicomweb(rendered(KNEE, HAND_PA, HAND_PA_1), token)).andExpect(status().isNotFound());
        mvc.perform(dicomweb("/studies/not-a-uid/series", token)).andExpect(status().isNotFound());
        mvc.perform(dicomweb("/studies/" + KNEE + "/series/x/instances", token)).andExpect(status().isNotFound());
        // Bad input: a clear 4xx, never a 500.
        mvc.perform(dicomweb(rendered(KNEE, KNEE_AP, KNEE_AP_1).replace("/frames/1/", "/frames/x/"), token))
                .andExpect(status().isBadRequest());
        mvc.perform(dicomweb(rendered(KNEE, KNEE_AP, KNEE_AP_1).replace("/frames/1/", "/frames/0/"), token))
                .andExpect(status().isBadRequest());
        // Download not allowed by this share: no retrieve.
        mvc.perform(dicomweb("/studies/" + KNEE, token)
                        .header("Accept", "multipart/related; type=\"application/dicom\""))
                .andExpect(status().isNotFound());
        // Without the token, or with another: 401.
        mvc.perform(get("/shl/dicomweb/studies"))
                .andExpect(status().isUnauthorized())
                .andExpect(header().string("WWW-Authenticate", "Bearer"));
        mvc.perform(dicomweb("/studies", SmartHealthLinkSecrets.newSecret())).andExpect(status().isUnauthorized());
        mvc.perform(get("/shl/dicomweb/studies").header("Authorization", "Basic abc"))
                .andExpect(status().isUnauthorized());
        // A share session cookie is not a token either.
        mvc.perform(get("/shl/dicomweb/studies").header("Authorization", "Bearer " + share.token()))
                .andExpect(status().isUnauthorized());

        // Audited once per token: the study, then the series of the rendered frame.
        assertThat(audits("SHARE_VIEWED", share.id(), "dicomweb"))
                .containsExactly("1001|" + KNEE + "|null|0", "1001|" + KNEE + "|" + KNEE_AP + "|0");

        // The token lasts an hour at most.
        clock.advance(Duration.ofMinutes(61));
        mvc.perform(dicomweb("/studies", token)).andExpect(status().isUnauthorized());
    }

    @Test
    void dicomWebWhenShareRevokedOrAccessEndedThenRefusedAtOnce() throws Exception {
        Created share = create(KNEE, "Dr Lee", "7d", false);
        String token = token(share);
        mvc.perform(dicomweb(rendered(KNEE, KNEE_AP, KNEE_AP_1), token)).andExpect(status().isOk());
        revoke(share);
        mvc.perform(dicomweb("/studies", token)).andExpect(status().isUnauthorized());
        mvc.perform(dicomweb(rendered(KNEE, KNEE_AP, KNEE_AP_1), token)).andExpect(status().isUnauthorized());

        Created second = create(KNEE, "Dr Lee", "7d", false);
        String other = token(second);
        consents.withdraw(actor(patient, "192.0.2.1"));
        mvc.perform(dicomweb(rendered(KNEE, KNEE_AP, KNEE_AP_1), other)).andExpect(status().isNotFound());
        mvc.perform(dicomweb("/studies", other)).andExpect(status().isUnauthorized());
    }

    @Test
    void dicomWebRetrieveWhenDownloadAllowedThenTheStoredOriginalsByteForByte() throws Exception {
        PortalUser staff = fixtures.user(Role.STAFF);
        AccessRequest request =
                access.submit(actor(patient, "192.0.2.1"), AccessScope.oneStudy(HAND), null, AccessRequest.Format.VIEW);
        access.approve(actor(staff, "192.0.2.1"), request.id(), AccessScope.oneStudy(HAND), null, true);
        Created share = create(HAND, "Dr Lee", "7d", true);
        String token = token(share);

        MvcResult result = mvc.perform(dicomweb("/studies/" + HAND, token)
                        .header("Accept", "multipart/related; type=\"application/dicom\""))
                .andExpect(status().isOk())
                .andReturn();
        String contentType = result.getResponse().getContentType();
        assertThat(contentType).startsWith("multipart/related; type=\"application/dicom\"; boundary=");
        String boundary = contentType.substring(contentType.indexOf("boundary=") + "boundary=".length());
        List<byte[]> parts = parts(result.getResponse().getContentAsByteArray(), boundary);
        byte[] stored = storedFile(HAND_PA_1);
        assertThat(parts).isNotEmpty().anySatisfy(part -> assertThat(part).isEqualTo(stored));
        assertThat(audits("SHARE_DOWNLOADED", share.id(), "dicomweb")).containsExactly("1001|" + HAND + "|null|0");
        mvc.perform(get("/patient/shares").with(user(patient)))
                .andExpect(content().string(org.hamcrest.Matchers.containsString("Original files downloaded")));
        // Another study of the patient, not in this share: 404 even though downloads are allowed.
        mvc.perform(dicomweb("/studies/" + KNEE, token)).andExpect(status().isNotFound());
    }

    // ---------------------------------------------------------------------------------------------------------------

    private Created create(String studyUid, String recipient, String expiry, boolean download) throws Exception {
        MockHttpServletRequestBuilder request = post("/patient/shares")
                .with(user(patient))
                .with(csrf())
                .param("study", studyUid)
                .param("recipient", recipient)
                .param("expiry", expiry);
        MvcResult result = mvc.perform(download ? request.param("download", "true") : request)
                .andExpect(status().isOk())
                .andExpect(view().name("sharing/created"))
                .andReturn();
        var model = result.getModelAndView().getModel();
        String link = (String) model.get("link");
        Share share = (Share) model.get("share");
        // The confirmation page offers the SMART Health Link in a new tab, so its passcode stays on screen.
        assertThat(result.getResponse().getContentAsString())
                .contains("action=\"/patient/shares/" + share.id() + "/health-link\"")
                .contains("target=\"_blank\"");
        return new Created(share.id(), link.substring(link.lastIndexOf('/') + 1), (String) model.get("passcode"));
    }

    private Link issue(long shareId) throws Exception {
        MvcResult page = mvc.perform(post("/patient/shares/" + shareId + "/health-link")
                        .with(user(patient))
                        .with(csrf()))
                .andExpect(status().isOk())
                .andReturn();
        SmartHealthLinks.Issued issued =
                (SmartHealthLinks.Issued) page.getModelAndView().getModel().get("healthLink");
        String encoded = issued.shlink().substring("shlink:/".length());
        JsonNode payload = JSON.readTree(new String(Base64.getUrlDecoder().decode(encoded), StandardCharsets.UTF_8));
        return new Link(payload.get("url").asString(), payload.get("key").asString(), payload);
    }

    private void revoke(Created share) throws Exception {
        mvc.perform(post("/patient/shares/" + share.id() + "/revoke")
                        .with(user(patient))
                        .with(csrf()))
                .andExpect(status().isFound());
    }

    private org.springframework.test.web.servlet.ResultActions manifest(Link link, String passcode, Integer max)
            throws Exception {
        var body = JSON.createObjectNode().put("recipient", "Dr Lee's clinic app");
        if (passcode != null) {
            body.put("passcode", passcode);
        }
        if (max != null) {
            body.put("embeddedLengthMax", max);
        }
        return mvc.perform(post(link.path())
                .contentType("application/json")
                .content(JSON.writeValueAsString(body))
                .header("User-Agent", "SHL client/1.0")
                .with(from(address)));
    }

    /** A DICOMweb token as an app gets it: the manifest, decrypted, its Endpoint's header. */
    private String token(Created share) throws Exception {
        Link link = issue(share.id());
        String json = manifest(link, share.passcode(), null)
                .andExpect(status().isOk())
                .andReturn()
                .getResponse()
                .getContentAsString();
        String bundle =
                decrypt(JSON.readTree(json).get("files").get(0).get("embedded").asString(), link.key());
        Matcher m = Pattern.compile("Authorization: Bearer ([A-Za-z0-9_-]{43})").matcher(bundle);
        assertThat(m.find()).isTrue();
        return m.group(1);
    }

    private MockHttpServletRequestBuilder dicomweb(String path, String token) {
        return get("/shl/dicomweb" + path)
                .header("Authorization", "Bearer " + token)
                .with(from(address));
    }

    private MockHttpServletRequestBuilder form(String token, String passcode) {
        return post("/s/" + token).with(csrf()).with(from(address)).param("passcode", passcode);
    }

    private static String rendered(String study, String series, String instance) {
        return "/studies/" + study + "/series/" + series + "/instances/" + instance + "/frames/1/rendered";
    }

    private static String decrypt(String compact, String key) throws Exception {
        JWEObject jwe = JWEObject.parse(compact);
        assertThat(jwe.getHeader().getAlgorithm()).isEqualTo(JWEAlgorithm.DIR);
        assertThat(jwe.getHeader().getEncryptionMethod()).isEqualTo(EncryptionMethod.A256GCM);
        assertThat(jwe.getHeader().getContentType()).isEqualTo("application/fhir+json");
        jwe.decrypt(new DirectDecrypter(Base64.getUrlDecoder().decode(key)));
        return jwe.getPayload().toString();
    }

    private static <T extends org.hl7.fhir.r4.model.Resource> List<T> resources(Bundle bundle, Class<T> type) {
        return bundle.getEntry().stream()
                .map(Bundle.BundleEntryComponent::getResource)
                .filter(type::isInstance)
                .map(type::cast)
                .toList();
    }

    private static String bundleUrlOf(Bundle bundle, Class<?> type) {
        return bundle.getEntry().stream()
                .filter(e -> type.isInstance(e.getResource()))
                .findFirst()
                .orElseThrow()
                .getFullUrl();
    }

    private static List<String> validationErrors(String json) {
        var support = new ValidationSupportChain(
                new DefaultProfileValidationSupport(R4),
                new SnapshotGeneratingValidationSupport(R4),
                new InMemoryTerminologyServerValidationSupport(R4),
                new CommonCodeSystemsTerminologyService(R4));
        FhirValidator validator = R4.newValidator().registerValidatorModule(new FhirInstanceValidator(support));
        List<String> errors = new ArrayList<>();
        for (SingleValidationMessage m : validator.validateWithResult(json).getMessages()) {
            if (m.getSeverity().ordinal() >= ResultSeverityEnum.ERROR.ordinal()) {
                errors.add(m.getLocationString() + " " + m.getMessage());
            }
        }
        return errors;
    }

    /** The parts of a multipart/related body, without their headers. */
    private static List<byte[]> parts(byte[] body, String boundary) {
        byte[] delimiter = ("--" + boundary).getBytes(StandardCharsets.US_ASCII);
        List<byte[]> parts = new ArrayList<>();
        int start = indexOf(body, delimiter, 0);
        while (start >= 0) {
            int headerStart = start + delimiter.length;
            if (headerStart + 2 <= body.length && body[headerStart] == '-' && body[headerStart + 1] == '-') {
                break;
            }
            int headersEnd = indexOf(body, "\r\n\r\n".getBytes(StandardCharsets.US_ASCII), headerStart);
            int next = indexOf(body, ("\r\n--" + boundary).getBytes(StandardCharsets.US_ASCII), headersEnd);
            parts.add(Arrays.copyOfRange(body, headersEnd + 4, next));
            start = next + 2;
        }
        return parts;
    }

    private static int indexOf(byte[] data, byte[] pattern, int from) {
        outer:
        for (int i = from; i <= data.length - pattern.length; i++) {
            for (int j = 0; j < pattern.length; j++) {
                if (data[i + j] != pattern[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }

    /** The exact file Orthanc stores for an instance, through Orthanc's own REST API (not DICOMweb). */
    private static byte[] storedFile(String sopInstanceUid) throws Exception {
        URI rest = OrthancSupport.shared().restUrl();
        try (HttpClient http = HttpClient.newHttpClient()) {
            String lookup = http.send(
                            HttpRequest.newBuilder(URI.create(rest + "/tools/lookup"))
                                    .POST(HttpRequest.BodyPublishers.ofString(sopInstanceUid))
                                    .build(),
                            HttpResponse.BodyHandlers.ofString())
                    .body();
            Matcher m = Pattern.compile("\"ID\"\\s*:\\s*\"([0-9a-f-]+)\"").matcher(lookup);
            assertThat(m.find()).as("Orthanc knows " + sopInstanceUid).isTrue();
            return http.send(
                            HttpRequest.newBuilder(URI.create(rest + "/instances/" + m.group(1) + "/file"))
                                    .build(),
                            HttpResponse.BodyHandlers.ofByteArray())
                    .body();
        }
    }

    private static RequestPostProcessor from(String address) {
        return request -> {
            request.setRemoteAddr(address);
            return request;
        };
    }

    /** The share's events of one action (and {@code via}, when given), oldest first: PatientID|study|series|outcome. */
    private List<String> audits(String action, long shareId, String via) {
        return jdbc.sql("""
                        SELECT patient_id || '|' || coalesce(study_uid, 'null') || '|' || coalesce(series_uid, 'null')
                            || '|' || outcome
                        FROM audit_event WHERE action = ? AND details::jsonb ->> 'share' = ?
                            AND (CAST(? AS text) IS NULL OR details::jsonb ->> 'via' = ?)
                        ORDER BY sequence""")
                .params(action, String.valueOf(shareId), via, via)
                .query(String.class)
                .list();
    }
}
