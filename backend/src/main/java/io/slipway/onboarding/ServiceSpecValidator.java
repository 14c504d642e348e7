package io.slipway.onboarding;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

import org.jspecify.annotations.Nullable;

import io.slipway.onboarding.ServiceSpec.EnvVar;
import io.slipway.onboarding.ServiceSpec.EnvironmentSpec;
import io.slipway.onboarding.ServiceSpec.Hpa;
import io.slipway.onboarding.ServiceSpec.Ports;
import io.slipway.onboarding.ServiceSpec.ResourceQuantities;
import io.slipway.onboarding.ServiceSpec.SecretEnvVar;
import io.slipway.onboarding.validation.ImageReference;
import io.slipway.onboarding.validation.KubernetesNames;
import io.slipway.onboarding.validation.KubernetesQuantity;
import io.slipway.onboarding.validation.SecretKind;
import io.slipway.onboarding.validation.SecretScanner;

/**
 * Decides whether a {@link ServiceSpec} may be onboarded: every rule of the onboarding contract,
 * checked before anything is rendered or written, so a refused spec leaves Git untouched. Callers
 * answer 400 with {@link #validate(ServiceSpec)}'s errors and 409 with
 * {@link #conflict(ServiceSpec, Set)}'s.
 * <p>
 * Each field gets at most one error (the first that applies), and a secret found in a field
 * replaces its other errors: that is the one the developer must act on. Messages never repeat a
 * refused value. The rules:
 * <ul>
 * <li>{@code name}: DNS-1035 label of at most 63 characters (it becomes the Service name), short
 * enough that {@code <name>-<env>}, the Argo CD Application, is one too;</li>
 * <li>{@code team}: DNS-1123 label; {@code component}: {@code backend}, {@code frontend} or
 * {@code worker}; {@code dependencies}: {@code postgres} or {@code redis}, each once;
 * {@code templatePack}: one of the configured packs; {@code language}, when given, one of
 * {@link ServiceSpec#LANGUAGES};</li>
 * <li>{@code image}: a repository reference without tag or digest (tags are per environment);
 * when trusted registries are configured, under one of them, since the image runs in
 * production;</li>
 * <li>{@code ports}: 1–65535, pairwise distinct, at least {@code http} or {@code grpc};</li>
 * <li>{@code healthPath}, {@code readyPath}: start with {@code /}, printable ASCII without
 * spaces;</li>
 * <li>{@code env} and {@code secretEnv} names: C identifiers, unique across both lists;
 * {@code secretEnv}: {@code secret} a DNS-1123 subdomain, {@code key} a Secret key;</li>
 * <li>{@code hpa}: {@code min} at least 1, {@code max} at least {@code min}, targets 1–100 %;</li>
 * <li>{@code ingressHost}: a DNS name (not an IP, not a wildcard), and an HTTP port to route
 * to;</li>
 * <li>{@code environments}: exactly the configured environments, every one of them (a service
 * missing from one could never be promoted through it); per environment {@code replicas} within
 * the HPA bounds (the HPA would override anything else at once), {@code imageTag} a valid tag and,
 * in production, not {@code latest} (nor {@code *-latest}), and CPU/memory quantities that parse,
 * are positive, have no sub-millicore CPU or fractional bytes, with requests not above
 * limits;</li>
 * <li>every text value is scanned by {@link SecretScanner}.</li>
 * </ul>
 * An environment counts as production when it is named {@code production} or is the last in the
 * promotion order.
 * <p>
 * Thread-safe and stateless once built.
 */
public final class ServiceSpecValidator {

	/** Components a service can be. */
	public static final List<String> COMPONENTS = List.of("backend", "frontend", "worker");

	/** Platform services a service can depend on. */
	public static final List<String> DEPENDENCIES = List.of("postgres", "redis");

	static final String COMPONENTS_TEXT = "backend, frontend or worker";

	static final String DEPENDENCIES_TEXT = "postgres or redis";

