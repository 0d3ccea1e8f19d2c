package org.xrayportal.account;

import java.time.LocalDate;
import java.util.Collection;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/** Names and verified birth dates of many accounts in one query, for staff lists (no lookup per row). */
@Component
class PatientSummaries {

    private final JdbcClient jdbc;

    PatientSummaries(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    Map<Long, PatientSummary> of(Collection<Long> accountIds) {
        if (accountIds.isEmpty()) {
            return Map.of();
        }
        return jdbc
                .sql("""
                        SELECT a.id, a.display_name, l.verified_birth_date
                        FROM account a LEFT JOIN patient_identity_link l ON l.account_id = a.id
                        WHERE a.id IN (:ids)
                        """)
                .param("ids", Set.copyOf(accountIds))
                .query((rs, n) -> new PatientSummary(rs.getLong(1), rs.getString(2), rs.getObject(3, LocalDate.class)))
                .list()
                .stream()
                .collect(Collectors.toMap(PatientSummary::accountId, Function.identity()));
    }
}
