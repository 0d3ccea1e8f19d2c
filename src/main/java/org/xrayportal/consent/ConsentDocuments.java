package org.xrayportal.consent;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

@Repository
class ConsentDocuments {

    private static final String COLUMNS = "version, title, body, effective_from, published_at";

    private final JdbcClient jdbc;

    ConsentDocuments(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** The newest version whose effective date has come. */
    Optional<ConsentDocument> inEffectAt(Instant now) {
        return jdbc.sql("SELECT " + COLUMNS
                        + " FROM consent_document WHERE effective_from <= ? ORDER BY version DESC LIMIT 1")
                .param(Timestamp.from(now))
                .query(ConsentDocuments::map)
                .optional();
    }

    Optional<ConsentDocument> find(int version) {
        return jdbc.sql("SELECT " + COLUMNS + " FROM consent_document WHERE version = ?")
                .param(version)
                .query(ConsentDocuments::map)
                .optional();
    }

    List<ConsentDocument> all() {
        return jdbc.sql("SELECT " + COLUMNS + " FROM consent_document ORDER BY version DESC")
                .query(ConsentDocuments::map)
                .list();
    }

    /** Locks the table against concurrent publishing, so two admins cannot both publish "the next" version. */
    int nextVersionLocked() {
        jdbc.sql("LOCK TABLE consent_document IN SHARE ROW EXCLUSIVE MODE").update();
        return jdbc.sql("SELECT coalesce(max(version), 0) + 1 FROM consent_document")
                .query(Integer.class)
                .single();
    }

    void insert(int version, String title, String body, Instant effectiveFrom, Instant publishedAt, long publishedBy) {
        jdbc.sql("""
                        INSERT INTO consent_document (version, title, body, effective_from, published_at, published_by)
                        VALUES (?, ?, ?, ?, ?, ?)
                        """)
                .params(version, title, body, Timestamp.from(effectiveFrom), Timestamp.from(publishedAt), publishedBy)
                .update();
    }

    /** That version's title and text in {@code language}, if a translation was published with it. */
    Optional<ConsentDocument> translated(ConsentDocument document, String language) {
        return jdbc.sql("SELECT title, body FROM consent_document_translation WHERE version = ? AND language = ?")
                .params(document.version(), language)
                .query((rs, row) -> new ConsentDocument(
                        document.version(),
                        rs.getString("title"),
                        rs.getString("body"),
                        document.effectiveFrom(),
                        document.publishedAt()))
                .optional();
    }

    void insertTranslation(int version, String language, String title, String body) {
        jdbc.sql("INSERT INTO consent_document_translation (version, language, title, body) VALUES (?, ?, ?, ?)")
                .params(version, language, title, body)
                .update();
    }

    private static ConsentDocument map(ResultSet rs, int row) throws SQLException {
        return new ConsentDocument(
                rs.getInt("version"),
                rs.getString("title"),
                rs.getString("body"),
                rs.getTimestamp("effective_from").toInstant(),
                rs.getTimestamp("published_at").toInstant());
    }
}