	private static final String PRODUCTION = "production";

	private static final int MAX_PORT = 65535;

	private static final int MAX_PATH = 1024;

	private static final Pattern HTTP_PATH = Pattern.compile("/[\\x21-\\x7E]*");

	private static final Pattern LATEST = Pattern.compile("(?i)(?:.*[-_.])?latest(?:[-_.].*)?");

	private final List<String> environmentOrder;

	private final Set<String> productionEnvironments;

	private final String productionNames;

	private final Set<String> templatePacks;

	private final List<String> trustedRegistries;

	/**
	 * @param environmentOrder configured environments in promotion order, at least one
	 * @param templatePacks names of the template packs that can render a service
	 * @param trustedRegistries registries or registry/path prefixes production images must come
	 * from ({@code ghcr.io}, {@code ghcr.io/acme}); empty to trust any
	 */
	public ServiceSpecValidator(List<String> environmentOrder, Set<String> templatePacks,
			List<String> trustedRegistries) {
		if (environmentOrder.isEmpty()) {
			throw new IllegalArgumentException("at least one environment is needed to validate service specs");
		}
		this.environmentOrder = List.copyOf(environmentOrder);
		Set<String> production = new LinkedHashSet<>();
		production.add(environmentOrder.get(environmentOrder.size() - 1));
		if (environmentOrder.contains(PRODUCTION)) {
			production.add(PRODUCTION);
		}
		this.productionEnvironments = Set.copyOf(production);
		this.productionNames = String.join(" and ", production);
		this.templatePacks = Set.copyOf(templatePacks);
		this.trustedRegistries = trustedRegistries.stream()
			.map(String::trim)
			.filter(prefix -> !prefix.isEmpty())
			.toList();
	}

	/**
	 * Checks every rule except uniqueness of the name.
	 * @param spec the spec as read by {@link ServiceSpecReader}
	 * @return what is wrong, in spec order; empty when the spec may be onboarded
	 */
	public List<FieldError> validate(ServiceSpec spec) {
		Check check = new Check();
		name(spec, check);
		if (check.clean("team", spec.team()) && !KubernetesNames.isDns1123Label(spec.team())) {
			check.error("team", "must be a DNS label: lower-case letters, digits and '-', at most 63 characters");
		}
		if (check.clean("component", spec.component()) && !COMPONENTS.contains(spec.component())) {
			check.error("component", "must be " + COMPONENTS_TEXT);
		}
		image(spec, check);
		ports(spec.ports(), check);
		path("healthPath", spec.healthPath(), check);
		path("readyPath", spec.readyPath(), check);
		variables(spec, check);
		dependencies(spec, check);
		hpa(spec.hpa(), check);
		ingressHost(spec, check);
		if (check.clean("templatePack", spec.templatePack()) && !this.templatePacks.contains(spec.templatePack())) {
			check.error("templatePack", "must be one of the template packs: " + sorted(this.templatePacks));
		}
		String language = spec.language();
		if (language != null && check.clean("language", language) && !ServiceSpec.LANGUAGES.contains(language)) {
			check.error("language", "must be one of " + String.join(", ", ServiceSpec.LANGUAGES)
					+ " (the Dockerfile proposals), or left out");
		}
		environments(spec, check);
		return check.errors();
	}

	/**
	 * The 409 case: the name is taken by a service in Git (on the main branch or in an open change
	 * request, as the caller knows).
	 * @param spec the spec to onboard
	 * @param existingServices names of the services that exist
	 * @return the {@code name} error when the name is taken
	 */
	public Optional<FieldError> conflict(ServiceSpec spec, Set<String> existingServices) {
		if (existingServices.contains(spec.name())) {
			return Optional.of(new FieldError("name", "service '" + spec.name() + "' already exists"));
		}
		return Optional.empty();
	}

