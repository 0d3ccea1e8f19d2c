package org.xrayportal.account;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.util.Locale;
import java.util.Optional;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.web.servlet.LocaleResolver;
import org.xrayportal.system.PortalLanguages;

/**
 * The language each account chose with the switcher (issue 16): pages follow it after sign-in on any device, and
 * emails to the account are composed in it ({@link #of}); English for an account that never chose.
 */
@Service
public class AccountLanguages {

    private final JdbcClient jdbc;
    private final LocaleResolver pages;

    AccountLanguages(JdbcClient jdbc, LocaleResolver pages) {
        this.jdbc = jdbc;
        this.pages = pages;
    }

    /** The language to write to this account in: its choice, else English. */
    public Locale of(long accountId) {
        return stored(accountId).orElse(PortalLanguages.FALLBACK);
    }

    Optional<Locale> stored(long accountId) {
        return jdbc.sql("SELECT language FROM account WHERE id = ?")
                .param(accountId)
                .query(String.class)
                .optional()
                .flatMap(PortalLanguages::supported);
    }

    /** Remembers a choice made with the switcher while signed in. */
    void remember(long accountId, Locale language) {
        PortalLanguages.supported(language.getLanguage())
                .ifPresent(chosen -> jdbc.sql(
                                "UPDATE account SET language = ? WHERE id = ? AND language IS DISTINCT FROM ?")
                        .params(chosen.getLanguage(), accountId, chosen.getLanguage())
                        .update());
    }

    /**
     * At sign-in: a language chosen on this browser is the latest choice and becomes the account's; otherwise the
     * account's choice (made on another device) applies to this browser from now on.
     */
    public void atSignIn(long accountId, HttpServletRequest request, HttpServletResponse response) {
        Optional<Locale> chosenHere = PortalLanguages.chosenInBrowser(request);
        if (chosenHere.isPresent()) {
            remember(accountId, chosenHere.get());
        } else {
            stored(accountId).ifPresent(language -> pages.setLocale(request, response, language));
        }
    }
}
