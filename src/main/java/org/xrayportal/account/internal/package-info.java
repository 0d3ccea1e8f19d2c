/** What several account capabilities share: the accounts repository, the account audit, emailed link tokens, secrets, mail limits. Internal to the module like every sub-package. */
package org.xrayportal.account.internal;
