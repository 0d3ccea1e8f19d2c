package org.xrayportal.audit;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Consumer;
import java.util.function.Supplier;
import javax.sql.DataSource;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.RowCallbackHandler;
import org.springframework.stereotype.Service;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.support.TransactionTemplate;
import tools.jackson.databind.json.JsonMapper;

/**
 * Reads the audit trail: paged searches for the console, cursor-streamed reads for exports (constant memory however
 * long the range), and the counts other features need (download rate limits). Read-only; writing is {@link AuditLog}.
 */
@Service
public class AuditTrail {

    static final int FETCH_SIZE = 500;
    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final String COLUMNS = """
            sequence, occurred_at, action, action_code, outcome, actor_id, actor_name, actor_role, client_address,
            patient_id, issuer_of_patient_id, study_uid, series_uid, instance_uid, details, previous_hash, hash""";

    private final JdbcTemplate jdbc;
    private final TransactionTemplate readOnly;
    private final TransactionTemplate serialized;

    AuditTrail(DataSource dataSource, PlatformTransactionManager transactionManager) {
        this.jdbc = new JdbcTemplate(dataSource);
        // PostgreSQL streams rows only inside a transaction with a fetch size; otherwise it reads the whole result.
        this.jdbc.setFetchSize(FETCH_SIZE);
        this.readOnly = new TransactionTemplate(transactionManager);
        readOnly.setReadOnly(true);
        readOnly.setPropagationBehavior(TransactionDefinition.PROPAGATION_REQUIRES_NEW);
        this.serialized = new TransactionTemplate(transactionManager);
    }

    /**
     * Runs {@code work} in one transaction that holds the audit chain's lock, the one every append takes: a count
     * read inside it and an event {@link AuditLog#record recorded} inside it happen together, with no other append in
     * between (on any node). Used for limits that must hold under concurrent requests; keep the work short.
     */
    public <T> T withAppendsHeld(Supplier<T> work) {
        return serialized.execute(status -> {
            jdbc.queryForList("SELECT pg_advisory_xact_lock(?)", JdbcAuditLog.CHAIN_LOCK);
            return work.get();
        });
    }

    /**
     * Like {@link #countByActorSince}, but leaves out events whose outcome was later recorded as a failure: an event
     * counts unless an event of the same action by the same actor, sharing its value of the detail {@code
     * correlation} (e.g. a download id), has an outcome other than success. A started download thus counts while it
     * runs and once it completed, and stops counting when it failed or was cut.
     */
    public long countNotFailedByActorSince(
            long actorId, AuditAction action, Map<String, String> details, String correlation, Instant since) {
        Long count = jdbc.queryForObject(
                """
                SELECT count(*) FROM audit_event s
                WHERE s.actor_id = ? AND s.action = ? AND s.occurred_at >= ? AND s.details::jsonb @> ?::jsonb
                  AND NOT EXISTS (
                    SELECT 1 FROM audit_event f
                    WHERE f.actor_id = s.actor_id AND f.action = s.action AND f.occurred_at >= s.occurred_at
                      AND f.outcome <> 0 AND f.details::jsonb ->> ? = s.details::jsonb ->> ?)
                """,
                Long.class,
                actorId,
                action.name(),
                Timestamp.from(since),
                JSON.writeValueAsString(details),
                correlation,
                correlation);
        return count == null ? 0 : count;
    }

    /** One page of a search, newest first. */
    public record Page(List<StoredAuditEvent> events, int page, int size, long total) {

        public boolean hasNext() {
            return (long) (page + 1) * size < total;
        }

        public boolean hasPrevious() {
            return page > 0;
        }

        public long pages() {
            return Math.max(1, (total + size - 1) / size);
        }
    }

    Page search(AuditCriteria criteria, int page, int size) {
        if (page < 0 || size < 1 || size > 500) {
            throw new IllegalArgumentException("page must be >= 0 and size 1..500");
        }
        Where where = where(criteria);
        Long total = jdbc.queryForObject("SELECT count(*) FROM audit_event" + where.sql, Long.class, where.args());
        List<Object> args = new ArrayList<>(where.params);
        args.add(size);
        args.add((long) page * size);
        List<StoredAuditEvent> rows = jdbc.query(
                "SELECT " + COLUMNS + " FROM audit_event" + where.sql + " ORDER BY sequence DESC LIMIT ? OFFSET ?",
                (rs, n) -> AuditIntegrity.read(rs),
                args.toArray());
        return new Page(rows, page, size, total == null ? 0 : total);
    }

