/**
 * Security: local users, API tokens, roles and the one permission matrix every request is checked against.
 */
@ApplicationModule(displayName = "Security", allowedDependencies = { "audit", "platform" })
@NullMarked
package io.slipway.security;

import org.jspecify.annotations.NullMarked;
import org.springframework.modulith.ApplicationModule;
