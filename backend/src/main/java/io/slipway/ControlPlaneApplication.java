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

	public static void main(String[] args) {
		SpringApplication.run(ControlPlaneApplication.class, args);
	}

}
