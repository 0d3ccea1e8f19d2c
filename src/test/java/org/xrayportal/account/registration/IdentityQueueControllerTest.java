package org.xrayportal.account.registration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.Mockito.when;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.user;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.context.bean.override.mockito.MockitoBean;
import org.springframework.test.web.servlet.MockMvc;
import org.xrayportal.account.identity.IdentityVerification;
import org.xrayportal.security.PortalUser;
import org.xrayportal.security.Role;
import org.xrayportal.support.PortalWebMvcTest;

/** The identities-to-verify queue shows birth dates in the reader's language, never as ISO dates. */
@PortalWebMvcTest(IdentityQueueController.class)
class IdentityQueueControllerTest {

    private static final PortalUser STAFF = PortalUser.of(21, "lee@clinic.test", "Lee", Role.STAFF, true, null);

    @Autowired
    MockMvc mvc;

    @MockitoBean
    RegistrationService registration;

    @MockitoBean
    IdentityVerification verification;

    @Test
    void queueWhenEnglishOrSpanishThenBirthDateInThatLanguage() throws Exception {
        oneClaimWaitingThreeDays();

        assertThat(queue("en").select("tbody td").eachText())
                .containsExactly("Sam Self", "29 Feb 1984", "sam@example.test", "3 days", "Check Sam Self");
        assertThat(queue("es").select("tbody td").get(1).text()).isEqualTo("29 feb 1984");
    }

    @Test
    void queueWhenShownThenEachCellCarriesItsColumnNameToStackOnAPhoneLikeTheStudyList() throws Exception {
        oneClaimWaitingThreeDays();

        Document page = queue("en");
        assertThat(page.select("table.stacked-table[role=table] tbody tr[role=row] td[role=cell]")
                        .eachAttr("data-label"))
                .containsExactly("Full name", "Date of birth", "Email address", "Waiting", "Actions");
        assertThat(page.select("table.stacked-table thead th").eachText())
                .containsExactly("Full name", "Date of birth", "Email address", "Waiting", "Actions");
        assertThat(queue("es").select("tbody td").eachAttr("data-label").getLast())
                .isEqualTo("Acciones");
    }

    @Test
    void queueWhenShownThenTheStaffMenuMarksItsIdentityChecksLinkAsTheCurrentPage() throws Exception {
        when(registration.queue()).thenReturn(List.of());

        assertThat(queue("en").select("nav.site-nav a[aria-current]").stream()
                        .map(a -> a.attr("href") + " " + a.attr("aria-current")))
                .containsExactly("/staff/identity-checks page");
    }

    @Test
    void decisionPageWhenShownThenRejectIsASecondaryButtonLikeTheOtherDestructiveDecisions() throws Exception {
        when(registration.pendingClaim(5))
                .thenReturn(new IdentityClaims.Claim(
                        5,
                        "sam@example.test",
                        "Sam Self",
                        LocalDate.of(1984, 2, 29),
                        IdentityClaims.Status.PENDING,
                        Instant.now().minus(Duration.ofDays(1)),
                        null));

        Document page = Jsoup.parse(mvc.perform(get("/staff/identity-checks/5").with(user(STAFF)))
                .andExpect(status().isOk())
                .andReturn()
                .getResponse()
                .getContentAsString());

        var reject = page.select("form[action=/staff/identity-checks/5/reject] button[type=submit]");
        assertThat(reject.eachText()).containsExactly("Reject");
        assertThat(reject.attr("class")).isEqualTo("button-secondary");
        assertThat(page.select(".button-primary").eachText())
                .as("the page's one main action is the PACS lookup")
                .containsExactly("Look up in the PACS");
    }

    private Document queue(String language) throws Exception {
        return Jsoup.parse(mvc.perform(get("/staff/identity-checks")
                        .header("Accept-Language", language)
                        .with(user(STAFF)))
                .andExpect(status().isOk())
                .andReturn()
                .getResponse()
                .getContentAsString());
    }

    private void oneClaimWaitingThreeDays() {
        when(registration.queue())
                .thenReturn(List.of(new IdentityClaims.Claim(
                        5,
                        "sam@example.test",
                        "Sam Self",
                        LocalDate.of(1984, 2, 29),
                        IdentityClaims.Status.PENDING,
                        Instant.now().minus(Duration.ofDays(3).plusHours(1)),
                        null)));
    }
}
