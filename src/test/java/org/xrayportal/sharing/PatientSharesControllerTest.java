package org.xrayportal.sharing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.anyBoolean;
import static org.mockito.ArgumentMatchers.anyList;
import static org.mockito.ArgumentMatchers.anyLong;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.verifyNoInteractions;
import static org.mockito.Mockito.when;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.user;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.redirectedUrl;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.view;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.context.bean.override.mockito.MockitoBean;
import org.springframework.test.web.servlet.MockMvc;
import org.xrayportal.access.StudyAccessPolicy;
import org.xrayportal.security.PortalUser;
import org.xrayportal.security.Role;
import org.xrayportal.support.PortalWebMvcTest;

/** The patient's share pages through the web layer alone: who may reach them, CSRF, malformed input, sharing off. */
@PortalWebMvcTest(PatientSharesController.class)
class PatientSharesControllerTest {

    private static final PortalUser PATIENT = PortalUser.of(7, "ana@example.test", "Ana", Role.PATIENT, true, null);
    private static final PortalUser STAFF = PortalUser.of(8, "sam@example.test", "Sam", Role.STAFF, true, null);
    private static final String STUDY = "1.2.826.0.1.3680043.8.498.1";

    @Autowired
    MockMvc mvc;

    @MockitoBean
    SharingService sharing;

    @MockitoBean
    StudyAccessPolicy policy;

    @Test
    void formWhenNotSignedInThenRedirectedToSignIn() throws Exception {
        mvc.perform(get("/patient/studies/" + STUDY + "/share"))
                .andExpect(status().isFound())
                .andExpect(redirectedUrl("/login"));
    }

    @Test
    void sharesWhenStaffThenForbidden() throws Exception {
        mvc.perform(get("/patient/shares").with(user(STAFF))).andExpect(status().isForbidden());
        mvc.perform(get("/patient/studies/" + STUDY + "/share").with(user(STAFF)))
                .andExpect(status().isForbidden());
    }

    @Test
    void formWhenSharingTurnedOffThenSharingOffPageAndNoStudyLookup() throws Exception {
        when(sharing.settings()).thenReturn(settings(false));

        mvc.perform(get("/patient/studies/" + STUDY + "/share").with(user(PATIENT)))
                .andExpect(status().isConflict())
                .andExpect(view().name("sharing/off"))
                .andExpect(content().string(containsString("<h1>Your clinic has turned sharing off</h1>")));
        mvc.perform(get("/patient/shares/new").with(user(PATIENT)))
                .andExpect(status().isConflict())
                .andExpect(view().name("sharing/off"));
        mvc.perform(post("/patient/shares")
                        .with(user(PATIENT))
                        .with(csrf())
                        .param("study", STUDY)
                        .param("recipient", "Dr Lee")
                        .param("expiry", "7d"))
                .andExpect(status().isConflict())
                .andExpect(view().name("sharing/off"));
        mvc.perform(post("/patient/shares/3/passcode").with(user(PATIENT)).with(csrf()))
                .andExpect(status().isConflict())
                .andExpect(view().name("sharing/off"));
        verifyNoInteractions(policy);
        verify(sharing, never()).create(any(), anyList(), any(), any(), anyBoolean());
        verify(sharing, never()).renewPasscode(any(), anyLong());
    }

    @Test
    void formWhenMalformedStudyUidThenBadRequest() throws Exception {
        when(sharing.settings()).thenReturn(settings(true));

        mvc.perform(get("/patient/studies/1.2.abc/share").with(user(PATIENT))).andExpect(status().isBadRequest());
        verifyNoInteractions(policy);
    }

    @Test
    void createWhenNoCsrfTokenThenForbiddenAndNothingCreated() throws Exception {
        mvc.perform(post("/patient/shares")
                        .with(user(PATIENT))
                        .param("study", STUDY)
                        .param("recipient", "Dr Lee")
                        .param("expiry", "7d"))
                .andExpect(status().isForbidden());
        verify(sharing, never()).create(any(), anyList(), any(), any(), anyBoolean());
    }

    @Test
    void createWhenNoStudyTickedThenFormAgainWithErrorSummary() throws Exception {
        when(sharing.settings()).thenReturn(settings(true));
        when(sharing.properties()).thenReturn(properties(true));

        mvc.perform(post("/patient/shares")
                        .with(user(PATIENT))
                        .with(csrf())
                        .param("_study", "on")
                        .param("recipient", "Dr Lee")
                        .param("expiry", "7d"))
                .andExpect(status().isUnprocessableContent())
                .andExpect(view().name("sharing/form"))
                .andExpect(content().string(containsString("id=\"error-summary\"")))
                .andExpect(content()
                        .string(containsString("<a href=\"#study\">Please choose at least one study to share.</a>")));
        verify(sharing, never()).create(any(), anyList(), any(), any(), anyBoolean());
    }

