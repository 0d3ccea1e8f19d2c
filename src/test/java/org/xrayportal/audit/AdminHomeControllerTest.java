package org.xrayportal.audit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.user;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import org.jsoup.Jsoup;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.web.servlet.MockMvc;
import org.xrayportal.security.PortalUser;
import org.xrayportal.security.Role;
import org.xrayportal.support.PortalWebMvcTest;

/** The admin's landing page through the web layer alone: it reaches every admin screen. */
@PortalWebMvcTest(AdminHomeController.class)
class AdminHomeControllerTest {

    private static final PortalUser ADMIN = PortalUser.of(9, "ada@example.test", "Ada", Role.ADMIN, true, null);
    private static final PortalUser STAFF = PortalUser.of(8, "sam@example.test", "Sam", Role.STAFF, true, null);

    @Autowired
    MockMvc mvc;

    @Test
    void homeWhenAdminThenLinksEveryAdminScreenTermsAndNoticeTextsIncluded() throws Exception {
        String html = mvc.perform(get("/admin").with(user(ADMIN)))
                .andExpect(status().isOk())
                .andReturn()
                .getResponse()
                .getContentAsString();

        assertThat(Jsoup.parse(html).select("main li > a[href]").stream().map(a -> a.attr("href") + " " + a.text()))
                .containsExactly(
                        "/admin/audit Audit trail",
                        "/admin/audit/downloads Downloads",
                        "/admin/audit/integrity Verify trail",
                        "/admin/consent Terms of access",
                        "/admin/texts Notice and help",
                        "/admin/accounts Manage accounts",
                        "/admin/mail Outgoing email",
                        "/admin/sharing Patients sharing images");
    }

    @Test
    void homeWhenShownThenTheMenuMarksHomeAndNoOtherLinkAsTheCurrentPage() throws Exception {
        var page = Jsoup.parse(mvc.perform(get("/admin").with(user(ADMIN)))
                .andExpect(status().isOk())
                .andReturn()
                .getResponse()
                .getContentAsString());

        assertThat(page.select("nav.site-nav a").eachAttr("href")).hasSize(9);
        assertThat(page.select("nav.site-nav a[aria-current]").stream()
                        .map(a -> a.attr("href") + " " + a.attr("aria-current")))
                .containsExactly("/admin page");
    }

    @Test
    void homeWhenStaffThenForbidden() throws Exception {
        mvc.perform(get("/admin").with(user(STAFF))).andExpect(status().isForbidden());
    }
}
