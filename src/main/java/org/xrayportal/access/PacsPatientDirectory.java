package org.xrayportal.access;

import java.util.List;
import org.springframework.stereotype.Component;
import org.springframework.web.context.request.RequestContextHolder;
import org.springframework.web.context.request.ServletRequestAttributes;
import org.xrayportal.account.AccountService;
import org.xrayportal.account.PacsPatientLookup;
import org.xrayportal.audit.AuditAction;
import org.xrayportal.audit.AuditEvent;
import org.xrayportal.audit.AuditLog;
import org.xrayportal.audit.AuditOutcome;
import org.xrayportal.imaging.PacsGateway;
import org.xrayportal.shared.PatientIdentity;

/**
 * The account feature's PACS patient lookup, over the gateway. Every identity the PACS returns is audited as a query
 * (DICOM 110112) by the staff member under that exact identity, before its demographics are shown, so that each
 * patient's own timeline shows who looked them up; a lookup that finds nothing is audited under the identity typed.
 */
@Component
class PacsPatientDirectory implements PacsPatientLookup {

    private final PacsGateway pacs;
    private final AuditLog auditLog;
    private final AccountService accounts;

    PacsPatientDirectory(PacsGateway pacs, AuditLog auditLog, AccountService accounts) {
        this.pacs = pacs;
        this.auditLog = auditLog;
        this.accounts = accounts;
    }

    @Override
    public List<PacsPatient> find(PatientIdentity identity, long staffId) {
        var found = pacs.findPatients(identity).stream()
                .map(p -> new PacsPatient(
                        p.identity(),
                        p.name(),
                        p.birthDate(),
                        p.sex(),
                        p.numberOfStudies(),
                        p.latestStudyDate(),
                        p.birthDatesDiffer()))
                .toList();
        var staff = accounts.findById(staffId).orElseThrow();
        if (found.isEmpty()) {
            auditLog.record(query(staff, identity).detail("found", 0).build());
        }
        for (PacsPatient patient : found) {
            auditLog.record(query(staff, patient.identity())
                    .detail("lookup", "patient-demographics")
                    .build());
        }
        return found;
    }

    private static AuditEvent.Builder query(org.xrayportal.account.Account staff, PatientIdentity identity) {
        return AuditEvent.of(AuditAction.QUERY, AuditOutcome.SUCCESS)
                .actor(staff.id(), staff.email(), staff.role().name())
                .clientAddress(clientAddress())
                .patient(identity.patientId(), identity.issuer());
    }

    private static String clientAddress() {
        return RequestContextHolder.getRequestAttributes() instanceof ServletRequestAttributes attributes
                ? attributes.getRequest().getRemoteAddr()
                : null;
    }
}
