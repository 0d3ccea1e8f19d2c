package org.xrayportal.account.password;

/** A password change or choice that was refused; {@link #field()} and {@link #code()} go on the form. */
public class PasswordRejectedException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final String field;
    private final String code;

    private PasswordRejectedException(String field, String code) {
        super(code);
        this.field = field;
        this.code = code;
    }

    static PasswordRejectedException wrongCurrentPassword() {
        return new PasswordRejectedException("currentPassword", "password.currentWrong");
    }

    public static PasswordRejectedException forPolicy(String field, String code) {
        return new PasswordRejectedException(field, code);
    }

    public String field() {
        return field;
    }

    public String code() {
        return code;
    }
}
