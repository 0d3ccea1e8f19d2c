package org.xrayportal.account;

import org.springframework.boot.context.properties.ConfigurationProperties;

/** @param password the demo accounts' password; empty means a new random one at every start */
@ConfigurationProperties("portal.demo.accounts")
record DemoAccountsProperties(String password) {}
