package org.xrayportal.account.mfa;

import java.util.List;
import org.springframework.stereotype.Component;
import org.xrayportal.security.PendingSignIn;

/** Tells the filter chain which pages a session waiting for its second factor may reach: the code and enrolment pages. */
@Component
class SecondFactorPages implements PendingSignIn {

    @Override
    public String authority() {
        return MfaPendingAuthentication.AUTHORITY;
    }

    @Override
    public List<String> pages() {
        return List.of(MfaController.VERIFY, MfaController.ENROL);
    }
}
