package io.slipway.platform;

import java.nio.file.Path;
import java.util.Map;

import org.springframework.boot.EnvironmentPostProcessor;
import org.springframework.boot.SpringApplication;
import org.springframework.core.Ordered;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.MapPropertySource;

/**
 * Resolves {@code slipway.data-dir} to an absolute path once, before anything reads it. H2 refuses
 * implicitly relative file paths ({@code data/db} must be written {@code ./data/db}), and the Git
 * adapter and the database must agree on one directory whatever the working directory.
 */
class DataDirectoryEnvironmentPostProcessor implements EnvironmentPostProcessor, Ordered {

	static final String KEY = "slipway.data-dir";

	@Override
	public void postProcessEnvironment(ConfigurableEnvironment environment, SpringApplication application) {
		String configured = environment.getProperty(KEY, "./data");
		String absolute = Path.of(configured).toAbsolutePath().normalize().toString();
		environment.getPropertySources().addFirst(new MapPropertySource("slipwayDataDir", Map.of(KEY, absolute)));
	}

	@Override
	public int getOrder() {
		// After config data (application.yml, environment variables) has been loaded.
		return Ordered.LOWEST_PRECEDENCE;
	}

}
