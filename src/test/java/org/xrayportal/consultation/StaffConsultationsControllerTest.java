package org.xrayportal.consultation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.verifyNoInteractions;
import static org.mockito.Mockito.when;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.user;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.view;

import java.util.List;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.context.bean.override.mockito.MockitoBean;
import org.springframework.test.web.servlet.MockMvc;
import org.xrayportal.security.PortalUser;
import org.xrayportal.security.Role;
import org.xrayportal.support.PortalWebMvcTest;

/** The staff consultation queue's status filter through the web layer alone. */
@PortalWebMvcTest(StaffConsultationsController.class)
class StaffConsultationsControllerTest {

    private static final PortalUser STAFF = PortalUser.of(8, "sam@example.test", "Sam", Role.STAFF, true, null);

    @Autowired
    MockMvc mvc;

    @MockitoBean
    ConsultationService consultations;

    @Test
    void queueWhenStatusUnknownThen400SayingTheFilterIsUnknown() throws Exception {
        String page = mvc.perform(
                        get("/staff/consultations").param("status", "BOGUS").with(user(STAFF)))
                .andExpect(status().isBadRequest())
                .andExpect(view().name("error/problem"))
                .andReturn()
                .getResponse()
                .getContentAsString();
        Document html = Jsoup.parse(page);
        assertThat(html.selectFirst("h1").text()).isEqualTo("That could not be done");
        assertThat(html.selectFirst("main p").text()).isEqualTo("Unknown status filter.");
        assertThat(html.selectFirst("main p a").attr("href")).isEqualTo("/staff/consultations");
        verifyNoInteractions(consultations);
    }

    @Test
    void queueWhenStatusKnownThenThatStatusOnly() throws Exception {
        when(consultations.queue(any())).thenReturn(List.of());
        mvc.perform(get("/staff/consultations").param("status", "ANSWERED").with(user(STAFF)))
                .andExpect(status().isOk())
                .andExpect(view().name("consultation/staff-queue"));
        verify(consultations).queue(List.of(Consultation.Status.ANSWERED));
    }

    @Test
    void queueWhenNoStatusThenWaitingAndTaken() throws Exception {
        when(consultations.queue(any())).thenReturn(List.of());
        mvc.perform(get("/staff/consultations").with(user(STAFF))).andExpect(status().isOk());
        verify(consultations).queue(List.of(Consultation.Status.OPEN, Consultation.Status.IN_PROGRESS));
    }
}
