package io.slipway;

import java.io.IOException;
import java.net.URL;
import java.nio.file.Path;
import java.security.CodeSource;
import java.util.Optional;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.util.ClassUtils;

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

	// The jar carries bean definitions computed when it was built (Spring AOT), which saves
	// parsing configuration classes and evaluating conditions at every start. Only a run from the
	// jar uses them, because only there were they generated from exactly the code beside them: a
	// run from a class directory (tests, an IDE) may find generated classes an earlier build left
	// behind. -Dspring.aot.enabled=false turns them off.
	private static final String AOT_ENABLED = "spring.aot.enabled";

	private static final String AOT_INITIALIZER = ControlPlaneApplication.class.getName()
			+ "__ApplicationContextInitializer";

	public static void main(String[] args) throws Exception {
		// `java -jar slipway.jar` cannot pass the JVM flags a quick start needs: when the build
		// (or an operator) prepared the server JVM's layout beside the jar, this JVM only
		// launches that one (docs/adr/0002-launcher-jvm-with-class-data-sharing.md)
		ServerLauncher.Mode mode = ServerLauncher.Mode.of(System::getProperty, System.getenv());
		Optional<Path> jar = ServerLauncher.startedJar();
		if (mode == ServerLauncher.Mode.PREPARE) {
			ServerLayout layout = new ServerLayout(jar.orElseThrow(
					() -> new IllegalStateException("-Dslipway.launcher=prepare needs java -jar <the executable jar>")));
			layout.prepare();
			System.out.println("slipway: prepared " + layout.directory());
			return;
		}
		if (mode == ServerLauncher.Mode.AUTO && jar.isPresent()) {
			ServerLayout layout = new ServerLayout(jar.get());
			if (layout.isPreparedForJar()) {
				System.exit(ServerLauncher.run(ServerLauncher.serverCommand(layout.jvmOptions(), layout.applicationJar(), args)));
			}
		}
		String parentPid = System.getProperty(ServerLauncher.PARENT_PID);
		if (parentPid != null) {
			ServerLauncher.exitWithParent(Long.parseLong(parentPid));
		}
		if (Runtime.getRuntime().availableProcessors() < BACKGROUND_PREINITIALIZATION_MIN_CORES) {
			System.setProperty("spring.backgroundpreinitializer.ignore", "true");
		}
		// the build's AOT processor runs main too, and must see the ordinary context
		boolean processingAot = Boolean.getBoolean("spring.aot.processing");
		if (!processingAot && System.getProperty(AOT_ENABLED) == null && runsFromJar()
				&& ClassUtils.isPresent(AOT_INITIALIZER, ControlPlaneApplication.class.getClassLoader())) {
			System.setProperty(AOT_ENABLED, "true");
		}
		ConfigurableApplicationContext context = SpringApplication.run(ControlPlaneApplication.class, args);
		if (Boolean.getBoolean(ServerLayout.TRAINING)) {
			TrainingRun.finish(context);
		}
	}

	// A class of its own: verifying main must not load Spring's context interfaces from the
	// nested jars, which took the launcher ~0.3 s before it could start the server JVM.
	private static final class TrainingRun {

		// The build's training run: ready, and one answer each to the readiness probe and the
		// first page people open, so the archive holds what a start and a first visit load.
		static void finish(ConfigurableApplicationContext context) throws IOException {
			ServerLayout.visit(context.getEnvironment().getProperty("local.server.port"),
					"/actuator/health/readiness", "/login");
			System.exit(SpringApplication.exit(context));
		}

	}

	private static boolean runsFromJar() {
		CodeSource source = ControlPlaneApplication.class.getProtectionDomain().getCodeSource();
		URL location = (source != null) ? source.getLocation() : null;
		// a class directory is a file: URL ending in a slash; the jar (nested or extracted) is not
		return location != null && !("file".equals(location.getProtocol()) && location.getPath().endsWith("/"));
	}

}
