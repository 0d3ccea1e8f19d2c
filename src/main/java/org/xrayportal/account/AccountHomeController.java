package org.xrayportal.account;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.time.Clock;
import java.time.ZoneId;
import java.util.Optional;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;
import org.xrayportal.security.CurrentUser;
import org.xrayportal.security.PortalUser;

/** "Your account": password, sessions, second factor and the time zone times are shown in, for every role. */
@Controller
class AccountHomeController {

    private final AccountService accounts;
    private final AccountTimeZones timeZones;
    private final Clock clock;

    AccountHomeController(AccountService accounts, AccountTimeZones timeZones, Clock clock) {
        this.accounts = accounts;
        this.timeZones = timeZones;
        this.clock = clock;
    }

    @GetMapping("/account")
    String home(@CurrentUser PortalUser user, Model model) {
        model.addAttribute("zone", timeZones.of(user.id()).getId());
        return page(user, model);
    }

    @PostMapping("/account/time-zone")
    String changeTimeZone(
            @CurrentUser PortalUser user,
            @RequestParam(name = "zone", required = false) String zone,
            HttpServletRequest request,
            HttpServletResponse response,
            Model model,
            RedirectAttributes redirect) {
        Optional<ZoneId> chosen = AccountTimeZones.parse(zone);
        if (chosen.isEmpty()) {
            response.setStatus(HttpStatus.UNPROCESSABLE_CONTENT.value());
            model.addAttribute("zone", timeZones.of(user.id()).getId());
            model.addAttribute("zoneError", true);
            return page(user, model);
        }
        timeZones.change(user.id(), chosen.get(), request);
        redirect.addFlashAttribute("message", "account.timeZone.changed");
        return "redirect:/account";
    }

    private String page(PortalUser user, Model model) {
        model.addAttribute("account", accounts.findById(user.id()).orElseThrow());
        model.addAttribute("regions", timeZones.regions(clock.instant()));
        model.addAttribute("now", clock.instant());
        return "account/home";
    }
}
