package org.xrayportal.account.identity;

import java.util.Arrays;
import org.springframework.validation.BindingResult;
import org.xrayportal.account.internal.Secrets;

/** What the staff forms of an identity check share: its refusals as form errors, and the fingerprint of what was shown. */
public final class IdentityChecks {

    private IdentityChecks() {}

    /**
     * A hash of the values the PACS comparison was shown for (each as text, stripped), carried by the form as
     * {@code checked}: issuing or linking needs the very same values.
     */
    public static String fingerprint(Object... shown) {
        return Secrets.sha256(String.join(
                "\n",
                Arrays.stream(shown).map(value -> String.valueOf(value).strip()).toList()));
    }

    public static void reject(IdentityVerification.Result check, BindingResult result) {
        for (var problem : check.problems()) {
            if (result.getFieldType(problem.field()) != null || hasField(result, problem.field())) {
                result.rejectValue(problem.field(), problem.code());
            } else {
                result.reject(problem.code());
            }
        }
    }

    private static boolean hasField(BindingResult result, String field) {
        return result.getTarget() != null
                && java.util.Arrays.stream(result.getTarget().getClass().getRecordComponents())
                        .anyMatch(c -> c.getName().equals(field));
    }
}
