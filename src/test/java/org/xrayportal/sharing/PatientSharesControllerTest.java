package org.xrayportal.sharing;

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
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.redirectedUrl;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

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
    void formWhenSharingTurnedOffThenNotFound() throws Exception {
        when(sharing.properties()).thenReturn(properties(false));

        mvc.perform(get("/patient/studies/" + STUDY + "/share").with(user(PATIENT)))
                .andExpect(status().isNotFound());
        verifyNoInteractions(policy);
    }

    @Test
    void formWhenMalformedStudyUidThenBadRequest() throws Exception {
        when(sharing.properties()).thenReturn(properties(true));

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
    void createWhenNoStudyThenBadRequest() throws Exception {
        when(sharing.properties()).thenReturn(properties(true));

        mvc.perform(post("/patient/shares")
                        .with(user(PATIENT))
                        .with(csrf())
                        .param("recipient", "Dr Lee")
                        .param("expiry", "7d"))
                .andExpect(status().isBadRequest());
        verify(sharing, never()).create(any(), anyList(), any(), any(), anyBoolean());
    }

    @Test
    void revokeWhenIdIsNotANumberThenBadRequest() throws Exception {
        mvc.perform(post("/patient/shares/12x/revoke").with(user(PATIENT)).with(csrf()))
                .andExpect(status().isBadRequest());
        mvc.perform(post("/patient/shares/1/revoke").with(user(PATIENT))).andExpect(status().isForbidden());
        verify(sharing, never()).revoke(any(), anyLong());
    }

    private static SharingProperties properties(boolean enabled) {
        return new SharingProperties(enabled, null, null, null, null, null, null, null, null, null);
    }
}
