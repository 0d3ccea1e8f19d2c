package org.xrayportal.account;

/**
 * Implemented by the security feature's principal, so that account screens learn who is signed in without depending
 * on the security feature.
 */
public interface SignedInAccount {

    long accountId();
}
