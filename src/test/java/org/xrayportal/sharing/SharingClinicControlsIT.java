package org.xrayportal.sharing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.not;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.user;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.redirectedUrl;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.view;
import static org.xrayportal.support.Actors.actor;
import static org.xrayportal.viewer.ViewerFixtures.study;

import jakarta.servlet.http.Cookie;
import java.time.Instant;
import java.time.LocalDate;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.webmvc.test.autoconfigure.AutoConfigureMockMvc;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.context.annotation.Import;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.TestPropertySource;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.MvcResult;
import org.springframework.test.web.servlet.request.MockHttpServletRequestBuilder;
import org.xrayportal.access.AccessRequest;
import org.xrayportal.access.AccessScope;
import org.xrayportal.access.AccessService;
import org.xrayportal.account.AccountDisabled;
import org.xrayportal.imaging.demo.DemoStudies;
import org.xrayportal.security.PortalUser;
import org.xrayportal.security.Role;
import org.xrayportal.support.MutableClock;
import org.xrayportal.support.PortalWithPacsTest;
import org.xrayportal.support.TestClockConfiguration;
import org.xrayportal.viewer.ViewerFixtures;

/**
 * The clinic's choices (issue 19, Deliver 1 and 5): the patient's birth date as the second factor instead of a
 * passcode, a shorter maximum expiry, downloads ticked by default; and a disabled account ends its shares.
 */
@PortalWithPacsTest
@AutoConfigureMockMvc
@Import({ViewerFixtures.class, TestClockConfiguration.class})
@TestPropertySource(
        properties = {
            "portal.sharing.second-factor=birth-date",
            "portal.sharing.max-expiry=3d",
            "portal.sharing.download-default=true"
        })
class SharingClinicControlsIT {

    static final String KNEE = study("mueller-knee-2024");
    static final String ADDRESS = "203.0.113.7";

    @Autowired
    MockMvc mvc;

    @Autowired
    ViewerFixtures fixtures;

    @Autowired
    AccessService access;

    @Autowired
    JdbcClient jdbc;

    @Autowired
    MutableClock clock;

    @Autowired
    ApplicationEventPublisher events;

    PortalUser patient;

    @BeforeEach
    void setUp() {
        clock.set(Instant.parse("2026-11-02T09:00:00Z"));
        patient = fixtures.consentingPatient(DemoStudies.MUELLER);
        jdbc.sql("UPDATE patient_identity_link SET verified_birth_date = ? WHERE account_id = ?")
                .params(LocalDate.of(1958, 3, 14), patient.id())
                .update();
        PortalUser staff = fixtures.user(Role.STAFF);
        AccessRequest request =
                access.submit(actor(patient, "192.0.2.1"), AccessScope.allStudies(), null, AccessRequest.Format.VIEW);
        access.approve(actor(staff, "192.0.2.1"), request.id(), AccessScope.allStudies(), null, true);
    }

    @Test
    void birthDateIsTheSecondFactorAndTheFormFollowsTheClinicsLimits() throws Exception {
        mvc.perform(get("/patient/studies/" + KNEE + "/share").with(user(patient)))
                .andExpect(status().isOk())
                .andExpect(content().string(containsString("value=\"3d\" selected")))
                .andExpect(content().string(not(containsString("value=\"7d\""))))
                .andExpect(content().string(containsString("checked=\"checked\"")))
                .andExpect(content().string(containsString("your date of birth as well as the link")));
        mvc.perform(create("7d")).andExpect(status().isUnprocessableContent());

        MvcResult created = mvc.perform(create("3d"))
                .andExpect(status().isOk())
                .andExpect(view().name("sharing/created"))
                .andExpect(content().string(containsString("You will be asked for the patient&#39;s date of birth.")))
                .andReturn();
        String link = (String) created.getModelAndView().getModel().get("link");
        assertThat(created.getModelAndView().getModel().get("passcode")).isNull();
        String token = link.substring(link.lastIndexOf('/') + 1);
        assertThat(jdbc.sql("SELECT second_factor || '|' || (passcode_hash IS NULL) || '|' || allow_download"
                                + " FROM share WHERE token_hash = ?")
                        .param(ShareSecrets.hash(token))
                        .query(String.class)
                        .single())
                .isEqualTo("BIRTH_DATE|true|true");

        mvc.perform(get("/s/" + token))
                .andExpect(status().isOk())
                .andExpect(content().string(containsString("id=\"birthDate\"")));
        mvc.perform(answer(token, "1958-03-15")).andExpect(status().isUnprocessableContent());
        mvc.perform(answer(token, "14/03/1958")).andExpect(status().isUnprocessableContent());
        mvc.perform(answer(token, "1958-03-14")).andExpect(status().isFound()).andExpect(redirectedUrl("/s/view"));
    }

    @Test
    void disablingTheAccountEndsItsShares() throws Exception {
        MvcResult created = mvc.perform(create("1d")).andExpect(status().isOk()).andReturn();
        String link = (String) created.getModelAndView().getModel().get("link");
        String token = link.substring(link.lastIndexOf('/') + 1);
        String setCookie = mvc.perform(answer(token, "1958-03-14"))
                .andExpect(status().isFound())
                .andReturn()
                .getResponse()
                .getHeader("Set-Cookie");
        Cookie session = new Cookie(
                RecipientController.COOKIE, setCookie.substring(setCookie.indexOf('=') + 1, setCookie.indexOf(';')));
        mvc.perform(get("/s/view").cookie(session)).andExpect(status().isOk());

        events.publishEvent(new AccountDisabled(patient.id(), patient.email()));

        mvc.perform(get("/s/view").cookie(session)).andExpect(status().isNotFound());
        mvc.perform(get("/s/" + token)).andExpect(status().isNotFound()).andExpect(view().name("sharing/ended"));
    }

    private MockHttpServletRequestBuilder create(String expiry) {
        return post("/patient/shares")
                .with(user(patient))
                .with(csrf())
                .param("study", KNEE)
                .param("recipient", "Dr Lee")
                .param("expiry", expiry)
                .param("download", "true");
    }

    private static MockHttpServletRequestBuilder answer(String token, String birthDate) {
        return post("/s/" + token)
                .with(csrf())
                .with(request -> {
                    request.setRemoteAddr(ADDRESS);
                    return request;
                })
                .param("birthDate", birthDate);
    }
}
