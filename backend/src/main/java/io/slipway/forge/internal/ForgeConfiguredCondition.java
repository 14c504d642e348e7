package io.slipway.forge.internal;

import io.slipway.forge.ForgeProperties;
import org.springframework.boot.autoconfigure.condition.ConditionOutcome;
import org.springframework.boot.autoconfigure.condition.SpringBootCondition;
import org.springframework.boot.context.properties.bind.BindException;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.context.annotation.ConditionContext;
import org.springframework.core.type.AnnotatedTypeMetadata;

/**
 * Matches when {@code slipway.forge.type} names a forge. Binds the value the way
 * {@link ForgeProperties} does, so {@code GitHub}, {@code github} and {@code GITHUB} all count.
 */
class ForgeConfiguredCondition extends SpringBootCondition {

	@Override
	public ConditionOutcome getMatchOutcome(ConditionContext context, AnnotatedTypeMetadata metadata) {
		ForgeProperties.Type type;
		try {
			type = Binder.get(context.getEnvironment())
				.bind("slipway.forge.type", ForgeProperties.Type.class)
				.orElse(ForgeProperties.Type.NONE);
		}
		catch (BindException ex) {
			// let ForgeProperties report the bad value with its own failure analysis
			return ConditionOutcome.match("slipway.forge.type is not a known forge");
		}
		return (type != ForgeProperties.Type.NONE) ? ConditionOutcome.match("slipway.forge.type is " + type.key())
				: ConditionOutcome.noMatch("slipway.forge.type is none");
	}

}
