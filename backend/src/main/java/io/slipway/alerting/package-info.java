/**
 * Alerting: reads firing alerts from Alertmanager's API v2 ({@code slipway.alertmanager.url}). A
 * leaf adapter: depends on no domain module. Not configured means "unknown", never "no alerts".
 */
@ApplicationModule(displayName = "Alerting", allowedDependencies = {})
@NullMarked
package io.slipway.alerting;

import org.jspecify.annotations.NullMarked;
import org.springframework.modulith.ApplicationModule;
