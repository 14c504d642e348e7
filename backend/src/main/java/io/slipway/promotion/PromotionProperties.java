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
 */
@ConfigurationProperties("slipway.promotions")
record PromotionProperties(@DefaultValue("PT15S") Duration reconcileInterval,
		@DefaultValue("PT15M") Duration healthTimeout) {
}