	private void name(ServiceSpec spec, Check check) {
		String name = spec.name();
		if (!check.clean("name", name)) {
			return;
		}
		if (name.isEmpty()) {
			check.error("name", "is required");
		}
		else if (name.length() > KubernetesNames.MAX_LABEL) {
			check.error("name", "must be at most 63 characters");
		}
		else if (!KubernetesNames.isDns1035Label(name)) {
			check.error("name",
					"must be a DNS-1035 label: lower-case letters, digits and '-', "
							+ "starting with a letter and not ending with '-'");
		}
		else {
			int longestEnvironment = this.environmentOrder.stream().mapToInt(String::length).max().orElse(0);
			if (name.length() + 1 + longestEnvironment > KubernetesNames.MAX_LABEL) {
				check.error("name", "must be at most " + (KubernetesNames.MAX_LABEL - 1 - longestEnvironment)
						+ " characters so that the Argo CD application names <name>-<environment> fit in 63");
			}
		}
	}

	private void image(ServiceSpec spec, Check check) {
		if (!check.clean("image", spec.image())) {
			return;
		}
		Optional<ImageReference> parsed = ImageReference.parse(spec.image());
		if (parsed.isEmpty()) {
			check.error("image", "must be an image repository such as ghcr.io/acme/payments");
			return;
		}
		ImageReference image = parsed.get();
		if (image.tag() != null || image.digest() != null) {
			check.error("image",
					"must not carry a tag or digest: tags are set per environment in environments.<env>.imageTag");
			return;
		}
		if (!this.trustedRegistries.isEmpty() && this.trustedRegistries.stream().noneMatch(image::isUnder)) {
			check.error("image", "must come from a trusted registry to run in " + this.productionNames + " ("
					+ String.join(", ", this.trustedRegistries) + ")");
		}
	}

	private static void ports(Ports ports, Check check) {
		if (ports.http() == null && ports.grpc() == null) {
			check.error("ports", "needs an http or a grpc port for the probes");
		}
		Map<Integer, String> used = new HashMap<>();
		port("ports.http", ports.http(), used, check);
		port("ports.grpc", ports.grpc(), used, check);
		port("ports.metrics", ports.metrics(), used, check);
	}

	private static void port(String field, @Nullable Integer port, Map<Integer, String> used, Check check) {
		if (port == null) {
			return;
		}
		if (port < 1 || port > MAX_PORT) {
			check.error(field, "must be between 1 and 65535");
			return;
		}
		String other = used.putIfAbsent(port, field);
		if (other != null) {
			check.error(field, "must differ from " + other);
		}
	}

	private static void path(String field, String path, Check check) {
		if (check.clean(field, path)
				&& (path.length() > MAX_PATH || !HTTP_PATH.matcher(path).matches())) {
			check.error(field, "must start with '/' and hold only printable ASCII characters without spaces");
		}
	}

	private static void variables(ServiceSpec spec, Check check) {
		Map<String, String> defined = new HashMap<>();
		for (int i = 0; i < spec.env().size(); i++) {
			EnvVar variable = spec.env().get(i);
			String field = "env[" + i + "]";
			variableName(field + ".name", variable.name(), defined, check);
			Optional<SecretKind> secret = SecretScanner.findInVariable(variable.name(), variable.value());
			secret.ifPresent(kind -> check.error(field + ".value",
					"holds " + kind.description()
							+ "; reference a Kubernetes Secret through secretEnv instead (the value is not shown)"));
		}
		for (int i = 0; i < spec.secretEnv().size(); i++) {
			SecretEnvVar variable = spec.secretEnv().get(i);
			String field = "secretEnv[" + i + "]";
			variableName(field + ".name", variable.name(), defined, check);
			if (check.clean(field + ".secret", variable.secret())) {
				if (variable.secret().isEmpty()) {
					check.error(field + ".secret", "is required");
				}
				else if (!KubernetesNames.isDns1123Subdomain(variable.secret())) {
					check.error(field + ".secret",
							"must be a Secret name: lower-case letters, digits, '-' and '.', at most 253 characters");
				}
			}
			if (check.clean(field + ".key", variable.key())) {
				if (variable.key().isEmpty()) {
					check.error(field + ".key", "is required");
				}
				else if (!KubernetesNames.isConfigKey(variable.key())) {
					check.error(field + ".key", "must be a Secret key: letters, digits, '-', '_' and '.'");
				}
			}
		}
	}

