package org.xrayportal.account;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.util.Locale;
import java.util.Optional;
import org.springframework.context.i18n.LocaleContext;
import org.springframework.context.i18n.LocaleContextHolder;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.web.servlet.LocaleResolver;
import org.xrayportal.system.PortalLanguages;

/**
 * The language of each account (issue 16): pages follow it after sign-in on any device, and emails to the account are
 * composed in it ({@link #of}). A patient's new account starts in the language its sign-up page was served in
 * ({@link #takeRequestLanguage}); after that only the person's own choice with the switcher changes it. English for an
 * account with none (staff and admins invited by an admin, until they choose).
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

    /**
     * A new account takes the language the current request is served in (the switcher's choice on this browser, else
     * the browser's Accept-Language, as for the pages), so that its emails are in that language from the first; an
     * account that already has one keeps it. Nothing outside a request.
     */
    public void takeRequestLanguage(long accountId) {
        LocaleContext request = LocaleContextHolder.getLocaleContext();
        Locale served = request == null ? null : request.getLocale();
        if (served == null) {
            return;
        }
        PortalLanguages.supported(served.getLanguage())
                .ifPresent(language -> jdbc.sql("UPDATE account SET language = ? WHERE id = ? AND language IS NULL")
                        .params(language.getLanguage(), accountId)
                        .update());
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
