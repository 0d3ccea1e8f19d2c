package org.xrayportal.system.demo;

import com.icegreen.greenmail.util.GreenMail;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Profile;
import org.springframework.core.annotation.Order;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.xrayportal.account.mfa.DemoSecondFactors;

/**
 * Demo only: {@code /demo/mailbox} lists the emails the portal sent, newest first, with working links, and the demo
 * staff's and admin's current second-factor codes. Open to anyone: it exists only in the demo profile.
 */
@Controller
@Profile("demo")
class DemoMailboxController {

    private final GreenMail server;
    private final DemoSecondFactors secondFactors;

    DemoMailboxController(GreenMail server, DemoSecondFactors secondFactors) {
        this.server = server;
        this.secondFactors = secondFactors;
    }

    @GetMapping("/demo/mailbox")
    String mailbox(Model model) {
        model.addAttribute("mails", DemoMailbox.messages(server));
        model.addAttribute("codes", secondFactors.currentCodes());
        return "demo/mailbox";
    }

    /** Ahead of the portal's own chain, for the demo page only (read-only GET, no patient data). */
    @Bean
    @Order(0)
    static SecurityFilterChain demoPagesSecurity(HttpSecurity http) throws Exception {
        return http.securityMatcher("/demo/**")
                .authorizeHttpRequests(requests -> requests.anyRequest().permitAll())
                .headers(headers -> headers.contentSecurityPolicy(csp -> csp.policyDirectives("default-src 'self'")))
                .build();
    }
}