	private static void variableName(String field, String name, Map<String, String> defined, Check check) {
		if (!check.clean(field, name)) {
			return;
		}
		if (name.isEmpty()) {
			check.error(field, "is required");
		}
		else if (!KubernetesNames.isCIdentifier(name)) {
			check.error(field, "must be a C identifier: letters, digits and '_', not starting with a digit");
		}
		else {
			String other = defined.putIfAbsent(name, field);
			if (other != null) {
				check.error(field, "defines the same variable as " + other);
			}
		}
	}

	private static void dependencies(ServiceSpec spec, Check check) {
		Map<String, String> seen = new HashMap<>();
		for (int i = 0; i < spec.dependencies().size(); i++) {
			String field = "dependencies[" + i + "]";
			String dependency = spec.dependencies().get(i);
			if (!check.clean(field, dependency)) {
				continue;
			}
			if (!DEPENDENCIES.contains(dependency)) {
				check.error(field, "must be " + DEPENDENCIES_TEXT);
			}
			else {
				String other = seen.putIfAbsent(dependency, field);
				if (other != null) {
					check.error(field, "repeats " + other);
				}
			}
		}
	}

	private static void hpa(Hpa hpa, Check check) {
		if (hpa.min() < 1) {
			check.error("hpa.min", "must be at least 1");
		}
		else if (hpa.max() < hpa.min()) {
			check.error("hpa.max", "must be at least hpa.min (" + hpa.min() + ")");
		}
		percentage("hpa.cpu", hpa.cpu(), check);
		if (hpa.memory() != null) {
			percentage("hpa.memory", hpa.memory(), check);
		}
	}

	private static void percentage(String field, int value, Check check) {
		if (value < 1 || value > 100) {
			check.error(field, "must be a percentage between 1 and 100");
		}
	}

	private static void ingressHost(ServiceSpec spec, Check check) {
		String host = spec.ingressHost();
		if (host == null || !check.clean("ingressHost", host)) {
			return;
		}
		if (!KubernetesNames.isHostName(host)) {
			check.error("ingressHost",
					"must be a DNS name such as payments.example.com: lower-case, no IP address, no wildcard");
		}
		else if (spec.ports().http() == null) {
			check.error("ingressHost", "needs ports.http to route to");
		}
	}

	private void environments(ServiceSpec spec, Check check) {
		for (String name : spec.environments().keySet()) {
			if (!this.environmentOrder.contains(name)) {
				// Keys are user input: keep the path short and secret-free whatever was sent.
				String key = SecretScanner.find(name).isPresent() ? "(redacted)"
						: (name.length() <= KubernetesNames.MAX_LABEL) ? name
								: name.substring(0, KubernetesNames.MAX_LABEL) + "…";
				check.error("environments." + key,
						"is not a configured environment; configured: " + String.join(", ", this.environmentOrder));
			}
		}
		for (String name : this.environmentOrder) {
			EnvironmentSpec environment = spec.environments().get(name);
			String field = "environments." + name;
			if (environment == null) {
				check.error(field, "is required: every environment in the promotion order ("
						+ String.join(", ", this.environmentOrder) + ") needs its settings");
				continue;
			}
			Hpa hpa = spec.hpa();
			if (environment.replicas() < hpa.min() || environment.replicas() > hpa.max()) {
				check.error(field + ".replicas", "must be between hpa.min (" + hpa.min() + ") and hpa.max (" + hpa.max()
						+ "): the autoscaler overrides any other count");
			}
			imageTag(field + ".imageTag", environment.imageTag(), this.productionEnvironments.contains(name), check);
			String resources = field + ".resources";
			ResourceQuantities requests = environment.resources().requests();
			ResourceQuantities limits = environment.resources().limits();
			Quantity requestedCpu = cpu(resources + ".requests.cpu", requests.cpu(), check);
			Quantity requestedMemory = memory(resources + ".requests.memory", requests.memory(), check);
			Quantity cpuLimit = cpu(resources + ".limits.cpu", limits.cpu(), check);
			Quantity memoryLimit = memory(resources + ".limits.memory", limits.memory(), check);
			notAbove(resources + ".requests.cpu", requestedCpu, cpuLimit, check);
			notAbove(resources + ".requests.memory", requestedMemory, memoryLimit, check);
		}
	}

