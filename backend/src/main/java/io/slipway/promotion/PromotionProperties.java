package io.slipway.promotion;

import java.time.Duration;


import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * {@code slipway.promotions.*}.
 *
 * @param reconcileInterval how often open promotions are looked at again (gates re-evaluated,
 * soak time passing, alerts clearing)
 * @param healthTimeout how long after the merge Argo CD has to report the target Synced and
 * Healthy before the promotion fails
 * @param leaseDuration how long an instance's claim on a promotion it drives lasts without being
 * renewed (renewed every third of it while the run lasts): with several replicas on one database,
 * how soon another one resumes the promotions of an instance that died
 * @param descriptionInterval the least time between two updates of a promotion's change request
 * description (its gates, checklist and approvals), so a burst of changes costs the forge one call
 */
@ConfigurationProperties("slipway.promotions")
record PromotionProperties(@DefaultValue("PT15S") Duration reconcileInterval,
		@DefaultValue("PT15M") Duration healthTimeout, @DefaultValue("PT30S") Duration leaseDuration,
		@DefaultValue("PT5S") Duration descriptionInterval) {
}
