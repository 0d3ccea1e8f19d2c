package org.xrayportal.account.identity;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.stereotype.Service;
import org.xrayportal.account.PacsPatientLookup;
import org.xrayportal.shared.InvalidIdentityException;
import org.xrayportal.shared.PatientIdentity;
import org.xrayportal.shared.PersonNames;

/**
 * The identity check behind issuing an activation code and linking a self-registered account (DESIGN.md invariant 1):
 * what staff typed or the patient claimed, against what the PACS holds for that exact identity. Rules, in order:
 * the identity follows the LO rules; the PACS must know the PatientID (unless staff explicitly chose "no study in the
 * PACS yet"); where it holds the PatientID under several issuers, staff must pick one; the link always takes the
 * PACS's own issuer; the birth date must equal the PACS's exactly; a name that differs needs a written reason; and no
 * existing link may cover any part of the identity.
 */
@Service
public class IdentityVerification {

    /** What staff ask for. {@code nameReason} may be blank; {@code noStudyYet} is the explicit choice. */
    public record Request(
            String patientId,
            String issuer,
            String claimedName,
            LocalDate claimedBirthDate,
            boolean noStudyYet,
            String nameReason) {

        public String reason() {
            return nameReason == null || nameReason.isBlank() ? null : nameReason.strip();
        }
    }

    /** A refused rule: the form field it belongs to and its message key. */
    public record Problem(String field, String code) {}

    /**
     * The outcome, shown to staff before anything is issued or linked.
     *
     * @param resolved the identity that would be linked (the PACS's own issuer), null when none can be
     * @param matched the PACS entry the claim was compared with, null when there is none (or several)
     */
    public record Result(
            List<PacsPatientLookup.PacsPatient> pacs,
            PacsPatientLookup.PacsPatient matched,
            PatientIdentity resolved,
            boolean nameMatches,
            boolean noStudyYet,
            List<Problem> problems) {

        public boolean passed() {
            return problems.isEmpty() && resolved != null;
        }

        public String readableName() {
            return matched == null ? null : PersonNames.readable(matched.name());
        }
    }

    private final PacsPatientLookup lookup;
    private final IdentityLinks links;

    public IdentityVerification(PacsPatientLookup lookup, IdentityLinks links) {
        this.lookup = lookup;
        this.links = links;
    }

    @PreAuthorize("hasRole('STAFF')")
    public Result check(Request request, long staffId) {
        List<Problem> problems = new ArrayList<>();
        PatientIdentity typed;
        try {
            typed = new PatientIdentity(request.patientId() == null ? "" : request.patientId(), request.issuer());
        } catch (InvalidIdentityException e) {
            String field = e.field() == InvalidIdentityException.Field.PATIENT_ID ? "patientId" : "issuerOfPatientId";
            return new Result(List.of(), null, null, false, false, List.of(new Problem(field, e.code())));
        }
        List<PacsPatientLookup.PacsPatient> pacs = lookup.find(typed, staffId);
        if (pacs.isEmpty()) {
            if (!request.noStudyYet()) {
                problems.add(new Problem("patientId", "identity.check.notInPacs"));
                return new Result(pacs, null, null, false, false, problems);
            }
            if (links.overlapsExisting(typed)) {
                problems.add(new Problem("patientId", "activation.alreadyLinked"));
            }
            return new Result(pacs, null, typed, true, true, problems);
        }
        if (pacs.size() > 1) {
            problems.add(new Problem("issuerOfPatientId", "identity.check.pickIssuer"));
            return new Result(pacs, null, null, false, false, problems);
        }
        var matched = pacs.getFirst();
        if (matched.birthDatesDiffer()) {
            problems.add(new Problem("birthDate", "identity.check.pacsBirthDatesDiffer"));
        } else if (matched.birthDate() == null) {
            problems.add(new Problem("birthDate", "identity.check.noBirthDateInPacs"));
        } else if (!matched.birthDate().equals(request.claimedBirthDate())) {
            problems.add(new Problem("birthDate", "identity.check.birthDateDiffers"));
        }
        boolean nameMatches = PersonNames.sameName(request.claimedName(), matched.name());
        if (!nameMatches && request.reason() == null) {
            problems.add(new Problem("nameReason", "identity.check.nameReasonRequired"));
        }
        if (links.overlapsExisting(matched.identity())) {
            problems.add(new Problem("patientId", "activation.alreadyLinked"));
        }
        return new Result(pacs, matched, matched.identity(), nameMatches, false, problems);
    }
}
