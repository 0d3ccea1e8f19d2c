package org.xrayportal.access;

import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.anyInt;
import static org.mockito.ArgumentMatchers.anyLong;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.verifyNoInteractions;
import static org.mockito.Mockito.when;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.user;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.flash;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.redirectedUrl;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.view;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.context.bean.override.mockito.MockitoBean;
import org.springframework.test.web.servlet.MockMvc;
import org.xrayportal.account.Actor;
import org.xrayportal.security.PortalUser;
import org.xrayportal.security.Role;
import org.xrayportal.support.PortalWebMvcTest;

/** The staff queue and a decision through the web layer alone: roles, paging bounds, filters, CSRF, the redirect. */
@PortalWebMvcTest(StaffRequestsController.class)
class StaffRequestsControllerTest {

    private static final PortalUser STAFF = PortalUser.of(21, "lee@clinic.test", "Lee", Role.STAFF, true, null);
    private static final PortalUser PATIENT = PortalUser.of(7, "ana@example.test", "Ana", Role.PATIENT, true, null);

    @Autowired
    MockMvc mvc;

    @MockitoBean
    AccessService access;

    @MockitoBean
    IdentityComparison identities;

    @Test
    void queueWhenPatientThenForbidden() throws Exception {
        mvc.perform(get("/staff/requests").with(user(PATIENT))).andExpect(status().isForbidden());
        verifyNoInteractions(access);
    }

    @Test
    void queueWhenStaffThenTheQueueOfSubmittedRequestsFirstPage() throws Exception {
        when(access.queue(any(), anyInt(), anyInt())).thenReturn(new AccessService.QueuePage(List.of(), 0, 20, 0));
        mvc.perform(get("/staff/requests").with(user(STAFF)))
                .andExpect(status().isOk())
                .andExpect(view().name("access/staff-queue"));
        verify(access).queue(AccessRequest.Status.SUBMITTED, 0, StaffRequestsController.PAGE_SIZE);
    }

    @Test
    void queueWhenPageNegativeOrBeyondTheLastPossibleThen400AndNoQuery() throws Exception {
        mvc.perform(get("/staff/requests").param("page", "-1").with(user(STAFF)))
                .andExpect(status().isBadRequest());
        mvc.perform(get("/staff/requests").param("page", "107374183").with(user(STAFF)))
                .andExpect(status().isBadRequest());
        verifyNoInteractions(access);
    }

    @Test
    void queueWhenStatusUnknownThen400() throws Exception {
        mvc.perform(get("/staff/requests").param("status", "APPROVED;DROP").with(user(STAFF)))
                .andExpect(status().isBadRequest());
        verifyNoInteractions(access);
    }

    @Test
    void denyWhenNoCsrfTokenThenForbiddenAndNothingDecided() throws Exception {
        mvc.perform(post("/staff/requests/5/deny")
                        .param("reason", "Not your study")
                        .with(user(STAFF)))
                .andExpect(status().isForbidden());
        verifyNoInteractions(access);
    }

    @Test
    void denyWhenPatientThenForbiddenAndNothingDecided() throws Exception {
        mvc.perform(post("/staff/requests/5/deny")
                        .param("reason", "Not your study")
                        .with(user(PATIENT))
                        .with(csrf()))
                .andExpect(status().isForbidden());
        verifyNoInteractions(access);
    }

    @Test
    void denyWhenReasonGivenThenDeniedByThisStaffMemberAndBackToTheRequestWithAConfirmation() throws Exception {
        mvc.perform(post("/staff/requests/5/deny")
                        .param("reason", "Not your study")
                        .with(user(STAFF))
                        .with(csrf()))
                .andExpect(status().isFound())
                .andExpect(redirectedUrl("/staff/requests/5"))
                .andExpect(flash().attribute("flash", "access.flash.denied"));
        verify(access).deny(new Actor(21, "lee@clinic.test", Role.STAFF, "127.0.0.1"), 5, "Not your study");
    }

    @Test
    void denyWhenIdNotANumberThen400AndNothingDecided() throws Exception {
        mvc.perform(post("/staff/requests/five/deny")
                        .param("reason", "Not your study")
                        .with(user(STAFF))
                        .with(csrf()))
                .andExpect(status().isBadRequest());
        verifyNoInteractions(access);
    }

    @Test
    void revokeWhenRequestIdMissingThen400AndNothingRevoked() throws Exception {
        mvc.perform(post("/staff/grants/9/revoke")
                        .param("reason", "Asked by the patient")
                        .with(user(STAFF))
                        .with(csrf()))
                .andExpect(status().isBadRequest());
        verify(access, never()).revoke(any(), anyLong(), any());
    }
}