    @Test
    void createWhenAStudyUidIsMalformedOrTooManyThenBadRequest() throws Exception {
        when(sharing.settings()).thenReturn(settings(true));

        mvc.perform(post("/patient/shares")
                        .with(user(PATIENT))
                        .with(csrf())
                        .param("study", STUDY, "1.2.x")
                        .param("recipient", "Dr Lee")
                        .param("expiry", "7d"))
                .andExpect(status().isBadRequest());
        String[] many = new String[51];
        for (int i = 0; i < many.length; i++) {
            many[i] = STUDY + "." + i;
        }
        mvc.perform(post("/patient/shares")
                        .with(user(PATIENT))
                        .with(csrf())
                        .param("study", many)
                        .param("recipient", "Dr Lee")
                        .param("expiry", "7d"))
                .andExpect(status().isBadRequest());
        verifyNoInteractions(policy);
        verify(sharing, never()).create(any(), anyList(), any(), any(), anyBoolean());
    }

    @Test
    void renewPasscodeWhenIdIsNotANumberOrNoCsrfThenRefused() throws Exception {
        mvc.perform(post("/patient/shares/x1/passcode").with(user(PATIENT)).with(csrf()))
                .andExpect(status().isBadRequest());
        mvc.perform(post("/patient/shares/1/passcode").with(user(PATIENT))).andExpect(status().isForbidden());
        mvc.perform(post("/patient/shares/1/passcode").with(user(STAFF)).with(csrf()))
                .andExpect(status().isForbidden());
        verify(sharing, never()).renewPasscode(any(), anyLong());
    }

    @Test
    void sharesWhenPasscodeAndBirthDateSharesThenEachSmartHealthLinkHintNamesWhatThatShareAsksFor() throws Exception {
        when(sharing.settings()).thenReturn(settings(true));
        when(sharing.sharesOf(7))
                .thenReturn(List.of(summary(1, SecondFactor.PASSCODE), summary(2, SecondFactor.BIRTH_DATE)));

        String html = mvc.perform(get("/patient/shares").with(user(PATIENT)))
                .andExpect(status().isOk())
                .andReturn()
                .getResponse()
                .getContentAsString();

        Document page = Jsoup.parse(html);
        assertThat(page.select("#share-1 .shl-issue .hint").text())
                .isEqualTo("For a clinician whose app reads SMART Health Links: a new link to this share; the app asks"
                        + " for the share's passcode.");
        assertThat(page.select("#share-2 .shl-issue .hint").text())
                .isEqualTo("For a clinician whose app reads SMART Health Links: a new link to this share; the app asks"
                        + " for your date of birth.");
    }

    @Test
    void sharesWhenAShareWasOpenedThenItsAccessTableScrollsInItsOwnRegionOnAPhone() throws Exception {
        when(sharing.settings()).thenReturn(settings(true));
        var opened = summary(1, SecondFactor.PASSCODE);
        when(sharing.sharesOf(7))
                .thenReturn(List.of(new SharingService.Summary(
                        opened.share(),
                        opened.status(),
                        List.of(new Share.Access(
                                Instant.parse("2026-11-29T10:02:00Z"), Share.Access.Kind.OPENED, Device.PHONE)))));

        Document page = Jsoup.parse(mvc.perform(get("/patient/shares").with(user(PATIENT)))
                .andExpect(status().isOk())
                .andReturn()
                .getResponse()
                .getContentAsString());

        var region = page.select("#share-1 div.table-scroll[role=region][tabindex=0]");
        assertThat(region.select("> table.share-accesses")).hasSize(1);
        assertThat(region.attr("aria-label")).isEqualTo(region.select("caption").text());
    }

    @Test
    void revokeWhenIdIsNotANumberThenBadRequest() throws Exception {
        mvc.perform(post("/patient/shares/12x/revoke").with(user(PATIENT)).with(csrf()))
                .andExpect(status().isBadRequest());
        mvc.perform(post("/patient/shares/1/revoke").with(user(PATIENT))).andExpect(status().isForbidden());
        verify(sharing, never()).revoke(any(), anyLong());
    }

    private static SharingService.Summary summary(long id, SecondFactor factor) {
        Instant created = Instant.now().minus(Duration.ofDays(1));
        Share share = new Share(
                id,
                7,
                "Dr Lee",
                factor,
                "hash",
                false,
                created,
                created.plus(Duration.ofDays(30)),
                null,
                0,
                null,
                null,
                List.of(STUDY));
        return new SharingService.Summary(share, Share.Status.ACTIVE, List.of());
    }

    private static SharingSettings settings(boolean enabled) {
        return new SharingSettings(
                enabled, Duration.ofDays(30), SharingSettings.Download.OFF_BY_DEFAULT, SecondFactor.PASSCODE);
    }

    private static SharingProperties properties(boolean enabled) {
        return new SharingProperties(enabled, null, null, null, null, null, null, null, null, null);
    }
}