	private static void imageTag(String field, String tag, boolean production, Check check) {
		if (!check.clean(field, tag)) {
			return;
		}
		if (tag.isEmpty()) {
			check.error(field, "is required");
		}
		else if (!ImageReference.isTag(tag)) {
			check.error(field,
					"must be an image tag: letters, digits, '_', '.' and '-', not starting with '.' or '-', "
							+ "at most 128 characters");
		}
		else if (production && LATEST.matcher(tag).matches()) {
			check.error(field, "must name a fixed release in production, not a moving 'latest' tag");
		}
	}

	private static @Nullable Quantity cpu(String field, String text, Check check) {
		Quantity quantity = quantity(field, text, check);
		if (quantity != null && !quantity.value().isWholeMillis()) {
			check.error(field, "must not be finer than 1m (a thousandth of a CPU)");
			return null;
		}
		return quantity;
	}

	private static @Nullable Quantity memory(String field, String text, Check check) {
		Quantity quantity = quantity(field, text, check);
		if (quantity != null && !quantity.value().isWhole()) {
			String hint = text.endsWith("m") ? "; 'm' means thousandths, did you mean Mi?" : "";
			check.error(field, "must be a whole number of bytes" + hint);
			return null;
		}
		return quantity;
	}

	private static @Nullable Quantity quantity(String field, String text, Check check) {
		if (!check.clean(field, text)) {
			return null;
		}
		if (text.isEmpty()) {
			check.error(field, "is required");
			return null;
		}
		Optional<KubernetesQuantity> parsed = KubernetesQuantity.parse(text);
		if (parsed.isEmpty()) {
			check.error(field, "must be a Kubernetes quantity such as 500m, 0.5, 128Mi or 1G");
			return null;
		}
		if (!parsed.get().isPositive()) {
			check.error(field, "must be greater than zero");
			return null;
		}
		return new Quantity(text, parsed.get());
	}

	private static void notAbove(String field, @Nullable Quantity request, @Nullable Quantity limit, Check check) {
		if (request != null && limit != null && request.value().compareTo(limit.value()) > 0) {
			check.error(field, "must not exceed the limit (" + limit.text() + ")");
		}
	}

	private static String sorted(Set<String> values) {
		return String.join(", ", values.stream().sorted().toList());
	}

	/** A quantity that passed its checks, with its text for messages (quantities are never secrets). */
	private record Quantity(String text, KubernetesQuantity value) {
	}

	/** Errors of one validation, at most one per field, in the order found. */
	private static final class Check {

		private final Map<String, String> errors = new LinkedHashMap<>();

		/** Scans a text value for secrets; false (with the error recorded) when one is found. */
		boolean clean(String field, String value) {
			Optional<SecretKind> secret = SecretScanner.find(value);
			secret.ifPresent(kind -> error(field,
					"holds " + kind.description() + "; secrets do not belong in the spec (the value is not shown)"));
			return secret.isEmpty();
		}

		void error(String field, String message) {
			this.errors.putIfAbsent(field, message);
		}

		List<FieldError> errors() {
			List<FieldError> list = new ArrayList<>();
			this.errors.forEach((field, message) -> list.add(new FieldError(field, message)));
			return list;
		}

	}

}
