package org.xrayportal.account.internal;

import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.ResponseStatus;

/** An admin action that cannot be done; mapped to a 4xx page, never a 500. */
@ResponseStatus(HttpStatus.CONFLICT)
public class AccountAdministrationException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private AccountAdministrationException(String message) {
        super(message);
    }

    public static AccountAdministrationException notOnYourself() {
        return new AccountAdministrationException("Admins cannot disable their own account");
    }

    public static AccountAdministrationException emailTaken() {
        return new AccountAdministrationException("email.taken");
    }

    public static AccountAdministrationException notForPatients() {
        return new AccountAdministrationException("admin.accounts.notForPatients");
    }

    /** The message code to show on the form. */
    public String code() {
        return getMessage();
    }

    public static AccountAdministrationException notFound() {
        return new NotFound();
    }

    @ResponseStatus(HttpStatus.NOT_FOUND)
    public static final class NotFound extends AccountAdministrationException {

        private static final long serialVersionUID = 1L;

        NotFound() {
            super("No such account");
        }
    }
}
