package org.xrayportal.audit;

import org.springframework.jdbc.core.simple.JdbcClient;

/** Small helpers shared by the audit tests. */
final class AuditTestEvents {

    private AuditTestEvents() {}

    /** A view of one image, with every optional field filled so that the hash covers them all. */
    static AuditEvent view(String marker) {
        return AuditEvent.of(AuditAction.VIEW, AuditOutcome.SUCCESS)
                .actor(42L, "pat@example.test", "PATIENT")
                .clientAddress("192.0.2.10")
                .patient("PID-" + marker, "ISSUER")
                .study("1.2.826.0.1.3680043.2.1125.1." + marker.length())
                .series("1.2.826.0.1.3680043.2.1125.2")
                .instance("1.2.826.0.1.3680043.2.1125.3")
                .detail("marker", marker)
                .detail("frame", 1)
                .build();
    }

    static long lastSequence(JdbcClient jdbc) {
        return jdbc.sql("SELECT coalesce(max(sequence), 0) FROM audit_event")
                .query(Long.class)
                .single();
    }

    static long rowCount(JdbcClient jdbc) {
        return jdbc.sql("SELECT count(*) FROM audit_event").query(Long.class).single();
    }
}
