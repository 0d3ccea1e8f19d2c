package org.xrayportal.viewer;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** The viewer's light/dark choice of each account; dark unless the patient chose light. */
@Repository
class ViewerPreferences {

    enum Theme {
        DARK,
        LIGHT
    }

    private final JdbcClient jdbc;

    ViewerPreferences(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    Theme themeOf(long accountId) {
        return jdbc.sql("SELECT theme FROM viewer_preference WHERE account_id = ?")
                .param(accountId)
                .query(String.class)
                .optional()
                .map(Theme::valueOf)
                .orElse(Theme.DARK);
    }

    void choose(long accountId, Theme theme) {
        jdbc.sql("""
                        INSERT INTO viewer_preference (account_id, theme) VALUES (?, ?)
                        ON CONFLICT (account_id) DO UPDATE SET theme = EXCLUDED.theme, updated_at = now()
                        """).params(accountId, theme.name()).update();
    }
}