    /**
     * One identity's events, newest first, matching the issuer exactly (no issuer matches only events without one),
     * so that a patient never sees events of the same PatientID under another issuing authority.
     */
    public Page patientHistory(String patientId, String issuer, int page, int size) {
        if (page < 0 || size < 1 || size > 500) {
            throw new IllegalArgumentException("page must be >= 0 and size 1..500");
        }
        String where = " WHERE patient_id = ? AND issuer_of_patient_id IS NOT DISTINCT FROM ?";
        Long total = jdbc.queryForObject("SELECT count(*) FROM audit_event" + where, Long.class, patientId, issuer);
        List<StoredAuditEvent> rows = jdbc.query(
                "SELECT " + COLUMNS + " FROM audit_event" + where + " ORDER BY sequence DESC LIMIT ? OFFSET ?",
                (rs, n) -> AuditIntegrity.read(rs),
                patientId,
                issuer,
                size,
                (long) page * size);
        return new Page(rows, page, size, total == null ? 0 : total);
    }

    /**
     * One line of a patient's access history: a single event; a visit to a study, which starts when the study page is
     * opened (a VIEW with {@code view=study}) and takes every series view that follows by the same account for the
     * same study until the page is opened again; or a download, its start and its end (EXPORT events with the same
     * {@code download} id). {@code event} is a visit's first event and a download's last (its end, with the outcome,
     * once written); {@code firstAt} and {@code lastAt} the times of the line's first and last events; {@code
     * seriesViewed} how many series views a visit holds.
     */
    public record HistoryEntry(
            StoredAuditEvent event, boolean visit, Instant firstAt, Instant lastAt, int seriesViewed) {

        /** A download (picture or study ZIP) whose end is recorded as complete. */
        public boolean downloadFinished() {
            return download()
                    && "finished".equals(event.detailEntries().get("phase"))
                    && event.outcomeValue() == AuditOutcome.SUCCESS;
        }

        /**
         * A download whose start is recorded and whose end is not, or was cut (client gone, shutdown): the patient's
         * history says it did not finish rather than "Success" or "Refused".
         */
        public boolean downloadUnfinished() {
            return download() && !downloadFinished();
        }

        private boolean download() {
            return "EXPORT".equals(event.action()) && event.detailEntries().containsKey("download");
        }
    }

    /** One page of a patient's history, newest first. */
    public record HistoryPage(List<HistoryEntry> entries, int page, int size, long total) {

        public boolean hasNext() {
            return (long) (page + 1) * size < total;
        }

        public boolean hasPrevious() {
            return page > 0;
        }

        public long pages() {
            return Math.max(1, (total + size - 1) / size);
        }
    }

    // Each event's group: a successful study or series VIEW belongs to the latest study opening by the same account
    // for the same study (its sequence); the start and end of one download (EXPORT, same download id) are one group
    // (the start's sequence); every other event is a group of its own.
    private static final String HISTORY_GROUPS = """
            WITH e AS (
                SELECT sequence, occurred_at, actor_id, study_uid, details,
                       (action = 'VIEW' AND outcome = 0
                        AND details::jsonb ->> 'view' IN ('study', 'series')) AS visit_event,
                       CASE WHEN action = 'EXPORT' THEN details::jsonb ->> 'download' END AS download
                FROM audit_event
                WHERE patient_id = ? AND issuer_of_patient_id IS NOT DISTINCT FROM ?
            ), g AS (
                SELECT sequence, occurred_at, details,
                       CASE WHEN visit_event THEN coalesce(
                           max(CASE WHEN details::jsonb ->> 'view' = 'study' THEN sequence END)
                               OVER (PARTITION BY actor_id, study_uid, visit_event ORDER BY sequence),
                           sequence)
                            WHEN download IS NOT NULL THEN min(sequence) OVER (PARTITION BY download)
                            ELSE sequence END AS grp,
                       download IS NOT NULL AS download_event
                FROM e
            )
            """;

