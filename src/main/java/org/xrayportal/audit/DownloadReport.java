package org.xrayportal.audit;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.xrayportal.system.ProblemException;

/**
 * Downloads per period from the export events (PS3.15 110106) that downloads write: how many were started, the bytes
 * that left, and how many ended in anything but success, grouped by patient or by the account that downloaded.
 */
@Service
class DownloadReport {

    enum GroupBy {
        PATIENT("patient_id, issuer_of_patient_id"),
        USER("actor_id, actor_name");

        final String columns;

        GroupBy(String columns) {
            this.columns = columns;
        }
    }

    /** Sort orders the report offers; each maps to a fixed SQL ORDER BY (never text from the request). */
    enum Sort {
        DOWNLOADS("downloads DESC, key1"),
        BYTES("bytes DESC, key1"),
        FAILURES("failures DESC, key1"),
        NAME("key1, key2");

        final String orderBy;

        Sort(String orderBy) {
            this.orderBy = orderBy;
        }

        static Sort parse(String value) {
            if (value == null || value.isBlank()) {
                return DOWNLOADS;
            }
            try {
                return valueOf(value.strip().toUpperCase(Locale.ROOT));
            } catch (IllegalArgumentException e) {
                throw ProblemException.badRequest("audit.error.sort");
            }
        }
    }

    /** One line: who (a patient identity, or an account id and name), count, bytes, failures. */
    record Line(String key1, String key2, long downloads, long bytes, long failures) {}

    private final JdbcClient jdbc;

    DownloadReport(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    List<Line> report(GroupBy groupBy, Instant from, Instant to, Sort sort) {
        String[] columns = groupBy.columns.split(", ");
        return jdbc.sql("SELECT " + columns[0] + "::text AS key1, " + columns[1] + " AS key2, "
                        + """
                        count(*) FILTER (WHERE d->>'phase' = 'started') AS downloads,
                        coalesce(sum((d->>'bytes')::bigint) FILTER (WHERE d->>'phase' = 'finished'), 0) AS bytes,
                        count(*) FILTER (WHERE outcome <> 0) AS failures
                        FROM (SELECT *, details::jsonb AS d FROM audit_event
                              WHERE action = 'EXPORT' AND occurred_at >= ? AND occurred_at < ?) e
                        GROUP BY 1, 2 ORDER BY"""
                        + " " + sort.orderBy)
                .params(Timestamp.from(from), Timestamp.from(to))
                .query((rs, n) -> new Line(
                        rs.getString("key1"),
                        rs.getString("key2"),
                        rs.getLong("downloads"),
                        rs.getLong("bytes"),
                        rs.getLong("failures")))
                .list();
    }
}
