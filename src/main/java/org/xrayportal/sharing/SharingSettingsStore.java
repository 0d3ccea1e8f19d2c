package org.xrayportal.sharing;

import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/**
 * The admin's sharing controls (V76), read on every request that depends on them (one primary-key lookup), so a change
 * takes effect at once on every node; without a row, the configuration's.
 */
@Repository
class SharingSettingsStore {

    private final JdbcClient jdbc;
    private final SharingProperties properties;

    SharingSettingsStore(JdbcClient jdbc, SharingProperties properties) {
        this.jdbc = jdbc;
        this.properties = properties;
    }

    SharingSettings current() {
        return jdbc.sql("SELECT enabled, max_expiry_hours, download, second_factor FROM sharing_settings WHERE id = 1")
                .query((rs, row) -> new SharingSettings(
                        rs.getBoolean(1),
                        Duration.ofHours(rs.getInt(2)),
                        SharingSettings.Download.valueOf(rs.getString(3)),
                        SecondFactor.valueOf(rs.getString(4))))
                .optional()
                .orElseGet(() -> SharingSettings.of(properties));
    }

    void save(SharingSettings settings, long adminId, Instant now) {
        jdbc.sql("""
                        INSERT INTO sharing_settings (id, enabled, max_expiry_hours, download, second_factor,
                            changed_at, changed_by)
                        VALUES (1, ?, ?, ?, ?, ?, ?)
                        ON CONFLICT (id) DO UPDATE SET enabled = EXCLUDED.enabled,
                            max_expiry_hours = EXCLUDED.max_expiry_hours, download = EXCLUDED.download,
                            second_factor = EXCLUDED.second_factor, changed_at = EXCLUDED.changed_at,
                            changed_by = EXCLUDED.changed_by""")
                .params(
                        settings.enabled(),
                        (int) settings.maxExpiry().toHours(),
                        settings.download().name(),
                        settings.secondFactor().name(),
                        Timestamp.from(now),
                        adminId)
                .update();
    }
}
