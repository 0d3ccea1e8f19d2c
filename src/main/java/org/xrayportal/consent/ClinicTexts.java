package org.xrayportal.consent;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.util.List;
import java.util.Optional;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

@Repository
class ClinicTexts {

    private static final String COLUMNS = "kind, language, version, title, summary, body, published_at";

    private final JdbcClient jdbc;

    ClinicTexts(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** The newest published version of that kind in that language. */
    Optional<ClinicText> newest(ClinicText.Kind kind, String language) {
        return jdbc.sql("SELECT " + COLUMNS
                        + " FROM clinic_text WHERE kind = ? AND language = ? ORDER BY version DESC LIMIT 1")
                .params(kind.name(), language)
                .query(ClinicTexts::map)
                .optional();
    }

    List<ClinicText> versions(ClinicText.Kind kind, String language) {
        return jdbc.sql("SELECT " + COLUMNS + " FROM clinic_text WHERE kind = ? AND language = ? ORDER BY version DESC")
                .params(kind.name(), language)
                .query(ClinicTexts::map)
                .list();
    }

    /** Locks the table against concurrent publishing, so two admins cannot both publish "the next" version. */
    int nextVersionLocked(ClinicText.Kind kind, String language) {
        jdbc.sql("LOCK TABLE clinic_text IN SHARE ROW EXCLUSIVE MODE").update();
        return jdbc.sql("SELECT coalesce(max(version), 0) + 1 FROM clinic_text WHERE kind = ? AND language = ?")
                .params(kind.name(), language)
                .query(Integer.class)
                .single();
    }

    void insert(ClinicText text, long publishedBy) {
        jdbc.sql("""
                        INSERT INTO clinic_text (kind, language, version, title, summary, body, published_at, published_by)
                        VALUES (?, ?, ?, ?, ?, ?, ?, ?)
                        """)
                .params(
                        text.kind().name(),
                        text.language(),
                        text.version(),
                        text.title(),
                        text.summary(),
                        text.body(),
                        Timestamp.from(text.publishedAt()),
                        publishedBy)
                .update();
    }

    private static ClinicText map(ResultSet rs, int row) throws SQLException {
        return new ClinicText(
                ClinicText.Kind.valueOf(rs.getString("kind")),
                rs.getString("language"),
                rs.getInt("version"),
                rs.getString("title"),
                rs.getString("summary"),
                rs.getString("body"),
                rs.getTimestamp("published_at").toInstant());
    }
}
