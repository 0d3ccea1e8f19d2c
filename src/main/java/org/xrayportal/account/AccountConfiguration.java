package org.xrayportal.account;

import java.util.Optional;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.xrayportal.shared.PatientIdentity;

@Configuration(proxyBeanMethods = false)
class AccountConfiguration {

    /** Stands in until the imaging feature provides a {@link PacsPatientLookup} backed by the PACS gateway. */
    @Bean
    @ConditionalOnMissingBean(PacsPatientLookup.class)
    PacsPatientLookup noPacsPatientLookup() {
        return new PacsPatientLookup() {
            @Override
            public boolean available() {
                return false;
            }

            @Override
            public Optional<PacsPatient> find(PatientIdentity identity) {
                return Optional.empty();
            }
        };
    }
}
