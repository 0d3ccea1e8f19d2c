package org.xrayportal.account.password;

import java.util.Objects;
import org.springframework.validation.BindingResult;

/** Small helpers shared by the account forms. */
public final class Forms {

    private Forms() {}

    public static void requireConfirmation(BindingResult result, String field, String value, String confirmation) {
        if (!result.hasFieldErrors(field) && value != null && !Objects.equals(value, confirmation)) {
            result.rejectValue(field, "password.mismatch");
        }
    }

    public static void reject(BindingResult result, PasswordRejectedException e) {
        result.rejectValue(
                e.field(), e.code(), new Object[] {PasswordPolicy.MIN_LENGTH, PasswordPolicy.MAX_LENGTH}, null);
    }
}
