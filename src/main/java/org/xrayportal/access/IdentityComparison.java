package org.xrayportal.access;

import java.time.LocalDate;
import java.util.List;
import org.springframework.stereotype.Component;
import org.xrayportal.account.AccountService;
import org.xrayportal.account.LinkedIdentity;
import org.xrayportal.account.PacsPatientLookup;
import org.xrayportal.account.PacsPatientLookup.PacsPatient;
import org.xrayportal.shared.PersonNames;

/**
 * The access-request page's identity panel (issue 10): the account's claimed identity (its name and verified birth
 * date) beside what the PACS holds for its linked identity. Approval needs the PACS to hold exactly that one identity
 * with the verified birth date (or, for a link made before that check existed, exactly that identity), or no study yet
 * for a link made on that explicit choice. A differing name is marked but
 * does not block: it was compared when the link was made, where a written reason was required and audited.
 */
@Component
class IdentityComparison {

    private final AccountService accounts;
    private final PacsPatientLookup lookup;

    IdentityComparison(AccountService accounts, PacsPatientLookup lookup) {
        this.accounts = accounts;
        this.lookup = lookup;
    }

    record Comparison(
            LinkedIdentity link,
            String claimedName,
            List<PacsPatient> pacs,
            PacsPatient entry,
            boolean nameMatches,
            boolean birthDateMatches,
            boolean approvable) {

        public String pacsName() {
            return entry == null ? null : PersonNames.readable(entry.name());
        }

        /** The name row's verdict: the PACS having nothing to compare with is not a mismatch. */
        public Check nameCheck() {
            return check(entry == null || (entry.name() != null && !entry.name().isBlank()), nameMatches);
        }

        /** The birth date row's verdict, told apart the same way. */
        public Check birthDateCheck() {
            return check(entry == null || entry.birthDate() != null, birthDateMatches);
        }

        private Check check(boolean recorded, boolean matches) {
            if (pacs.isEmpty()) {
                return Check.NOT_IN_PACS;
            }
            if (!recorded) {
                return Check.NOT_RECORDED;
            }
            return matches ? Check.MATCH : Check.MISMATCH;
        }
    }

    /**
     * What one row of the comparison says: the values match, differ, the PACS holds no study of the identity yet, or
     * its study does not record that detail.
     */
    enum Check {
        MATCH,
        MISMATCH,
        NOT_IN_PACS,
        NOT_RECORDED
    }

    Comparison compare(long accountId, long staffId) {
        String claimedName =
                accounts.findById(accountId).map(a -> a.displayName()).orElse("");
        var link = accounts.linkOf(accountId).orElse(null);
        if (link == null) {
            return new Comparison(null, claimedName, List.of(), null, false, false, false);
        }
        List<PacsPatient> pacs = lookup.find(link.identity(), staffId);
        if (pacs.isEmpty()) {
            return new Comparison(link, claimedName, pacs, null, false, false, link.noStudyYet());
        }
        PacsPatient entry = pacs.size() == 1 ? pacs.getFirst() : null;
        if (entry == null) {
            return new Comparison(link, claimedName, pacs, null, false, false, false);
        }
        boolean nameMatches = PersonNames.sameName(claimedName, entry.name());
        LocalDate verified = link.verifiedBirthDate();
        boolean birthDateMatches = verified != null
                && entry.birthDate() != null
                && !entry.birthDatesDiffer()
                && verified.equals(entry.birthDate());
        // A link older than the PACS check has no verified birth date: approvable when the PACS holds exactly that one
        // identity (the access policy cannot re-check its studies' birth dates; V41 filled the date where it could).
        boolean approvable = birthDateMatches || (verified == null && !entry.birthDatesDiffer());
        return new Comparison(link, claimedName, pacs, entry, nameMatches, birthDateMatches, approvable);
    }
}