    /**
     * One identity's history with a visit to a study as one entry (see {@link HistoryEntry}), newest first by the
     * entry's last event; the issuer must match exactly, as in {@link #patientHistory}.
     */
    public HistoryPage patientVisits(String patientId, String issuer, int page, int size) {
        if (page < 0 || size < 1 || size > 500) {
            throw new IllegalArgumentException("page must be >= 0 and size 1..500");
        }
        return readOnly.execute(status -> {
            Long total = jdbc.queryForObject(
                    HISTORY_GROUPS + "SELECT count(DISTINCT grp) FROM g", Long.class, patientId, issuer);
            // A visit is shown by its first event, a download by its last (the end, with its outcome).
            record Group(long shown, Instant firstAt, Instant lastAt, int series) {}
            List<Group> groups = jdbc.query(
                    HISTORY_GROUPS + """
                            SELECT CASE WHEN bool_or(download_event) THEN max(sequence) ELSE grp END AS shown,
                                   min(occurred_at) AS first_at, max(occurred_at) AS last_at,
                                   count(*) FILTER (WHERE details::jsonb ->> 'view' = 'series') AS series
                            FROM g GROUP BY grp ORDER BY max(sequence) DESC LIMIT ? OFFSET ?
                            """,
                    (rs, n) -> new Group(
                            rs.getLong("shown"),
                            rs.getTimestamp("first_at").toInstant(),
                            rs.getTimestamp("last_at").toInstant(),
                            rs.getInt("series")),
                    patientId,
                    issuer,
                    size,
                    (long) page * size);
            Map<Long, StoredAuditEvent> shownEvents = new HashMap<>();
            if (!groups.isEmpty()) {
                jdbc.query(
                        "SELECT " + COLUMNS + " FROM audit_event WHERE sequence = ANY (?)",
                        (RowCallbackHandler) rs -> {
                            StoredAuditEvent event = AuditIntegrity.read(rs);
                            shownEvents.put(event.sequence(), event);
                        },
                        (Object) groups.stream().map(Group::shown).toArray(Long[]::new));
            }
            List<HistoryEntry> entries = groups.stream()
                    .map(g -> {
                        StoredAuditEvent shown = shownEvents.get(g.shown());
                        return new HistoryEntry(shown, opensAStudy(shown), g.firstAt(), g.lastAt(), g.series());
                    })
                    .toList();
            return new HistoryPage(entries, page, size, total == null ? 0 : total);
        });
    }

    private static boolean opensAStudy(StoredAuditEvent event) {
        return "VIEW".equals(event.action())
                && event.outcome() == AuditOutcome.SUCCESS.indicator()
                && event.details() != null
                && "study".equals(JSON.readTree(event.details()).path("view").asString(null));
    }

    /** Every matching event, oldest first, handed over one at a time from a database cursor. */
    void stream(AuditCriteria criteria, Consumer<StoredAuditEvent> consumer) {
        Where where = where(criteria);
        readOnly.executeWithoutResult(status -> jdbc.query(
                "SELECT " + COLUMNS + " FROM audit_event" + where.sql + " ORDER BY sequence",
                (RowCallbackHandler) rs -> consumer.accept(AuditIntegrity.read(rs)),
                where.args()));
    }

    /**
     * How many events of {@code action} the account caused since {@code since} whose details contain all of {@code
     * details} (e.g. {@code phase=started}).
     */
    public long countByActorSince(long actorId, AuditAction action, Map<String, String> details, Instant since) {
        Long count = jdbc.queryForObject(
                """
                SELECT count(*) FROM audit_event
                WHERE actor_id = ? AND action = ? AND occurred_at >= ? AND details::jsonb @> ?::jsonb
                """, Long.class, actorId, action.name(), Timestamp.from(since), JSON.writeValueAsString(details));
        return count == null ? 0 : count;
    }

    /** The highest sequence number written so far, 0 for an empty trail. */
    public long lastSequence() {
        Long last = jdbc.queryForObject("SELECT coalesce(max(sequence), 0) FROM audit_event", Long.class);
        return last == null ? 0 : last;
    }

    private record Where(String sql, List<Object> params) {
        Object[] args() {
            return params.toArray();
        }
    }

    private static Where where(AuditCriteria c) {
        List<String> clauses = new ArrayList<>();
        List<Object> params = new ArrayList<>();
        if (c.patientId() != null) {
            clauses.add("patient_id = ?");
            params.add(c.patientId());
        }
        if (c.issuerOfPatientId() != null) {
            clauses.add("issuer_of_patient_id = ?");
            params.add(c.issuerOfPatientId());
        }
        if (c.actor() != null) {
            if (c.actor().matches("[0-9]{1,18}")) {
                clauses.add("(actor_id = ? OR lower(actor_name) = ?)");
                params.add(Long.parseLong(c.actor()));
            } else {
                clauses.add("lower(actor_name) = ?");
            }
            params.add(c.actor().toLowerCase(Locale.ROOT));
        }
        if (c.action() != null) {
            clauses.add("action = ?");
            params.add(c.action().name());
        }
        if (c.outcome() != null) {
            clauses.add("outcome = ?");
            params.add(c.outcome().indicator());
        }
        if (c.from() != null) {
            clauses.add("occurred_at >= ?");
            params.add(Timestamp.from(c.from()));
        }
        if (c.to() != null) {
            clauses.add("occurred_at < ?");
            params.add(Timestamp.from(c.to()));
        }
        return new Where(clauses.isEmpty() ? "" : " WHERE " + String.join(" AND ", clauses), params);
    }
}
