package org.xrayportal.account.identity;

import org.springframework.validation.BindingResult;

/** Turns an identity check's refusals into form errors. */
public final class IdentityChecks {

    private IdentityChecks() {}

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
