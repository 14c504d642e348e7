package io.slipway;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;

/**
 * Slipway: a GitOps control plane that writes the infra repository, reads Argo CD and reads the
 * cluster. Each direct sub-package is one application module (see docs/architecture.md).
 */
@SpringBootApplication
@ConfigurationPropertiesScan
public class ControlPlaneApplication {

	// Spring Boot warms up servlet message converters, Jackson 2, XML and Bean Validation on a
	// background thread. Slipway needs none of the first three, and on a small machine that
	// thread takes a core from start-up rather than using an idle one (docs/benchmarks.md).
	private static final int BACKGROUND_PREINITIALIZATION_MIN_CORES = 4;

	public static void main(String[] args) {
		if (Runtime.getRuntime().availableProcessors() < BACKGROUND_PREINITIALIZATION_MIN_CORES) {
			System.setProperty("spring.backgroundpreinitializer.ignore", "true");
		}
		SpringApplication.run(ControlPlaneApplication.class, args);
	}

}
